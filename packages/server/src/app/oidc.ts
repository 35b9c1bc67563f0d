import type { IncomingMessage, ServerResponse } from "node:http";
import { jwtVerify, SignJWT } from "jose";
import * as client from "openid-client";
import type { PrismaClient } from "../lib/db.js";
import { logger } from "../lib/logger.js";
import type { PubSub } from "../lib/pubsub.js";
import type { AccessService } from "../modules/access/service.js";
import { mapGroups, type OidcSettings } from "../modules/people/oidc-config.js";
import { type OidcRefusal, provisionDirectoryPerson } from "../modules/people/oidc-people.js";

const COOKIE = "cr_oidc";
const FLOW_SECONDS = 600;

export interface OidcRoutesOptions {
  settings: OidcSettings;
  prisma: PrismaClient;
  access: AccessService;
  pubsub: PubSub;
  /** Signs the short-lived cookie that carries the flow's state, nonce and PKCE verifier. */
  secret: Uint8Array;
  /** Where the dashboard is reached from outside: the callback is `<publicUrl>/auth/oidc/callback`. */
  publicUrl: () => string;
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}

function redirect(res: ServerResponse, location: string, cookie?: string) {
  res.writeHead(302, { location, "cache-control": "no-store", ...(cookie ? { "set-cookie": cookie } : {}) }).end();
}

/**
 * Single sign-on through OpenID Connect (authorization code with PKCE, `openid-client`):
 * `/auth/oidc/login` sends the browser to the issuer; `/auth/oidc/callback` checks the answer,
 * maps the person's groups to roles and a unit, opens a local session and hands its refresh token
 * to the dashboard in the URL fragment (never sent to a server), which trades it at once.
 */
export function createOidcRoutes(options: OidcRoutesOptions) {
  const { settings } = options;
  let config: Promise<client.Configuration> | null = null;
  const discover = () => {
    config ??= (async () => {
      const issuer = new URL(settings.issuer);
      // A loopback issuer (tests, a local directory) is plain HTTP; anything else must be HTTPS.
      const loopback = issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
      return client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, loopback ? { execute: [client.allowInsecureRequests] } : undefined);
    })().catch((err) => {
      config = null;
      throw err;
    });
    return config;
  };
  const callbackUrl = () => `${options.publicUrl()}/auth/oidc/callback`;
  const refuse = (res: ServerResponse, why: OidcRefusal | "failed") => redirect(res, `/login?signInError=${why}`, `${COOKIE}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax`);

  async function start(res: ServerResponse) {
    const cfg = await discover();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: callbackUrl(),
      scope: "openid email profile",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    const flow = await new SignJWT({ verifier, state, nonce })
      .setProtectedHeader({ alg: "HS256" })
      .setAudience("oidc-flow")
      .setIssuedAt()
      .setExpirationTime(`${FLOW_SECONDS}s`)
      .sign(options.secret);
    const secure = options.publicUrl().startsWith("https:") ? "; Secure" : "";
    redirect(res, url.href, `${COOKIE}=${flow}; Path=/auth/oidc; Max-Age=${FLOW_SECONDS}; HttpOnly; SameSite=Lax${secure}`);
  }

  async function callback(req: IncomingMessage, res: ServerResponse) {
    const raw = cookieValue(req, COOKIE);
    if (!raw) return refuse(res, "failed");
    const { payload } = await jwtVerify(raw, options.secret, { audience: "oidc-flow", algorithms: ["HS256"] });
    const cfg = await discover();
    const current = new URL(req.url ?? "/", callbackUrl());
    const tokens = await client.authorizationCodeGrant(cfg, current, {
      pkceCodeVerifier: String(payload.verifier),
      expectedState: String(payload.state),
      expectedNonce: String(payload.nonce),
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) return refuse(res, "failed");
    // Groups and email may come in the ID token or only from the userinfo endpoint.
    const info = claims[settings.groupClaim] === undefined || !claims.email ? await client.fetchUserInfo(cfg, tokens.access_token, claims.sub) : {};
    const all = { ...info, ...claims } as Record<string, unknown>;
    const mapped = mapGroups(settings, all[settings.groupClaim]);
    if (!mapped) {
      logger.info({ sub: claims.sub }, "directory sign-in refused: none of the person's groups is mapped");
      return refuse(res, "unmapped");
    }
    const email = typeof all.email === "string" && all.email_verified !== false ? all.email.trim().toLowerCase() : null;
    const name = typeof all.name === "string" && all.name.trim() ? all.name.trim() : (email ?? claims.sub);
    const outcome = await provisionDirectoryPerson(
      options.prisma,
      { subject: `${claims.iss} ${claims.sub}`, email, name, roles: mapped.roles, unitCode: mapped.unitCode },
      settings.allowSignup,
    );
    if ("refused" in outcome) return refuse(res, outcome.refused);
    // New roles or a new unit: the person's open sockets reconnect under them.
    if (outcome.scopeChanged) options.pubsub.publish("credentialRevoked", { userId: outcome.userId });
    const session = await options.access.startSession(outcome.userId, "oidcLogin");
    redirect(res, `/signed-in#refreshToken=${encodeURIComponent(session.refreshToken)}`, `${COOKIE}=; Path=/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax`);
  }

  /** Answers `/auth/oidc/*`; false for any other path. */
  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? "/").split("?")[0];
    const route = path === "/auth/oidc/login" ? start(res) : path === "/auth/oidc/callback" ? callback(req, res) : null;
    if (!route) return false;
    route.catch((err) => {
      logger.warn({ err }, "directory sign-in failed");
      if (!res.headersSent) refuse(res, "failed");
    });
    return true;
  };
}
