import type { YogaInitialContext } from "graphql-yoga";
import type { AppCaches } from "./app/caches.js";
import type { ApiTokenKind, Role } from "./generated/prisma/enums.js";
import type { PrismaClient } from "./lib/db.js";
import type { PubSub } from "./lib/pubsub.js";
import type { AccessService } from "./modules/access/service.js";

/** The person behind a request, as much as authorization needs. */
export interface ViewerUser {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  unitId: string;
}

/** Who is asking: nobody, a signed-in person (one session), or a machine token. */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "user"; user: ViewerUser; sessionId: string /** When the access token expires; live connections end then. */; expiresAt?: Date }
  | { kind: "token"; token: { id: string; name: string; kind: ApiTokenKind; indicatorIds: string[] } };

/** Per-operation limits that the complexity plugin and armor read. */
export interface Limits {
  complexity: number;
  /** The operation's cost was found within `complexity` (app/complexity-memo.ts): the plugin need not cost it again. */
  costChecked?: boolean;
}

/** What every resolver gets. Built per request (HTTP) or per operation (WebSocket). */
export interface Context extends Partial<YogaInitialContext> {
  prisma: PrismaClient;
  pubsub: PubSub;
  viewer: Viewer;
  limits: Limits;
  /** The caller's network address: the socket's, or a trusted proxy's `X-Forwarded-For` (TRUST_PROXY). */
  clientAddress: string | null;
  /** Services that hold more than a database handle (the access service holds the signing key). */
  access: AccessService;
  /** The app instance's caches (read sets, write generation, shared event loads): never shared between apps. */
  caches: AppCaches;
}

/** A person as the viewer of background work done on their behalf (a report schedule, a daily digest): their own read rules. */
export function viewerOfUser(u: ViewerUser, purpose: string): Viewer {
  return { kind: "user", sessionId: `${purpose}:${u.id}`, user: { id: u.id, name: u.name, email: u.email, roles: u.roles, unitId: u.unitId } };
}

/** The actor an audit row names: a person or a token. */
export function actorOf(viewer: Viewer): { actorId: string | null; tokenId: string | null } {
  if (viewer.kind === "user") return { actorId: viewer.user.id, tokenId: null };
  if (viewer.kind === "token") return { actorId: null, tokenId: viewer.token.id };
  return { actorId: null, tokenId: null };
}
