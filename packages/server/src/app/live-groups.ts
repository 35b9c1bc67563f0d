/**
 * Execute once, write many (issue 13 item 1): graphql-ws subscriptions with the same selection
 * document, the same variables and the same viewer (what `access/visible.ts` decides visibility
 * by: the identity, its unit and roles) form one group. The group listens to the bus once; each
 * event is checked, executed and serialised once, with one member's context, and the same
 * payload string goes into every member's frame (graphql-ws's `next` frame, with the member's
 * subscription id), written straight to the member's socket. Hasura's multiplexed subscriptions
 * are the precedent.
 *
 * Each member still opens its subscription through the whole pipeline (the subscription cap, the
 * rate limit, argument checks, the field's auth scope); only its live events come from the group.
 * A member that resumes (`after:`) reads the log with its own context first, while the group
 * holds back its frames; then it gets the held frames newer than the last id it replayed.
 */
import { type DocumentNode, type ExecutionResult, execute, type GraphQLSchema } from "graphql";
import { Repeater } from "graphql-yoga";
import type { WebSocket } from "ws";
import type { Context } from "../context.js";
import { logger } from "../lib/logger.js";
import { maskError } from "../lib/masking.js";
import { viewerKey } from "../modules/access/visible.js";

/** What websocket.ts knows of one subscription: where its frames go, and what it asked for. */
export interface LiveBinding {
  socket: WebSocket;
  /** The graphql-ws subscription id (the client's). */
  id: string;
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  document: DocumentNode;
  schema: GraphQLSchema;
}

// A symbol property rather than a WeakMap: it survives a plugin copying the context object.
const LIVE = Symbol("live-binding");

/** websocket.ts: marks a subscription's context as one whose events may be delivered by a group. */
export function bindLiveDelivery(contextValue: object, binding: LiveBinding): void {
  (contextValue as { [LIVE]?: LiveBinding })[LIVE] = binding;
}

/** The binding of a graphql-ws subscription's context; none over HTTP (SSE) or for a query. */
export function liveBinding(ctx: object): LiveBinding | undefined {
  return (ctx as { [LIVE]?: LiveBinding })[LIVE];
}

/** What a subscription field tells the group about itself. */
export interface GroupSpec<M extends { id: string }> {
  /** The field's name: part of the group key. */
  field: string;
  /** The variable that only steers the member's own replay (e.g. `after`): left out of the key. */
  replayVariable?: string | null;
  /** Starts listening on the bus, synchronously, for the group's lifetime. */
  listen(ctx: Context): AsyncIterableIterator<M>;
  /** Whether an event goes to this group (the field's filter and the viewer's read rule). */
  keep(ctx: Context, message: M): boolean | Promise<boolean>;
}

interface Member {
  ctx: Context;
  socket: WebSocket;
  /** `{"id":…,"type":"next","payload":` with this member's subscription id. */
  prefix: string;
  /** The last event id this member was given (or skipped past); events at or before it are dropped. */
  cursor: bigint | null;
  /** Frames held back while the member replays the log. */
  held: { id: bigint; payload: string | null }[] | null;
  /** Ends the member's subscription with an error (graphql-ws sends it; the client resumes with `after:`). */
  fail: (error: Error) => void;
}

type Registry = Map<string, LiveGroup<{ id: string }>>;
const registries = new WeakMap<object, Registry>();

/** The groups of one app (its caches object is per app instance). */
function registryOf(ctx: Context): Registry {
  let registry = registries.get(ctx.caches);
  if (!registry) {
    registry = new Map();
    registries.set(ctx.caches, registry);
  }
  return registry;
}

/** Live groups and their members, for tests and metrics. */
export function liveGroupCounts(caches: object): { groups: number; members: number } {
  const registry = registries.get(caches);
  let members = 0;
  for (const g of registry?.values() ?? []) members += g.size;
  return { groups: registry?.size ?? 0, members };
}

/** The variables that can change an event's result: all but the replay variable, when that is used only once. */
function keyVariables(binding: LiveBinding, replayVariable: string | null | undefined): string {
  const vars = { ...(binding.variables ?? {}) };
  if (replayVariable && (binding.query.match(new RegExp(`\\$${replayVariable}\\b`, "g"))?.length ?? 0) === 2) delete vars[replayVariable];
  return JSON.stringify(vars);
}

/** graphql-ws's `next` frame up to the payload, byte for byte as it would write it. */
const framePrefix = (id: string) => `{"id":${JSON.stringify(id)},"type":"next","payload":`;

/** Unexpected errors in an event's result masked as yoga masks them (lib/masking.ts). */
function masked(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    const m = maskError(e, "Unexpected error.");
    if (m.masked) logger.error({ err: e }, "unexpected error in a subscription event");
    return m.error as never;
  });
  return { ...result, errors };
}

class LiveGroup<M extends { id: string }> {
  private readonly members = new Set<Member>();
  private readonly queue: M[] = [];
  private readonly source: AsyncIterableIterator<M>;
  private draining = false;

  constructor(
    private readonly registry: Registry,
    private readonly key: string,
    private readonly exec: Pick<LiveBinding, "schema" | "document" | "operationName" | "variables">,
    private readonly spec: GroupSpec<M>,
    ctx: Context,
  ) {
    const source = spec.listen(ctx);
    this.source = source;
    void (async () => {
      for await (const m of source) {
        this.queue.push(m);
        void this.drain();
      }
    })().catch((error) => logger.error({ err: error }, "live group's bus listener ended"));
  }

  get size(): number {
    return this.members.size;
  }

  join(ctx: Context, binding: LiveBinding, replaying: boolean, fail: (error: Error) => void): Member {
    const member: Member = { ctx, socket: binding.socket, prefix: framePrefix(binding.id), cursor: null, held: replaying ? [] : null, fail };
    this.members.add(member);
    return member;
  }

  leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size > 0 || this.registry.get(this.key) !== (this as never)) return;
    this.registry.delete(this.key);
    void this.source.return?.(undefined);
  }

  /** Ends a member's replay at `cursor`: the held frames after it go out, then live ones as they come. */
  release(member: Member, cursor: bigint | null): void {
    const held = member.held ?? [];
    member.held = null;
    member.cursor = cursor;
    for (const f of held) offer(member, f.id, f.payload);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.deliver(this.queue.shift()!);
    } finally {
      this.draining = false;
    }
  }

  /** One event: checked, executed and serialised once, with a member's context (all members see the same rows). */
  private async deliver(message: M): Promise<void> {
    const first = this.members.values().next();
    if (first.done) return;
    const ctx = first.value.ctx;
    let payload: string | null = null;
    try {
      if (await this.spec.keep(ctx, message)) {
        const { schema, document, operationName, variables } = this.exec;
        const result = await execute({ schema, document, operationName, variableValues: variables ?? undefined, contextValue: ctx, rootValue: message });
        payload = JSON.stringify(masked(result));
      }
    } catch (error) {
      // The event could not be checked or executed (the database is away): no member may silently
      // miss it, so their subscriptions end with the error and the clients resume from the log.
      const [refusal] = masked({ errors: [error as never] }).errors ?? [];
      for (const member of [...this.members]) member.fail(refusal as Error);
      return;
    }
    const id = BigInt(message.id);
    for (const member of this.members) offer(member, id, payload);
  }
}

/** Gives a member one event's frame (null: the event is not for this group, but moves the cursor). */
function offer(member: Member, id: bigint, payload: string | null): void {
  if (member.held) {
    member.held.push({ id, payload });
    return;
  }
  if (member.cursor != null && id <= member.cursor) return;
  member.cursor = id;
  if (payload != null && member.socket.readyState === member.socket.OPEN) member.socket.send(`${member.prefix}${payload}}`);
}

/**
 * A grouped subscription's source stream: the events replayed from the log (executed for this
 * member alone, through graphql-ws as usual), then nothing more: live events reach the socket
 * through the group until graphql-ws ends the subscription (complete, socket closed).
 */
export function groupedStream<M extends { id: string }>(
  ctx: Context,
  binding: LiveBinding,
  spec: GroupSpec<M>,
  replay: { after: bigint; events: AsyncIterable<M> } | null,
): AsyncIterableIterator<M> {
  return new Repeater<M>(async (push, stop) => {
    const registry = registryOf(ctx);
    const key = `${viewerKey(ctx.viewer)}|${spec.field}|${binding.operationName ?? ""}|${keyVariables(binding, spec.replayVariable)}|${binding.query}`;
    let group = registry.get(key) as LiveGroup<M> | undefined;
    if (!group) {
      const { schema, document, operationName, variables } = binding;
      group = new LiveGroup<M>(registry, key, { schema, document, operationName, variables }, spec, ctx);
      registry.set(key, group as never);
    }
    const member = group.join(ctx, binding, replay != null, (error) => stop(error));
    let stopped = false;
    void stop.then(() => {
      stopped = true;
    });
    try {
      let cursor: bigint | null = replay?.after ?? null;
      if (replay) {
        for await (const m of replay.events) {
          if (stopped) break;
          cursor = BigInt(m.id);
          // Resolves once graphql-ws has written this event's frame and asks for the next one.
          if (await spec.keep(ctx, m)) await push(m);
        }
      }
      group.release(member, cursor);
      await stop;
    } finally {
      group.leave(member);
    }
  });
}
