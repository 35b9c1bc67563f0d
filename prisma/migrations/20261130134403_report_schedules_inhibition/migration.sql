-- CreateEnum
CREATE TYPE "ReportFormat" AS ENUM ('PDF', 'CSV');

-- CreateEnum
CREATE TYPE "ReportPeriodKind" AS ENUM ('MONTH', 'QUARTER', 'YEAR');

-- AlterTable
ALTER TABLE "alert_event" ADD COLUMN     "inhibited_by_id" TEXT;

-- CreateTable
CREATE TABLE "report_schedule" (
    "id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'Asia/Taipei',
    "period_kind" "ReportPeriodKind" NOT NULL DEFAULT 'MONTH',
    "format" "ReportFormat" NOT NULL DEFAULT 'PDF',
    "contact_point_ids" TEXT[],
    "created_by_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" TIMESTAMP(3) NOT NULL,
    "last_run_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "report_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_run" (
    "id" TEXT NOT NULL,
    "schedule_id" TEXT,
    "unit_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "format" "ReportFormat" NOT NULL,
    "due_at" TIMESTAMP(3) NOT NULL,
    "requested_by_id" TEXT,
    "results" JSONB NOT NULL DEFAULT '[]',
    "ok" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "report_schedule_enabled_next_run_at_idx" ON "report_schedule"("enabled", "next_run_at");

-- CreateIndex
CREATE INDEX "report_run_unit_id_created_at_idx" ON "report_run"("unit_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_run_schedule_id_due_at_key" ON "report_run"("schedule_id", "due_at");

-- AddForeignKey
ALTER TABLE "report_run" ADD CONSTRAINT "report_run_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "report_schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

