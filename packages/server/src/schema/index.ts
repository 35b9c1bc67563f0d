import { GraphQLLiveDirective } from "@n1ru4l/graphql-live-query";
import { GraphQLSchema } from "graphql";
import { builder } from "../builder.js";
import "../modules/common/schema.js";
import "../modules/org/schema.js";
import "../modules/access/schema.js";
import "../modules/process/schema.js";
import "../modules/indicator/schema.js";
import "../modules/indicator/series-schema.js";
import "../modules/alerting/ingest-schema.js";
import "../modules/alerting/actions-schema.js";
import "../modules/alerting/subscriptions.js";
import "../modules/alerting/alert-subject-schema.js";
import "../modules/alerting/preview-schema.js";
import "../modules/alerting/stats-schema.js";
import "../modules/risk/schema.js";
import "../modules/risk/risk-mutations.js";
import "../modules/risk/responses-schema.js";
import "../modules/risk/plans-schema.js";
import "../modules/risk/incidents-schema.js";
import "../modules/risk/kri-schema.js";
import "../modules/evaluation/schema.js";
import "../modules/evaluation/mutations.js";
import "../modules/evaluation/action-schema.js";
import "../modules/inspection/schema.js";
import "../modules/information/inbox-schema.js";
import "../modules/information/schema.js";
import "../modules/information/feedback-schema.js";
import "../modules/audit/schema.js";
import "../modules/people/schema.js";
import "../modules/notification/schema.js";
import "../modules/notification/schema-escalation.js";

const built = builder.toSchema();

/** The whole API, built once from the modules, with `@live` (issue 14 item 5, app/live-queries.ts). */
export const schema = new GraphQLSchema({ ...built.toConfig(), directives: [...built.getDirectives(), GraphQLLiveDirective] });
