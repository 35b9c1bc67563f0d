import { type DocumentNode, GraphQLError, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validationCache } from "../../src/app/validation-cache.js";
import { schema } from "../../src/schema/index.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * §6.4 (validation and the abuse limits run on every operation) with issue 13's validation cache:
 * a document's validation result is reused only under the same rules. Pinned: a cache that turned
 * a refused document into an accepted one the second time (graphql-armor adds a new closure of its
 * depth rule on every request), or that reused a result under a different rule, fails here.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
});
afterAll(() => t?.close());

describe("§6.4 validation results kept per document", () => {
  it("refuses the same over-deep query and the same unknown field every time, and answers a valid one alike", async () => {
    const token = await t.login("analyst@example.com");
    let inner = "id";
    for (let i = 0; i < 25; i++) inner = `process { owner { processes(first: 1) { edges { node { ${inner} } } } } }`;
    const deep = `{ indicators(first: 1) { edges { node { ${inner} } } } }`;
    for (let i = 0; i < 3; i++) {
      const r = await t.gql(deep, {}, token);
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_DEEP");
      const unknown = await t.gql("{ processes(first: 1) { edges { node { nosuchfield } } } }", {}, token);
      expect(unknown.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    }
    const list = "{ processes(first: 10) { edges { node { code name } } } }";
    const first = await t.gql(list, {}, token);
    expect(first.errors).toBeUndefined();
    expect(await t.gql(list, {}, token)).toEqual(first);
  });

  it("reuses a result under the same rules (new closures of the same unnamed rule included) and validates anew under another rule", () => {
    const plugin = validationCache();
    const document: DocumentNode = parse("{ me { name } }");
    const named = function NoFoo() {
      return {};
    };
    const unnamed = () => () => ({});
    const refused = [new GraphQLError("too deep")];
    const validate = (rules: { name: string }[]) => {
      let kept: unknown = null;
      const after = plugin.onValidate!({
        params: { schema, documentAST: document, rules },
        setResult: (r: unknown) => {
          kept = r;
        },
      } as never) as ((payload: { result: unknown }) => void) | undefined;
      return { kept, after };
    };
    const first = validate([named, unnamed()]);
    expect(first.kept).toBeNull();
    first.after!({ result: refused });
    // The same rule list, the unnamed rule a new closure as graphql-armor adds it per request.
    expect(validate([named, unnamed()]).kept).toBe(refused);
    // Another rule in its place, or one more rule: validated again.
    const other = function NoBar() {
      return {};
    };
    expect(validate([other, unnamed()]).kept).toBeNull();
    expect(validate([named, unnamed(), unnamed()]).kept).toBeNull();
  });
});
