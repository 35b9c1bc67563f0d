import { createServer } from "node:net";
import Provider from "oidc-provider";

/** A directory account of the test provider: its login name is the OIDC subject. */
export interface DirectoryAccount {
  email: string;
  name: string;
  groups: string[];
}

/** A free loopback port (the provider's issuer URL must name its port before it listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on a loopback port, for tests: one confidential
 * client, PKCE required, and its development login form (any password; the login names the
 * account). `groups` is released in the ID token and from userinfo.
 */
export async function startOidcProvider(options: { port: number; clientId: string; clientSecret: string; redirectUri: string; accounts: Record<string, DirectoryAccount> }) {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [options.redirectUri], grant_types: ["authorization_code"], response_types: ["code"] },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-oidc-provider-cookie-key"] },
    async findAccount(_ctx, sub) {
      const account = options.accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name, groups: account.groups }) };
    },
  });
  const server = provider.listen(options.port);
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
