/**
 * `npm run display-token`: asks the running server (PORT, default 4000) for a new DISPLAY token,
 * signed in as the seeded admin, and prints it with the wall display's address. Going through the
 * API works with either database, and never opens the embedded one while the server holds it.
 */
import { signedInClient } from "./api-client.js";

const name = process.argv[2] ?? `Wall display ${new Date().toISOString().slice(0, 16)}`;
try {
  const api = await signedInClient();
  const { createApiToken } = await api.query<{ createApiToken: { token: string } }>(
    `mutation($name: String!) { createApiToken(input: { name: $name, kind: DISPLAY }) { token } }`,
    { name },
  );
  const base = api.url.replace(/\/graphql$/, "");
  console.log(`DISPLAY token "${name}" (shown once):\n\n  ${createApiToken.token}\n\nWall display: ${base}/wall?token=${createApiToken.token}&rotate=20`);
} catch (error) {
  console.error(`Could not create a display token: ${(error as Error).message}\nIs the server running (npm start)?`);
  process.exit(1);
}
