/**
 * One peer server of the peers benchmark (test/bench/peers.ts), in its own process on PORT,
 * against DATABASE_URL with a pg pool of DATABASE_POOL connections:
 *
 *   node --import tsx test/bench/peer-server.ts postgraphile5 | postgraphile4 | plain
 *
 * - postgraphile5: PostGraphile v5 (amber preset) served by grafserv on node:http.
 * - postgraphile4: PostGraphile v4 in library mode on node:http (default options but usePartitionedParent).
 * - plain: node:http + pg, answering the simple list query with one SELECT in the shape our API returns.
 *
 * The peers are not workspace dependencies: they are loaded from PEERS_DIR, where peers.ts installed
 * them. Prints "listening <port>" once it serves.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const kind = process.argv[2];
const { PEERS_DIR, DATABASE_URL } = process.env;
const PORT = Number(process.env.PORT);
const POOL = Number(process.env.DATABASE_POOL ?? 10);
if (!PEERS_DIR || !DATABASE_URL || !PORT) throw new Error("peer-server needs PEERS_DIR, DATABASE_URL and PORT");

const peerRequire = createRequire(join(PEERS_DIR, "package.json"));
/** A module installed under PEERS_DIR (ESM or CommonJS), by its specifier. */
const load = (specifier: string): Promise<any> => import(pathToFileURL(peerRequire.resolve(specifier)).href);

const pg = (await load("pg")).default;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: POOL });

/** The simple list query answered by hand: the same JSON our API returns for `processes(first: 10) { edges { node { code name } } }`. */
function plainHandler(): RequestListener {
  const sql = "SELECT code, name FROM process WHERE archived_at IS NULL ORDER BY code LIMIT 10";
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query?: unknown };
        if (req.method !== "POST" || typeof body.query !== "string") throw new Error("POST a JSON body with a query");
        const { rows } = await pool.query(sql);
        const answer = JSON.stringify({ data: { processes: { edges: rows.map((node: { code: string; name: string }) => ({ node })) } } });
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(answer);
      } catch (error) {
        res.writeHead(400, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      }
    });
  };
}

async function postgraphile4(): Promise<RequestListener> {
  const { postgraphile } = await load("postgraphile");
  // Default options but one: the monthly-partitioned `reading` table is exposed by its parent
  // (`readingsByIndicatorId`) rather than as one table per month, as v5 does by default.
  return postgraphile(pool, "public", { usePartitionedParent: true });
}

/**
 * PostGraphile v5 needs Node 22 (its engines field): grafast, @dataplan/pg and grafserv call
 * Promise.withResolvers, which Node 20 lacks. Without it @dataplan/pg's executor throws before its
 * query and every connection field fails with "Cannot read properties of undefined (reading
 * 'items')". The function below is the ES2024 built-in, as Node 22 has it.
 */
function provideWithResolvers() {
  if (typeof (Promise as { withResolvers?: unknown }).withResolvers === "function") return;
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value<T>(this: PromiseConstructor) {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new this<T>((a, b) => {
        resolve = a;
        reject = b;
      });
      return { promise, resolve, reject };
    },
  });
}

async function postgraphile5(): Promise<RequestListener | null> {
  provideWithResolvers();
  const { postgraphile } = await load("postgraphile");
  const { PostGraphileAmberPreset } = await load("postgraphile/presets/amber");
  const { makePgService } = await load("postgraphile/adaptors/pg");
  const { grafserv } = await load("postgraphile/grafserv/node");
  const preset = {
    extends: [PostGraphileAmberPreset],
    // v5 offers conditions and orderings only on indexed columns; v4's default (and our API) offer
    // them on every column: `condition: { archivedAt: null }` and `orderBy: POSITION_ASC` need this.
    disablePlugins: ["PgIndexBehaviorsPlugin"],
    pgServices: [makePgService({ pool, schemas: ["public"] })],
    grafserv: { graphqlPath: "/graphql" },
  };
  const server = createServer();
  await postgraphile(preset).createServ(grafserv).addTo(server);
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  return null;
}

let handler: RequestListener | null;
if (kind === "plain") handler = plainHandler();
else if (kind === "postgraphile4") handler = await postgraphile4();
else if (kind === "postgraphile5") handler = await postgraphile5();
else throw new Error(`unknown peer ${kind}: postgraphile5, postgraphile4 or plain`);
if (handler) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
}
console.log(`listening ${PORT}`);
process.on("SIGTERM", () => pool.end().finally(() => process.exit(0)));
