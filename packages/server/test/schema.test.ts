import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schema } from "../src/schema/index.js";
import { printedSchema } from "../src/schema/print.js";

describe("the published schema", () => {
  it("matches the committed packages/server/schema.graphql (run `pnpm --filter @controlroom/server print-schema` after an API change)", () => {
    const committed = readFileSync(join(import.meta.dirname, "..", "schema.graphql"), "utf8");
    expect(printedSchema()).toBe(committed);
  });

  it("§6.4 default deny: every root query, mutation and subscription field declares its auth scopes", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean);
    const missing: string[] = [];
    for (const root of roots) {
      for (const [name, field] of Object.entries(root!.getFields())) {
        const options = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions;
        if (!options?.authScopes) missing.push(`${root!.name}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // Issue 15 opened the password-reset pair and the sign-in page's options to anonymous callers.
  it("offers exactly sign-in, refresh, the sign-in options and the password-reset pair to anonymous callers", () => {
    const open: string[] = [];
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean)) {
      for (const [name, field] of Object.entries(root!.getFields())) {
        const scopes = (field.extensions as { pothosOptions?: { authScopes?: Record<string, unknown> } }).pothosOptions?.authScopes;
        if (scopes && typeof scopes === "object" && "public" in scopes) open.push(name);
      }
    }
    expect(open.sort()).toEqual(["login", "passwordLink", "refreshToken", "requestPasswordReset", "resetPassword", "signInOptions"]);
  });
});
