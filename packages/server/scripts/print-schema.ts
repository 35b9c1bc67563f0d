/** `pnpm --filter @controlroom/server print-schema`: rewrites schema.graphql after an API change. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { printedSchema } from "../src/schema/print.js";

writeFileSync(join(import.meta.dirname, "..", "schema.graphql"), printedSchema());
console.log("Wrote packages/server/schema.graphql");
