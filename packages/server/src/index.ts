import { buildApp } from "./app.js";
import { closeOnSignal } from "./lib/exit.js";
import { logger } from "./lib/logger.js";

const app = buildApp();
// The database (an embedded one above all) is closed before the process ends on a signal.
closeOnSignal(async () => {
  logger.info("shutting down");
  await app.stop();
});
const port = await app.start();
logger.info({ port, database: app.db.target.kind }, `Control Room is up: http://localhost:${port}/ (API and GraphiQL at /graphql)`);
