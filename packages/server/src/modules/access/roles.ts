import type { Role } from "../../generated/prisma/enums.js";

/**
 * The named sets of roles, each written once (issue 9 item 3). A root field names a set by its
 * scope (`authScopes: { editor: true }`, builder.ts `viewerScopes`), a service by the constant;
 * `test/code-shape.test.ts` fails when one of these sets is written out again as a role list.
 */

/** The roles that edit the management system (§2.1-§2.3): the `editor` scope. Which objects each may change is the module's permission check. */
export const EDITOR_ROLES: readonly Role[] = ["MANAGEMENT", "PROCESS_OFFICE", "DEPARTMENT_HEAD"];

/** Who sets up where warnings and reports go (§6.2.2, §2.2.3): contact points, policies, escalation, report schedules. The `configurer` scope. */
export const CONFIGURER_ROLES: readonly Role[] = ["ADMIN", "PROCESS_OFFICE", "MANAGEMENT"];

/** The people who may record readings (§4.2.4): the `ingest` scope, with INGEST tokens. */
export const INGEST_ROLES: readonly Role[] = ["PROCESS_OFFICE", "DEPARTMENT_HEAD", "ADMIN"];

/** Whether `roles` holds one of `wanted`. */
export function holdsOneOf(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return wanted.some((r) => roles.includes(r));
}

/** The named sets by their API name (`User.scopes`): the dashboard shows an action by these, the server still checks each. */
export const SCOPE_ROLES = { EDITOR: EDITOR_ROLES, CONFIGURER: CONFIGURER_ROLES, INGEST: INGEST_ROLES } as const;
export type ScopeName = keyof typeof SCOPE_ROLES;

/** The named sets a person with these roles belongs to. */
export function scopesOf(roles: readonly Role[]): ScopeName[] {
  return (Object.keys(SCOPE_ROLES) as ScopeName[]).filter((s) => holdsOneOf(roles, SCOPE_ROLES[s]));
}
