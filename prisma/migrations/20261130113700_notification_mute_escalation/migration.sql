-- AlterTable
ALTER TABLE "notification_policy" ADD COLUMN     "mute_timings" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "escalation_policy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "ProcessCategory",
    "steps" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "escalation_policy_pkey" PRIMARY KEY ("id")
);
