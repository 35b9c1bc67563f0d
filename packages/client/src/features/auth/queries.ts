import { graphql } from "../../app/graphql";

export const SIGN_IN_OPTIONS = graphql(`query SignInOptions { signInOptions { localLogin oidcLabel passwordMinLength } }`);
export const PASSWORD_LINK = graphql(`query PasswordLink($token: String!) { passwordLink(token: $token) { purpose email name expiresAt } }`);
export const RESET_PASSWORD = graphql(`mutation ResetPassword($token: String!, $password: String!) { resetPassword(input: { token: $token, password: $password }) }`);
export const REQUEST_RESET = graphql(`mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`);

/** Why a directory sign-in was refused (`/login?signInError=…`), as the server names it. */
export const SIGN_IN_ERRORS = ["unmapped", "disabled", "no-account", "no-unit", "no-email", "failed"] as const;
export type SignInError = (typeof SIGN_IN_ERRORS)[number];
