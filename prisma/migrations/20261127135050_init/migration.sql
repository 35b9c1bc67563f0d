-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "OrgUnitKind" AS ENUM ('HEAD_OFFICE', 'DEPARTMENT', 'BRANCH');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('MANAGEMENT', 'DEPARTMENT_HEAD', 'PROCESS_OFFICE', 'EMPLOYEE', 'ANALYST', 'ADMIN');

-- CreateEnum
CREATE TYPE "Classification" AS ENUM ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'SECRET');

-- CreateEnum
CREATE TYPE "ApiTokenKind" AS ENUM ('DISPLAY', 'INGEST');

-- CreateEnum
CREATE TYPE "ProcessCategory" AS ENUM ('STRATEGY', 'MARKETING', 'FINANCE', 'HR', 'ADMINISTRATION');

-- CreateEnum
CREATE TYPE "ProcessStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "ChangeStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'REVIEWED', 'APPROVED', 'REJECTED', 'APPLIED');

-- CreateEnum
CREATE TYPE "IndicatorKind" AS ENUM ('SALES', 'FINANCIAL', 'EFFICIENCY', 'SATISFACTION', 'RISK');

-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'TARGET_BAND');

-- CreateEnum
CREATE TYPE "IndicatorStatus" AS ENUM ('OK', 'WARNING', 'CRITICAL', 'NO_DATA', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "RuleKind" AS ENUM ('THRESHOLD', 'NO_DATA', 'TREND');

-- CreateEnum
CREATE TYPE "AlertLevel" AS ENUM ('WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "Comparator" AS ENUM ('ABOVE', 'BELOW', 'OUTSIDE');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('FIRING', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "AlertEventType" AS ENUM ('FIRED', 'ESCALATED', 'DEESCALATED', 'ACKNOWLEDGED', 'ACK_EXPIRED', 'ASSIGNED', 'RESOLVED', 'REFIRED');

-- CreateEnum
CREATE TYPE "MonitoringMethod" AS ENUM ('PERIODIC_INSPECTION', 'SPOT_CHECK', 'DATA_ANALYSIS', 'ONSITE_OBSERVATION');

-- CreateEnum
CREATE TYPE "Cadence" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL', 'AD_HOC');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('OPEN', 'RECTIFYING', 'CLOSED');

-- CreateEnum
CREATE TYPE "EvaluationMethod" AS ENUM ('GOAL', 'KPI', 'MATURITY');

-- CreateEnum
CREATE TYPE "Grade" AS ENUM ('EXCELLENT', 'GOOD', 'PASS', 'FAIL');

-- CreateEnum
CREATE TYPE "ActionKind" AS ENUM ('RECTIFICATION', 'IMPROVEMENT');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE', 'VERIFIED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RiskCategory" AS ENUM ('MARKET', 'FINANCIAL', 'OPERATIONAL', 'LEGAL');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'EXTREME');

-- CreateEnum
CREATE TYPE "RiskStatus" AS ENUM ('OPEN', 'MONITORING', 'CLOSED');

-- CreateEnum
CREATE TYPE "ResponseStrategy" AS ENUM ('AVOID', 'REDUCE', 'TRANSFER', 'ACCEPT');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'APPROVED', 'RETIRED');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'CONTAINED', 'CLOSED');

-- CreateEnum
CREATE TYPE "FeedbackStatus" AS ENUM ('OPEN', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('IN_APP', 'EMAIL', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "org_unit" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "kind" "OrgUnitKind" NOT NULL,
    "is_process_office" BOOLEAN NOT NULL DEFAULT false,
    "parent_id" TEXT,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "org_unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "roles" "Role"[],
    "unit_id" TEXT NOT NULL,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMP(3),
    "disabled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ApiTokenKind" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "token_id" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "changes" JSONB NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "process" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "category" "ProcessCategory" NOT NULL,
    "goal" TEXT NOT NULL,
    "goal_en" TEXT NOT NULL,
    "owner_unit_id" TEXT NOT NULL,
    "major" BOOLEAN NOT NULL DEFAULT false,
    "common" BOOLEAN NOT NULL DEFAULT false,
    "classification" "Classification" NOT NULL DEFAULT 'INTERNAL',
    "status" "ProcessStatus" NOT NULL DEFAULT 'ACTIVE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "process_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "process_step" (
    "id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "responsible_unit_id" TEXT,
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "process_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "information_requirement" (
    "id" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "information_requirement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "process_change" (
    "id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "proposal" JSONB NOT NULL DEFAULT '{}',
    "status" "ChangeStatus" NOT NULL DEFAULT 'DRAFT',
    "proposed_by_id" TEXT NOT NULL,
    "reviewed_by_id" TEXT,
    "reviewed_at" TIMESTAMP(3),
    "approved_by_id" TEXT,
    "approved_at" TIMESTAMP(3),
    "review_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "process_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indicator" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL DEFAULT '',
    "process_id" TEXT NOT NULL,
    "step_id" TEXT,
    "kind" "IndicatorKind" NOT NULL,
    "unit" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "target" DOUBLE PRECISION,
    "target_low" DOUBLE PRECISION,
    "target_high" DOUBLE PRECISION,
    "expected_interval_minutes" INTEGER,
    "status" "IndicatorStatus" NOT NULL DEFAULT 'UNKNOWN',
    "last_value" DOUBLE PRECISION,
    "last_observed_at" TIMESTAMP(3),
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reading" (
    "id" BIGSERIAL NOT NULL,
    "indicator_id" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "observed_at" TIMESTAMP(3) NOT NULL,
    "key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "threshold_rule" (
    "id" TEXT NOT NULL,
    "indicator_id" TEXT NOT NULL,
    "kind" "RuleKind" NOT NULL,
    "level" "AlertLevel" NOT NULL,
    "comparator" "Comparator",
    "value" DOUBLE PRECISION,
    "upper_value" DOUBLE PRECISION,
    "clear_value" DOUBLE PRECISION,
    "clear_upper_value" DOUBLE PRECISION,
    "consecutive" INTEGER NOT NULL DEFAULT 1,
    "pending_minutes" INTEGER NOT NULL DEFAULT 0,
    "keep_firing_minutes" INTEGER NOT NULL DEFAULT 0,
    "no_data_factor" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "trend_window" INTEGER,
    "trend_horizon_minutes" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "archived_at" TIMESTAMP(3),
    "breach_count" INTEGER NOT NULL DEFAULT 0,
    "breach_since" TIMESTAMP(3),
    "clear_since" TIMESTAMP(3),
    "last_evaluated_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "threshold_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "open_rule_id" TEXT,
    "indicator_id" TEXT NOT NULL,
    "level" "AlertLevel" NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'FIRING',
    "value" DOUBLE PRECISION,
    "message" TEXT NOT NULL DEFAULT '',
    "predicted_at" TIMESTAMP(3),
    "silenced" BOOLEAN NOT NULL DEFAULT false,
    "started_at" TIMESTAMP(3) NOT NULL,
    "last_fired_at" TIMESTAMP(3) NOT NULL,
    "acknowledged_at" TIMESTAMP(3),
    "acknowledged_by_id" TEXT,
    "ack_note" TEXT,
    "ack_expires_at" TIMESTAMP(3),
    "assignee_id" TEXT,
    "resolved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" TEXT NOT NULL,
    "type" "AlertEventType" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" "AlertLevel" NOT NULL,
    "state" "AlertState" NOT NULL,
    "value" DOUBLE PRECISION,
    "actor_id" TEXT,
    "note" TEXT,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silence" (
    "id" TEXT NOT NULL,
    "indicator_id" TEXT,
    "process_id" TEXT,
    "starts_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "silence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring_plan" (
    "id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "method" "MonitoringMethod" NOT NULL,
    "cadence" "Cadence" NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "next_due_at" TIMESTAMP(3),
    "last_done_at" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "monitoring_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inspection" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT,
    "process_id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "method" "MonitoringMethod" NOT NULL,
    "inspector_id" TEXT NOT NULL,
    "performed_at" TIMESTAMP(3) NOT NULL,
    "observations" TEXT NOT NULL DEFAULT '',
    "summary" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finding" (
    "id" TEXT NOT NULL,
    "inspection_id" TEXT NOT NULL,
    "step_id" TEXT,
    "severity" "Severity" NOT NULL,
    "description" TEXT NOT NULL,
    "status" "FindingStatus" NOT NULL DEFAULT 'OPEN',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "evaluation" (
    "id" TEXT NOT NULL,
    "process_id" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "period_end" TIMESTAMP(3) NOT NULL,
    "method" "EvaluationMethod" NOT NULL,
    "attainment_score" DOUBLE PRECISION NOT NULL,
    "compliance_score" DOUBLE PRECISION NOT NULL,
    "efficiency_score" DOUBLE PRECISION NOT NULL,
    "effectiveness_score" DOUBLE PRECISION NOT NULL,
    "weights" JSONB NOT NULL,
    "total_score" DOUBLE PRECISION NOT NULL,
    "grade" "Grade" NOT NULL,
    "maturity_level" INTEGER,
    "cause_analysis" TEXT,
    "evaluator_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "action" (
    "id" TEXT NOT NULL,
    "kind" "ActionKind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "evaluation_id" TEXT,
    "finding_id" TEXT,
    "review_id" TEXT,
    "owner_unit_id" TEXT NOT NULL,
    "owner_id" TEXT,
    "deadline" TIMESTAMP(3),
    "progress" INTEGER NOT NULL DEFAULT 0,
    "status" "ActionStatus" NOT NULL DEFAULT 'OPEN',
    "completed_at" TIMESTAMP(3),
    "verified_by_id" TEXT,
    "verified_at" TIMESTAMP(3),
    "verification_note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" "RiskCategory" NOT NULL,
    "status" "RiskStatus" NOT NULL DEFAULT 'OPEN',
    "classification" "Classification" NOT NULL DEFAULT 'INTERNAL',
    "owner_unit_id" TEXT NOT NULL,
    "owner_id" TEXT,
    "current_score" INTEGER,
    "current_level" "RiskLevel",
    "archived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "risk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_assessment" (
    "id" TEXT NOT NULL,
    "risk_id" TEXT NOT NULL,
    "likelihood" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "score" INTEGER NOT NULL,
    "level" "RiskLevel" NOT NULL,
    "expected_loss" DOUBLE PRECISION,
    "rationale" TEXT NOT NULL DEFAULT '',
    "assessed_by_id" TEXT NOT NULL,
    "assessed_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "risk_assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_response" (
    "id" TEXT NOT NULL,
    "risk_id" TEXT NOT NULL,
    "strategy" "ResponseStrategy" NOT NULL,
    "measures" TEXT NOT NULL,
    "owner_unit_id" TEXT NOT NULL,
    "due_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "risk_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contingency_plan" (
    "id" TEXT NOT NULL,
    "risk_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "measures" TEXT NOT NULL,
    "responsibilities" TEXT NOT NULL,
    "status" "PlanStatus" NOT NULL DEFAULT 'DRAFT',
    "approved_by_id" TEXT,
    "approved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "contingency_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_incident" (
    "id" TEXT NOT NULL,
    "risk_id" TEXT NOT NULL,
    "plan_id" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),
    "loss" DOUBLE PRECISION,
    "timeline" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "risk_incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post_incident_review" (
    "id" TEXT NOT NULL,
    "incident_id" TEXT NOT NULL,
    "effectiveness" INTEGER NOT NULL,
    "lessons" TEXT NOT NULL,
    "reviewed_by_id" TEXT NOT NULL,
    "reviewed_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "post_incident_review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "information_record" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "classification" "Classification" NOT NULL DEFAULT 'INTERNAL',
    "format" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "process_id" TEXT,
    "step_id" TEXT,
    "owner_unit_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "information_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "process_id" TEXT,
    "step_id" TEXT,
    "recipient_unit_id" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "status" "FeedbackStatus" NOT NULL DEFAULT 'OPEN',
    "answer" TEXT,
    "answered_by_id" TEXT,
    "answered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" TEXT NOT NULL,
    "user_id" TEXT,
    "unit_id" TEXT,
    "alert_id" TEXT,
    "channel" "Channel" NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "read_at" TIMESTAMP(3),
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_route" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit_id" TEXT,
    "process_id" TEXT,
    "min_level" "AlertLevel" NOT NULL DEFAULT 'WARNING',
    "channel" "Channel" NOT NULL,
    "target" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_route_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "_TokenIndicators" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_TokenIndicators_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_RiskProcesses" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_RiskProcesses_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_RiskSteps" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_RiskSteps_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_KeyRiskIndicators" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_KeyRiskIndicators_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateTable
CREATE TABLE "_RecordSharing" (
    "A" TEXT NOT NULL,
    "B" TEXT NOT NULL,

    CONSTRAINT "_RecordSharing_AB_pkey" PRIMARY KEY ("A","B")
);

-- CreateIndex
CREATE UNIQUE INDEX "org_unit_code_key" ON "org_unit"("code");

-- CreateIndex
CREATE INDEX "org_unit_parent_id_idx" ON "org_unit"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "app_user_unit_id_idx" ON "app_user"("unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "session_token_hash_key" ON "session"("token_hash");

-- CreateIndex
CREATE INDEX "session_user_id_idx" ON "session"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE UNIQUE INDEX "process_code_key" ON "process"("code");

-- CreateIndex
CREATE INDEX "process_category_idx" ON "process"("category");

-- CreateIndex
CREATE INDEX "process_owner_unit_id_idx" ON "process"("owner_unit_id");

-- CreateIndex
CREATE INDEX "process_step_process_id_position_idx" ON "process_step"("process_id", "position");

-- CreateIndex
CREATE INDEX "information_requirement_step_id_idx" ON "information_requirement"("step_id");

-- CreateIndex
CREATE INDEX "process_change_process_id_status_idx" ON "process_change"("process_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "indicator_code_key" ON "indicator"("code");

-- CreateIndex
CREATE INDEX "indicator_process_id_idx" ON "indicator"("process_id");

-- CreateIndex
CREATE INDEX "indicator_step_id_idx" ON "indicator"("step_id");

-- CreateIndex
CREATE INDEX "reading_indicator_id_observed_at_idx" ON "reading"("indicator_id", "observed_at");

-- CreateIndex
CREATE UNIQUE INDEX "reading_indicator_id_key_key" ON "reading"("indicator_id", "key");

-- CreateIndex
CREATE INDEX "threshold_rule_indicator_id_idx" ON "threshold_rule"("indicator_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_open_rule_id_key" ON "alert"("open_rule_id");

-- CreateIndex
CREATE INDEX "alert_rule_id_state_idx" ON "alert"("rule_id", "state");

-- CreateIndex
CREATE INDEX "alert_indicator_id_state_idx" ON "alert"("indicator_id", "state");

-- CreateIndex
CREATE INDEX "alert_state_started_at_idx" ON "alert"("state", "started_at");

-- CreateIndex
CREATE INDEX "alert_event_alert_id_idx" ON "alert_event"("alert_id");

-- CreateIndex
CREATE INDEX "silence_ends_at_idx" ON "silence"("ends_at");

-- CreateIndex
CREATE INDEX "monitoring_plan_process_id_idx" ON "monitoring_plan"("process_id");

-- CreateIndex
CREATE INDEX "monitoring_plan_next_due_at_idx" ON "monitoring_plan"("next_due_at");

-- CreateIndex
CREATE INDEX "inspection_process_id_performed_at_idx" ON "inspection"("process_id", "performed_at");

-- CreateIndex
CREATE INDEX "finding_inspection_id_idx" ON "finding"("inspection_id");

-- CreateIndex
CREATE UNIQUE INDEX "evaluation_process_id_period_key" ON "evaluation"("process_id", "period");

-- CreateIndex
CREATE INDEX "action_status_deadline_idx" ON "action"("status", "deadline");

-- CreateIndex
CREATE INDEX "action_owner_unit_id_idx" ON "action"("owner_unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "risk_code_key" ON "risk"("code");

-- CreateIndex
CREATE INDEX "risk_category_idx" ON "risk"("category");

-- CreateIndex
CREATE INDEX "risk_owner_unit_id_idx" ON "risk"("owner_unit_id");

-- CreateIndex
CREATE INDEX "risk_current_level_idx" ON "risk"("current_level");

-- CreateIndex
CREATE INDEX "risk_assessment_risk_id_assessed_at_idx" ON "risk_assessment"("risk_id", "assessed_at");

-- CreateIndex
CREATE INDEX "risk_response_risk_id_idx" ON "risk_response"("risk_id");

-- CreateIndex
CREATE INDEX "contingency_plan_risk_id_idx" ON "contingency_plan"("risk_id");

-- CreateIndex
CREATE INDEX "risk_incident_risk_id_idx" ON "risk_incident"("risk_id");

-- CreateIndex
CREATE UNIQUE INDEX "post_incident_review_incident_id_key" ON "post_incident_review"("incident_id");

-- CreateIndex
CREATE INDEX "information_record_classification_idx" ON "information_record"("classification");

-- CreateIndex
CREATE INDEX "information_record_process_id_idx" ON "information_record"("process_id");

-- CreateIndex
CREATE INDEX "feedback_recipient_unit_id_status_idx" ON "feedback"("recipient_unit_id", "status");

-- CreateIndex
CREATE INDEX "notification_user_id_read_at_idx" ON "notification"("user_id", "read_at");

-- CreateIndex
CREATE INDEX "notification_unit_id_idx" ON "notification"("unit_id");

-- CreateIndex
CREATE INDEX "_TokenIndicators_B_index" ON "_TokenIndicators"("B");

-- CreateIndex
CREATE INDEX "_RiskProcesses_B_index" ON "_RiskProcesses"("B");

-- CreateIndex
CREATE INDEX "_RiskSteps_B_index" ON "_RiskSteps"("B");

-- CreateIndex
CREATE INDEX "_KeyRiskIndicators_B_index" ON "_KeyRiskIndicators"("B");

-- CreateIndex
CREATE INDEX "_RecordSharing_B_index" ON "_RecordSharing"("B");

-- AddForeignKey
ALTER TABLE "org_unit" ADD CONSTRAINT "org_unit_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process" ADD CONSTRAINT "process_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_step" ADD CONSTRAINT "process_step_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_step" ADD CONSTRAINT "process_step_responsible_unit_id_fkey" FOREIGN KEY ("responsible_unit_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "information_requirement" ADD CONSTRAINT "information_requirement_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "process_step"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_change" ADD CONSTRAINT "process_change_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_change" ADD CONSTRAINT "process_change_proposed_by_id_fkey" FOREIGN KEY ("proposed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_change" ADD CONSTRAINT "process_change_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_change" ADD CONSTRAINT "process_change_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "process_change" ADD CONSTRAINT "process_change_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "post_incident_review"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "indicator" ADD CONSTRAINT "indicator_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "process_step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reading" ADD CONSTRAINT "reading_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "threshold_rule" ADD CONSTRAINT "threshold_rule_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "threshold_rule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence" ADD CONSTRAINT "silence_indicator_id_fkey" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence" ADD CONSTRAINT "silence_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "silence" ADD CONSTRAINT "silence_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_plan" ADD CONSTRAINT "monitoring_plan_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_plan" ADD CONSTRAINT "monitoring_plan_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "monitoring_plan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inspection" ADD CONSTRAINT "inspection_inspector_id_fkey" FOREIGN KEY ("inspector_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_inspection_id_fkey" FOREIGN KEY ("inspection_id") REFERENCES "inspection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding" ADD CONSTRAINT "finding_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "process_step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_evaluator_id_fkey" FOREIGN KEY ("evaluator_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_evaluation_id_fkey" FOREIGN KEY ("evaluation_id") REFERENCES "evaluation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "finding"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_review_id_fkey" FOREIGN KEY ("review_id") REFERENCES "post_incident_review"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "action" ADD CONSTRAINT "action_verified_by_id_fkey" FOREIGN KEY ("verified_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk" ADD CONSTRAINT "risk_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk" ADD CONSTRAINT "risk_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_risk_id_fkey" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_assessment" ADD CONSTRAINT "risk_assessment_assessed_by_id_fkey" FOREIGN KEY ("assessed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_response" ADD CONSTRAINT "risk_response_risk_id_fkey" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_response" ADD CONSTRAINT "risk_response_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contingency_plan" ADD CONSTRAINT "contingency_plan_risk_id_fkey" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contingency_plan" ADD CONSTRAINT "contingency_plan_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_incident" ADD CONSTRAINT "risk_incident_risk_id_fkey" FOREIGN KEY ("risk_id") REFERENCES "risk"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "risk_incident" ADD CONSTRAINT "risk_incident_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "contingency_plan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_incident_review" ADD CONSTRAINT "post_incident_review_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "risk_incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "post_incident_review" ADD CONSTRAINT "post_incident_review_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "information_record" ADD CONSTRAINT "information_record_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "information_record" ADD CONSTRAINT "information_record_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "process_step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "information_record" ADD CONSTRAINT "information_record_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "information_record" ADD CONSTRAINT "information_record_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "process_step"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_recipient_unit_id_fkey" FOREIGN KEY ("recipient_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_answered_by_id_fkey" FOREIGN KEY ("answered_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_route" ADD CONSTRAINT "notification_route_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "org_unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_route" ADD CONSTRAINT "notification_route_process_id_fkey" FOREIGN KEY ("process_id") REFERENCES "process"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_TokenIndicators" ADD CONSTRAINT "_TokenIndicators_A_fkey" FOREIGN KEY ("A") REFERENCES "api_token"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_TokenIndicators" ADD CONSTRAINT "_TokenIndicators_B_fkey" FOREIGN KEY ("B") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RiskProcesses" ADD CONSTRAINT "_RiskProcesses_A_fkey" FOREIGN KEY ("A") REFERENCES "process"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RiskProcesses" ADD CONSTRAINT "_RiskProcesses_B_fkey" FOREIGN KEY ("B") REFERENCES "risk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RiskSteps" ADD CONSTRAINT "_RiskSteps_A_fkey" FOREIGN KEY ("A") REFERENCES "process_step"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RiskSteps" ADD CONSTRAINT "_RiskSteps_B_fkey" FOREIGN KEY ("B") REFERENCES "risk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_KeyRiskIndicators" ADD CONSTRAINT "_KeyRiskIndicators_A_fkey" FOREIGN KEY ("A") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_KeyRiskIndicators" ADD CONSTRAINT "_KeyRiskIndicators_B_fkey" FOREIGN KEY ("B") REFERENCES "risk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RecordSharing" ADD CONSTRAINT "_RecordSharing_A_fkey" FOREIGN KEY ("A") REFERENCES "information_record"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "_RecordSharing" ADD CONSTRAINT "_RecordSharing_B_fkey" FOREIGN KEY ("B") REFERENCES "org_unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

