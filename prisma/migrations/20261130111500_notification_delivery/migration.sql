-- CreateEnum
CREATE TYPE "ContactPointKind" AS ENUM ('EMAIL', 'WEBHOOK', 'IN_APP');

-- CreateEnum
CREATE TYPE "WebhookFormat" AS ENUM ('GENERIC', 'SLACK', 'TEAMS', 'WECOM', 'DINGTALK', 'FEISHU');

-- CreateEnum
CREATE TYPE "MessageLanguage" AS ENUM ('ZH_HANT', 'EN');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "contact_point" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ContactPointKind" NOT NULL,
    "language" "MessageLanguage" NOT NULL DEFAULT 'ZH_HANT',
    "email_to" TEXT[],
    "webhook_url" TEXT,
    "webhook_format" "WebhookFormat",
    "webhook_secret" TEXT,
    "in_app_user_ids" TEXT[],
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contact_point_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_policy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "contact_point_id" TEXT NOT NULL,
    "levels" TEXT[],
    "sources" TEXT[],
    "process_ids" TEXT[],
    "unit_ids" TEXT[],
    "risk_categories" TEXT[],
    "group_by" TEXT[],
    "group_wait_seconds" INTEGER NOT NULL DEFAULT 0,
    "group_interval_seconds" INTEGER NOT NULL DEFAULT 300,
    "repeat_interval_seconds" INTEGER NOT NULL DEFAULT 14400,
    "position" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "notification_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_delivery" (
    "id" TEXT NOT NULL,
    "contact_point_id" TEXT NOT NULL,
    "policy_id" TEXT,
    "alert_id" TEXT,
    "alert_event_id" BIGINT,
    "group_key" TEXT NOT NULL DEFAULT '',
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMP(3),
    "give_up_at" TIMESTAMP(3) NOT NULL,
    "sent_at" TIMESTAMP(3),
    "dedupe_key" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT 'EVENT',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_attempt" (
    "id" TEXT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,

    CONSTRAINT "notification_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_delivery_dedupe_key_key" ON "notification_delivery"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_delivery_status_next_attempt_at_idx" ON "notification_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_delivery_alert_id_idx" ON "notification_delivery"("alert_id");

-- CreateIndex
CREATE INDEX "notification_attempt_delivery_id_idx" ON "notification_attempt"("delivery_id");

-- AddForeignKey
ALTER TABLE "notification_policy" ADD CONSTRAINT "notification_policy_contact_point_id_fkey" FOREIGN KEY ("contact_point_id") REFERENCES "contact_point"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_contact_point_id_fkey" FOREIGN KEY ("contact_point_id") REFERENCES "contact_point"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_delivery" ADD CONSTRAINT "notification_delivery_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "notification_policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_attempt" ADD CONSTRAINT "notification_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "notification_delivery"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

