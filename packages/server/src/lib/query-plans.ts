// @ts-expect-error The runtime module the generated client loads (internal/class.ts `getRuntime`); it ships no types.
import * as runtime from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";

/** Plans kept per compiler (one per PrismaClient); the oldest goes first. */
const MAX_PLANS = 500;
/** A request longer than this (a big `in` list, a batch) is compiled every time, not kept. */
const MAX_REQUEST_CHARS = 8_192;
const READ = /^\{"modelName":"[A-Za-z]+","action":"(findMany|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|count|aggregate|groupBy)"/;

type Compiler = { compile(request: string): unknown };
const plans = new WeakMap<Compiler, Map<string, unknown>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Issue 13: Prisma 6's query compiler (WebAssembly) turns every request into a query plan anew:
 * 10-18 % of the server's CPU on the simple list query, asked again and again with the same
 * arguments. A plan is a pure function of the request's JSON (the arguments' values are in it)
 * and of the client's schema, so the plans of the same read requests are kept, per compiler,
 * frozen (the interpreter only reads a plan; a write to one would throw). Writes and long
 * requests are compiled each time. Idempotent; returns false when the runtime has no compiler
 * class to wrap (another Prisma version), leaving it untouched.
 */
export function keepQueryPlans(): boolean {
  const proto = (runtime as { QueryCompiler?: { prototype: Compiler & { __plansKept?: true } } }).QueryCompiler?.prototype;
  if (!proto || typeof proto.compile !== "function") return false;
  if (proto.__plansKept) return true;
  const compile = proto.compile;
  proto.compile = function (this: Compiler, request: string) {
    if (request.length > MAX_REQUEST_CHARS || !READ.test(request)) return compile.call(this, request);
    let kept = plans.get(this);
    if (!kept) {
      kept = new Map();
      plans.set(this, kept);
    }
    const hit = kept.get(request);
    if (hit !== undefined) return hit;
    const plan = deepFreeze(compile.call(this, request));
    kept.set(request, plan);
    if (kept.size > MAX_PLANS) kept.delete(kept.keys().next().value!);
    return plan;
  };
  Object.defineProperty(proto, "__plansKept", { value: true });
  return true;
}
