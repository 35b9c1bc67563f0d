import { buildApp } from "./app.js";
import { logger } from "./lib/logger.js";

const app = buildApp();
const port = await app.start();
logger.info({ port, database: app.db.target.kind }, `Control Room is up: http://localhost:${port}/ (API and GraphiQL at /graphql)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, "shutting down");
    await app.stop();
    process.exit(0);
  });
}
