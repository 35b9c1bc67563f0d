-- CreateEnum
CREATE TYPE "AlertSource" AS ENUM ('THRESHOLD_RULE', 'MONITORING_PLAN_OVERDUE', 'ACTION_OVERDUE', 'RISK_WITHOUT_PLAN', 'RISK_REVIEW_OVERDUE');

-- CreateEnum
CREATE TYPE "EvaluationStatus" AS ENUM ('DRAFT', 'FINAL', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "ActionUpdateKind" AS ENUM ('CREATED', 'PROGRESS', 'COMPLETED', 'VERIFIED', 'REOPENED');

-- AlterEnum
ALTER TYPE "Cadence" ADD VALUE 'SEMI_ANNUAL';

-- DropForeignKey
ALTER TABLE "alert" DROP CONSTRAINT "alert_rule_id_fkey";

-- DropForeignKey
ALTER TABLE "alert" DROP CONSTRAINT "alert_indicator_id_fkey";

-- DropIndex
DROP INDEX "evaluation_process_id_period_key";

-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "action_id" TEXT,
ADD COLUMN     "open_subject_key" TEXT,
ADD COLUMN     "plan_id" TEXT,
ADD COLUMN     "process_id" TEXT,
ADD COLUMN     "risk_id" TEXT,
ADD COLUMN     "source" "AlertSource" NOT NULL DEFAULT 'THRESHOLD_RULE',
ALTER COLUMN "rule_id" DROP NOT NULL,
ALTER COLUMN "indicator_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "finding" ADD COLUMN     "evidence" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "evaluation" ADD COLUMN     "config_id" TEXT,
ADD COLUMN     "criteria" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "cutoffs" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "finalized_at" TIMESTAMP(3),
ADD COLUMN     "finalized_by_id" TEXT,
ADD COLUMN     "status" "EvaluationStatus" NOT NULL DEFAULT 'FINAL',
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "action" ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "indicator_id" TEXT,
ADD COLUMN     "process_id" TEXT;

-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "action_id" TEXT,
ADD COLUMN     "evaluation_id" TEXT;

-- CreateTable
CREATE TABLE "evaluation_config" (
    "id" TEXT NOT NULL,
    "category" "ProcessCategory",
    "weights" JSONB NOT NULL,
    "cutoffs" JSONB NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluation_config_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action_update" (
    "id" TEXT NOT NULL,
    "action_id" TEXT NOT NULL,
    "kind" "ActionUpdateKind" NOT NULL,
    "progress" INTEGER NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "evidence" TEXT NOT NULL DEFAULT '',
    "author_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "action_update_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evaluation_config_category_created_at_idx" ON "evaluation_config"("category", "created_at");

-- CreateIndex
CREATE INDEX "action_update_action_id_created_at_idx" ON "action_update"("action_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_open_subject_key_key" ON "alert"("open_subject_key");

-- CreateIndex
CREATE INDEX "alert_source_state_idx" ON "alert"("source", "state");

-- CreateIndex
CREATE INDEX "evaluation_process_id_period_status_idx" ON "evaluation"("process_id", "period", "status");

-- CreateIndex
CREATE INDEX "action_process_id_idx" ON "action"("process_id");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "threshold_rule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "monitoring_plan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_risk_id_fkey" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_config_id_fkey" FOREIGN KEY ("config_id") REFERENCES "evaluation_config"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_finalized_by_id_fkey" FOREIGN KEY ("finalized_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation_config" ADD CONSTRAINT "evaluation_config_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_update" ADD CONSTRAINT "action_update_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action_update" ADD CONSTRAINT "action_update_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_evaluation_id_fkey" FOREIGN KEY ("evaluation_id") REFERENCES "evaluation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "action"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- §4.3: one DRAFT and one FINAL evaluation per process and period (a recomputation supersedes
-- the draft; a final is never rewritten). Partial indexes, which the Prisma schema cannot state.
CREATE UNIQUE INDEX "evaluation_one_draft_per_period" ON "evaluation"("process_id", "period") WHERE "status" = 'DRAFT';
CREATE UNIQUE INDEX "evaluation_one_final_per_period" ON "evaluation"("process_id", "period") WHERE "status" = 'FINAL';

-- A rule's alert has a rule and an indicator; a condition's alert has neither, and a subject.
ALTER TABLE "alert" ADD CONSTRAINT "alert_source_shape" CHECK (
  ("source" = 'THRESHOLD_RULE' AND "rule_id" IS NOT NULL AND "indicator_id" IS NOT NULL)
  OR ("source" <> 'THRESHOLD_RULE' AND "rule_id" IS NULL
      AND ("process_id" IS NOT NULL OR "action_id" IS NOT NULL OR "risk_id" IS NOT NULL))
);

-- Existing actions take the process of their evaluation or finding.
UPDATE "action" a SET "process_id" = e."process_id" FROM "evaluation" e WHERE a."evaluation_id" = e."id" AND a."process_id" IS NULL;
UPDATE "action" a SET "process_id" = i."process_id" FROM "finding" f JOIN "inspection" i ON i."id" = f."inspection_id"
  WHERE a."finding_id" = f."id" AND a."process_id" IS NULL;
