import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { DomainError } from "../../lib/errors.js";

/**
 * The database id behind a Relay global ID of the expected type. A malformed id, or the id of
 * another type, is the caller's mistake and says so with BAD_USER_INPUT.
 */
export function parseId(globalId: string | number | bigint, typename: string, field = "id"): string {
  const value = String(globalId);
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(value);
  } catch {
    decoded = null;
  }
  // A NUL cannot be in any id, and PostgreSQL refuses it in a query: the caller's mistake too.
  if (!decoded || decoded.typename !== typename || !decoded.id || decoded.id.includes("\u0000")) {
    throw new DomainError("BAD_USER_INPUT", `${field} must be the id of a ${typename} (as returned by the API).`, { field });
  }
  return decoded.id;
}

export function parseIds(globalIds: readonly (string | number | bigint)[] | null | undefined, typename: string, field: string): string[] {
  return (globalIds ?? []).map((id) => parseId(id, typename, field));
}

export { encodeGlobalID };
