import { graphql, type ResultOf, type VariablesOf } from "../../app/graphql";

/** Report schedules, "send now" and the runs with each contact point's outcome (§2.2.3, §6.3.1). */

export const SCHEDULES_QUERY = graphql(`
  query ReportSchedules {
    reportSchedules { id cron timeZone periodKind format nextRunAt lastRunAt unit { id code name nameEn } contactPoints { id name kind } }
    reportRuns(first: 20) { id period format ok createdAt scheduleId unit { id code name nameEn } results { ok error contactPoint { id name kind } } }
    contactPoints { id name kind }
  }
`);
export type Schedule = ResultOf<typeof SCHEDULES_QUERY>["reportSchedules"][number];
export type Run = ResultOf<typeof SCHEDULES_QUERY>["reportRuns"][number];

export const CREATE_SCHEDULE = graphql(`mutation CreateReportSchedule($input: CreateReportScheduleInput!) { createReportSchedule(input: $input) { id } }`);
export type CreateScheduleInput = VariablesOf<typeof CREATE_SCHEDULE>["input"];

export const DELETE_SCHEDULE = graphql(`mutation DeleteReportSchedule($id: ID!) { deleteReportSchedule(id: $id) { id } }`);

export const SEND_REPORT = graphql(`
  mutation SendUnitReport($input: SendUnitReportInput!) { sendUnitReport(input: $input) { id ok results { ok error contactPoint { id name } } } }
`);
