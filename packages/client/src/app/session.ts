import { useSyncExternalStore } from "react";
import { graphql, type ResultOf } from "./graphql";
import { ApiError, graphqlRequest } from "./graphqlRequest";

/**
 * A person's session: tokens in localStorage (shared by the tabs of this browser), renewed a
 * minute before the access token expires. Refresh tokens rotate, so tabs take turns through a
 * Web Lock and adopt a session another tab has already renewed.
 */

const SessionFields = graphql(`
  fragment SessionFields on AuthPayload { accessToken refreshToken expiresAt user { id name roles scopes } }
`);

/** A person's session as the API hands it out. */
export type Session = ResultOf<typeof SessionFields>;
/** A named set of roles as the API names it (User.scopes): EDITOR, CONFIGURER, INGEST. */
export type Scope = Session["user"]["scopes"][number];

/**
 * Whether the signed-in person belongs to a named set of roles, as the server computes it (the
 * dashboard offers an action by it; the server checks each). A session kept from before the
 * field existed has none until its next renewal.
 */
export function holdsScope(session: Session | null | undefined, scope: Scope): boolean {
  return (session?.user.scopes ?? []).includes(scope);
}

const KEY = "controlroom.session";
const RENEW_BEFORE_MS = 60_000;
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s && typeof s.accessToken === "string" && typeof s.refreshToken === "string" ? s : null;
  } catch {
    return null;
  }
}

let current: Session | null = typeof localStorage === "undefined" ? null : read();
let endedReason: "expired" | null = null;

function emit() {
  for (const l of listeners) l();
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key !== KEY) return;
    current = read();
    emit();
  });
}

export const sessionStore = {
  get: () => current,
  /** Why the last session ended, if it ended by itself ("expired"). */
  endedReason: () => endedReason,
  set(session: Session | null, reason: "expired" | null = null) {
    current = session;
    endedReason = session ? null : reason;
    try {
      if (session) localStorage.setItem(KEY, JSON.stringify(session));
      else localStorage.removeItem(KEY);
    } catch {
      // storage blocked: the session lives in memory for this tab only
    }
    emit();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

/** The current session; re-renders when it changes (here or in another tab). */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

/** The session operations. */
export const SIGN_IN = graphql(`mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { ...SessionFields } }`, [SessionFields]);
export const RENEW = graphql(`mutation Renew($token: String!) { refreshToken(refreshToken: $token) { ...SessionFields } }`, [SessionFields]);
export const SIGN_OUT = graphql(`mutation SignOut { logout }`);

/** Signs in with email and password; stores and returns the session. */
export async function signIn(email: string, password: string): Promise<Session> {
  const r = await graphqlRequest(SIGN_IN, { email, password }, null);
  if (!r.data?.login) throw new ApiError("No session returned", null, r.status);
  sessionStore.set(r.data.login);
  return r.data.login;
}

/** Ends the session on the server (best effort) and here. */
export async function signOut(): Promise<void> {
  const s = current;
  sessionStore.set(null);
  if (s) await graphqlRequest(SIGN_OUT, undefined, s.accessToken, { throwOnErrors: false }).catch(() => undefined);
}

async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: { request(name: string, cb: () => Promise<T>): Promise<T> } }).locks;
  return locks ? locks.request("controlroom-session-refresh", fn) : fn();
}

/**
 * Renews the access token. Returns the new session, or null when the refresh token is no longer
 * valid (the session is then cleared). Network failures throw, so the caller can retry later.
 */
export async function renewSession(): Promise<Session | null> {
  return withRefreshLock(async () => {
    const stored = read() ?? current;
    if (!stored) return null;
    // Another tab renewed it while this one waited for the lock: adopt that session.
    if (Date.parse(stored.expiresAt) - Date.now() > RENEW_BEFORE_MS * 2) {
      if (stored.accessToken !== current?.accessToken) {
        current = stored;
        emit();
      }
      return stored;
    }
    try {
      const r = await graphqlRequest(RENEW, { token: stored.refreshToken }, null);
      if (!r.data?.refreshToken) throw new ApiError("No session returned", null, r.status);
      sessionStore.set(r.data.refreshToken);
      return r.data.refreshToken;
    } catch (e) {
      if (e instanceof ApiError && e.code) {
        sessionStore.set(null, "expired");
        return null;
      }
      throw e;
    }
  });
}

/** Milliseconds until the session should be renewed (negative when overdue). */
export function renewDelayMs(session: Session, now = Date.now()): number {
  return Date.parse(session.expiresAt) - RENEW_BEFORE_MS - now;
}

/**
 * Keeps the session fresh while the page is open: renews before expiry, retries after a
 * network failure, and renews at once when the tab wakes up late (laptop lid, background tab).
 */
export function keepSessionFresh(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    clearTimeout(timer);
    const s = current;
    if (!s || stopped) return;
    timer = setTimeout(run, Math.max(1_000, Math.min(renewDelayMs(s), 2 ** 31 - 1)));
  };
  const run = async () => {
    try {
      await renewSession();
      schedule();
    } catch {
      clearTimeout(timer);
      timer = setTimeout(run, 15_000);
    }
  };
  const onVisible = () => {
    if (document.visibilityState === "visible" && current && renewDelayMs(current) < 0) void run();
  };
  const unsubscribe = sessionStore.subscribe(schedule);
  document.addEventListener("visibilitychange", onVisible);
  if (current && renewDelayMs(current) < 0) void run();
  else schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
    document.removeEventListener("visibilitychange", onVisible);
  };
}
