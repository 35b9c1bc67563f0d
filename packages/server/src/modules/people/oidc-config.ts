import type { Role } from "../../generated/prisma/enums.js";

/** One directory group's meaning here: the roles it grants and, optionally, the unit (by code). */
export interface GroupMapping {
  roles: Role[];
  unit?: string;
}

/** Single sign-on through OpenID Connect, from the environment. Null when OIDC_ISSUER is not set. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** The ID-token / userinfo claim that lists the person's groups (`OIDC_ROLE_CLAIM`, default `groups`). */
  groupClaim: string;
  /** `OIDC_GROUP_MAP`: `{"<group>": {"roles": ["ADMIN"], "unit": "HO"}, …}`. */
  groupMap: Record<string, GroupMapping>;
  /** Whether an unknown person with a mapped group is created on first sign-in (`OIDC_ALLOW_SIGNUP`, default on). */
  allowSignup: boolean;
  /** The button's name: "Sign in with <label>" (`OIDC_LABEL`, default "single sign-on"). */
  label: string;
}

const ROLES: Role[] = ["MANAGEMENT", "DEPARTMENT_HEAD", "PROCESS_OFFICE", "EMPLOYEE", "ANALYST", "ADMIN"];

/** Reads and checks the OIDC settings; a malformed OIDC_GROUP_MAP stops the start with a clear message. */
export function oidcSettings(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  if (!env.OIDC_ISSUER) return null;
  if (!env.OIDC_CLIENT_ID) throw new Error("OIDC_ISSUER is set but OIDC_CLIENT_ID is not.");
  let raw: unknown;
  try {
    raw = JSON.parse(env.OIDC_GROUP_MAP || "{}");
  } catch {
    throw new Error('OIDC_GROUP_MAP must be JSON: {"<group>": {"roles": ["ADMIN"], "unit": "HO"}}.');
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error("OIDC_GROUP_MAP must be a JSON object keyed by group.");
  const groupMap: Record<string, GroupMapping> = {};
  for (const [group, value] of Object.entries(raw as Record<string, { roles?: unknown; unit?: unknown }>)) {
    const roles = value?.roles;
    if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) throw new Error(`OIDC_GROUP_MAP["${group}"].roles must list roles of ${ROLES.join(", ")}.`);
    if (value.unit !== undefined && typeof value.unit !== "string") throw new Error(`OIDC_GROUP_MAP["${group}"].unit must be a unit code.`);
    groupMap[group] = { roles: roles as Role[], ...(value.unit ? { unit: value.unit as string } : {}) };
  }
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    groupClaim: env.OIDC_ROLE_CLAIM || "groups",
    groupMap,
    allowSignup: (env.OIDC_ALLOW_SIGNUP ?? "on") !== "off",
    label: env.OIDC_LABEL || "single sign-on",
  };
}

/** Whether email-and-password sign-in is allowed (`LOCAL_LOGIN`, `on` by default). */
export function localLoginEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.LOCAL_LOGIN ?? "on") !== "off";
}

/** The roles and unit code the person's groups map to; null when none of the groups is mapped. */
export function mapGroups(settings: OidcSettings, claimValue: unknown): { roles: Role[]; unitCode: string | null } | null {
  const groups = Array.isArray(claimValue) ? claimValue.map(String) : typeof claimValue === "string" ? [claimValue] : [];
  const mapped = groups.map((g) => settings.groupMap[g]).filter((m): m is GroupMapping => Boolean(m));
  if (mapped.length === 0) return null;
  return { roles: [...new Set(mapped.flatMap((m) => m.roles))], unitCode: mapped.find((m) => m.unit)?.unit ?? null };
}
