import type { Plugin } from "graphql-yoga";
import { viewerScopes } from "../builder.js";
import type { Context } from "../context.js";
import { directResponse } from "./direct.js";

/**
 * Issue 13 item 7: a query whose every root field is planned is answered by the planner's one
 * statement, whose JSON text is the response body (plan/direct.ts `directResponse`); any other
 * operation executes as before. It replaces only the execute function, after every plugin's
 * `onExecute` has run (registered last in app.ts): the rate limit has counted the operation, the
 * input guard has checked its variables, the cost memo has checked its cost, the introspection
 * rule has had its say; execution's own checks (root authScopes, the type-level read rules) are
 * what the statement states exactly, or it declines. Yoga writes `result.stringify()` as the body
 * (its `jsonStringifyResultWithoutInternals`); a reader of `result.data` (a WebSocket client, a
 * plugin) gets the same answer parsed.
 */
export function plannedResponses(): Plugin<Context> {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        // A failing statement (the database down) is execution's to report, in its own shape.
        const direct = await directResponse(args, () => viewerScopes(args.contextValue as Context)).catch(() => null);
        return direct ?? executeFn(args);
      });
    },
  };
}
