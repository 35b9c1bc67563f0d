import { GraphQLError } from "graphql";

/** Stable error codes clients can switch on (`extensions.code`). */
export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "UNAUTHENTICATED" | "FORBIDDEN" | "CONFLICT" | "INVALID_THRESHOLD" | "RATE_LIMITED" | "INVALID_CREDENTIALS";

/**
 * A domain error: a message meant for the person who sent the request, and a stable code.
 * Services throw these; yoga's masking lets them through and hides everything else.
 */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...(details ?? {}) } });
    this.name = "DomainError";
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const notFound = (what: string, id?: string) => new DomainError("NOT_FOUND", id ? `${what} ${id} was not found.` : `${what} was not found.`);

export const badInput = (message: string, field?: string) => new DomainError("BAD_USER_INPUT", message, field ? { field } : undefined);

export const forbidden = (message = "You are not allowed to do this.") => new DomainError("FORBIDDEN", message);

export const unauthenticated = (message = "Sign in first.") => new DomainError("UNAUTHENTICATED", message);
