-- CreateEnum
CREATE TYPE "ResponseStatus" AS ENUM ('PLANNED', 'IN_PROGRESS', 'DONE', 'CLOSED');

-- CreateEnum
CREATE TYPE "IncidentEntryKind" AS ENUM ('OPENED', 'NOTE', 'TASK_DONE', 'STATUS', 'LOSS', 'REVIEW');

-- AlterEnum
ALTER TYPE "PlanStatus" ADD VALUE 'SUBMITTED';

-- AlterTable
ALTER TABLE "alert" ADD COLUMN     "incident_id" TEXT;

-- AlterTable
ALTER TABLE "risk" ADD COLUMN     "next_review_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "risk_assessment" ADD COLUMN     "reason_alert_id" TEXT;

-- AlterTable
ALTER TABLE "risk_response" ADD COLUMN     "acceptance_approved_at" TIMESTAMP(3),
ADD COLUMN     "acceptance_approved_by_id" TEXT,
ADD COLUMN     "acceptance_expires_at" TIMESTAMP(3),
ADD COLUMN     "closed_at" TIMESTAMP(3),
ADD COLUMN     "owner_id" TEXT,
ADD COLUMN     "status" "ResponseStatus" NOT NULL DEFAULT 'PLANNED';

-- AlterTable
ALTER TABLE "contingency_plan" ADD COLUMN     "activation_criteria" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "retired_at" TIMESTAMP(3),
ADD COLUMN     "submitted_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "risk_incident" ADD COLUMN     "contained_at" TIMESTAMP(3),
ADD COLUMN     "loss_currency" TEXT NOT NULL DEFAULT 'TWD';

-- AlterTable
ALTER TABLE "notification" ADD COLUMN     "incident_id" TEXT;

-- CreateTable
CREATE TABLE "contingency_plan_step" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "unit_id" TEXT,
    "role" "Role",

    CONSTRAINT "contingency_plan_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_task" (
    "id" TEXT NOT NULL,
    "incident_id" TEXT NOT NULL,
    "step_id" TEXT,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "unit_id" TEXT,
    "role" "Role",
    "done_at" TIMESTAMP(3),
    "done_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_timeline_entry" (
    "id" TEXT NOT NULL,
    "incident_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "author_id" TEXT,
    "kind" "IncidentEntryKind" NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "incident_timeline_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "contingency_plan_step_plan_id_position_key" ON "contingency_plan_step"("plan_id", "position");

-- CreateIndex
CREATE INDEX "incident_task_incident_id_position_idx" ON "incident_task"("incident_id", "position");

-- CreateIndex
CREATE INDEX "incident_timeline_entry_incident_id_at_idx" ON "incident_timeline_entry"("incident_id", "at");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "risk_incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_reason_alert_id_fkey" FOREIGN KEY ("reason_alert_id") REFERENCES "alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_response" ADD CONSTRAINT "risk_response_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_response" ADD CONSTRAINT "risk_response_acceptance_approved_by_id_fkey" FOREIGN KEY ("acceptance_approved_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contingency_plan_step" ADD CONSTRAINT "contingency_plan_step_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "contingency_plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contingency_plan_step" ADD CONSTRAINT "contingency_plan_step_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_task" ADD CONSTRAINT "incident_task_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "risk_incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_task" ADD CONSTRAINT "incident_task_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "contingency_plan_step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_task" ADD CONSTRAINT "incident_task_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_task" ADD CONSTRAINT "incident_task_done_by_id_fkey" FOREIGN KEY ("done_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_timeline_entry" ADD CONSTRAINT "incident_timeline_entry_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "risk_incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_timeline_entry" ADD CONSTRAINT "incident_timeline_entry_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "risk_incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

