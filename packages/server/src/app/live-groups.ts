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
import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import type { Context } from "../context.js";
import type { AppCaches, LiveDelivery } from "./caches.js";
import { logger } from "../lib/logger.js";
import { maskError } from "../lib/masking.js";
import { viewerKey } from "../modules/access/visible.js";

/** What websocket.ts knows of one subscription: where its frames go, and what it asked for. */
export interface LiveBinding {
  socket: WebSocket;
  /** The TCP socket under `socket` (the upgrade request's): where a group writes its frames itself. */
  stream?: Socket;
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
  stream: Socket | undefined;
  /** `{"id":…,"type":"next","payload":` with this member's subscription id. */
  prefix: string;
  /** The same, UTF-8. */
  prefixBytes: Buffer;
  /** The last event id this member was given (or skipped past); events at or before it are dropped. */
  cursor: bigint | null;
  /** Frames held back while the member replays the log. */
  held: Rendered[] | null;
  /** Ends the member's subscription with an error (graphql-ws sends it; the client resumes with `after:`). */
  fail: (error: Error) => void;
}

type Registry = LiveDelivery["groups"];

/** The groups of one app: held by its caches (app/caches.ts), so two apps in one process share none. */
function registryOf(ctx: Context): Registry {
  return ctx.caches.live.groups;
}

/** Where one delivery's time went inside the server (ms), from the bus handing over its first event. */
export interface DeliveryTiming {
  /** The bus handed over the first event → every event of the delivery checked, executed and serialised. */
  renderMs: number;
  /** Writing the frames to every member's socket. */
  writeMs: number;
  events: number;
  members: number;
}

const KEPT_TIMINGS = 1_000;

/** The last deliveries' timings of one app's groups, oldest first, and forgets them (the benchmarks' phase diagnostic). */
export function takeDeliveryTimings(caches: AppCaches): DeliveryTiming[] {
  const kept = caches.live.timings;
  caches.live.timings = [];
  return kept;
}

function recordTiming(live: LiveDelivery, timing: DeliveryTiming): void {
  const kept = live.timings;
  if (kept.length >= KEPT_TIMINGS) kept.shift();
  kept.push(timing);
}

/** Live groups and their members, for tests and metrics. */
export function liveGroupCounts(caches: AppCaches): { groups: number; members: number } {
  let members = 0;
  for (const g of caches.live.groups.values()) members += g.size;
  return { groups: caches.live.groups.size, members };
}

/** The variables that can change an event's result: all but the replay variable, when that is used only once. */
function keyVariables(binding: LiveBinding, replayVariable: string | null | undefined): string {
  const vars = { ...(binding.variables ?? {}) };
  if (replayVariable && (binding.query.match(new RegExp(`\\$${replayVariable}\\b`, "g"))?.length ?? 0) === 2) delete vars[replayVariable];
  return JSON.stringify(vars);
}

/** graphql-ws's `next` frame up to the payload, byte for byte as it would write it. */
const framePrefix = (id: string) => `{"id":${JSON.stringify(id)},"type":"next","payload":`;

/** One event as a group renders it: its id, and its payload (null: not for this group), as text and as UTF-8. */
interface Rendered {
  id: bigint;
  payload: string | null;
  bytes: Buffer | null;
}

const CLOSE_BRACE = 0x7d;

/** The header of an unmasked, unfragmented WebSocket text frame of `length` bytes (RFC 6455 §5.2), written at `at`. */
function writeFrameHeader(target: Buffer, at: number, length: number): number {
  target[at] = 0x81; // FIN, text
  if (length < 126) {
    target[at + 1] = length;
    return at + 2;
  }
  if (length < 65536) {
    target[at + 1] = 126;
    target.writeUInt16BE(length, at + 2);
    return at + 4;
  }
  target[at + 1] = 127;
  target.writeUInt32BE(0, at + 2);
  target.writeUInt32BE(length, at + 6);
  return at + 10;
}

const headerLength = (length: number) => (length < 126 ? 2 : length < 65536 ? 4 : 10);

/**
 * Writes a member's `next` frames for these events, as ws would frame them (server frames are
 * unmasked), in one write to the TCP socket: the payload was serialised and encoded once for the
 * group, only the subscription id differs per member. ws itself writes to the same socket in call
 * order; with no extension negotiated (no permessage-deflate) its sender never queues a text
 * frame, so frames stay in order. Otherwise (`stream` unset at join) through `ws.send`.
 */
function writeFrames(member: Member, frames: Rendered[]): void {
  const { socket, stream } = member;
  if (socket.readyState !== socket.OPEN) return;
  if (!stream || stream.destroyed) {
    for (const f of frames) if (f.payload != null) socket.send(`${member.prefix}${f.payload}}`);
    return;
  }
  let total = 0;
  for (const f of frames) {
    if (!f.bytes) continue;
    const length = member.prefixBytes.length + f.bytes.length + 1;
    total += headerLength(length) + length;
  }
  if (total === 0) return;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const f of frames) {
    if (!f.bytes) continue;
    at = writeFrameHeader(out, at, member.prefixBytes.length + f.bytes.length + 1);
    at += member.prefixBytes.copy(out, at);
    at += f.bytes.copy(out, at);
    out[at++] = CLOSE_BRACE;
  }
  stream.write(out);
}

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

/** An event being rendered for a group; `outcome` never rejects. */
interface Pending {
  arrived: number;
  outcome: Promise<{ frame: Rendered } | { error: unknown }>;
}

class LiveGroup<M extends { id: string }> {
  private readonly members = new Set<Member>();
  private readonly queue: Pending[] = [];
  private readonly source: AsyncIterableIterator<M>;
  private draining = false;

  constructor(
    private readonly live: LiveDelivery,
    private readonly key: string,
    private readonly exec: Pick<LiveBinding, "schema" | "document" | "operationName" | "variables">,
    private readonly spec: GroupSpec<M>,
    ctx: Context,
  ) {
    const source = spec.listen(ctx);
    this.source = source;
    void (async () => {
      for await (const m of source) this.arrive(m);
    })().catch((error) => logger.error({ err: error }, "live group's bus listener ended"));
  }

  get size(): number {
    return this.members.size;
  }

  join(ctx: Context, binding: LiveBinding, replaying: boolean, fail: (error: Error) => void): Member {
    const prefix = framePrefix(binding.id);
    // With an extension (permessage-deflate) ws compresses and may queue: its own send, then.
    const stream = binding.socket.extensions === "" ? binding.stream : undefined;
    const member: Member = { ctx, socket: binding.socket, stream, prefix, prefixBytes: Buffer.from(prefix), cursor: null, held: replaying ? [] : null, fail };
    this.members.add(member);
    return member;
  }

  leave(member: Member): void {
    this.members.delete(member);
    if (this.members.size > 0 || this.live.groups.get(this.key) !== (this as never)) return;
    this.live.groups.delete(this.key);
    void this.source.return?.(undefined);
  }

  /** Ends a member's replay at `cursor`: the held frames after it go out, then live ones as they come. */
  release(member: Member, cursor: bigint | null): void {
    const held = member.held ?? [];
    member.held = null;
    member.cursor = cursor;
    offer(member, held);
  }

  /**
   * An event from the bus: checked, executed and serialised at once, once for the group, with a
   * member's context (all members see the same rows). Events that arrive while an earlier one
   * renders (a batch's, published in one turn) render concurrently and go out together: each
   * member gets them, in order, in one write.
   */
  private arrive(message: M): void {
    const first = this.members.values().next();
    if (first.done) return;
    const arrived = performance.now();
    const outcome = this.render(first.value.ctx, message).then(
      (frame) => ({ frame }),
      (error: unknown) => ({ error }),
    );
    this.queue.push({ arrived, outcome });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        await this.queue[0]!.outcome;
        const batch = this.queue.splice(0);
        const outcomes = await Promise.all(batch.map((p) => p.outcome));
        const rendered = performance.now();
        this.deliver(outcomes);
        const written = performance.now();
        recordTiming(this.live, { renderMs: rendered - batch[0]!.arrived, writeMs: written - rendered, events: batch.length, members: this.members.size });
      }
    } finally {
      this.draining = false;
    }
  }

  /** Writes the rendered events; when one failed, the members' subscriptions end after the ones before it. */
  private deliver(outcomes: Awaited<Pending["outcome"]>[]): void {
    const frames: Rendered[] = [];
    for (const o of outcomes) {
      if ("frame" in o) {
        frames.push(o.frame);
        continue;
      }
      // The event could not be checked or executed (the database is away): no member may silently
      // miss it, so the events before it go out, then their subscriptions end with the error and
      // the clients resume from the log.
      for (const member of this.members) offer(member, frames);
      const [refusal] = masked({ errors: [o.error as never] }).errors ?? [];
      for (const member of [...this.members]) member.fail(refusal as Error);
      return;
    }
    for (const member of this.members) offer(member, frames);
  }

  private async render(ctx: Context, message: M): Promise<Rendered> {
    const id = BigInt(message.id);
    if (!(await this.spec.keep(ctx, message))) return { id, payload: null, bytes: null };
    const { schema, document, operationName, variables } = this.exec;
    const result = await execute({ schema, document, operationName, variableValues: variables ?? undefined, contextValue: ctx, rootValue: message });
    const payload = JSON.stringify(masked(result));
    return { id, payload, bytes: Buffer.from(payload) };
  }
}

/** Gives a member events' frames in id order (a null payload: not for this group, but moves the cursor). */
function offer(member: Member, frames: Rendered[]): void {
  if (member.held) {
    member.held.push(...frames);
    return;
  }
  let cursor = member.cursor;
  const fresh: Rendered[] = [];
  for (const f of frames) {
    if (cursor != null && f.id <= cursor) continue;
    cursor = f.id;
    fresh.push(f);
  }
  member.cursor = cursor;
  if (fresh.length > 0) writeFrames(member, fresh);
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
      group = new LiveGroup<M>(ctx.caches.live, key, { schema, document, operationName, variables }, spec, ctx);
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
