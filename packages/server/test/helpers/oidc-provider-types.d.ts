// oidc-provider ships no type declarations; the tests use this much of it.
declare module "oidc-provider" {
  import type { Server } from "node:http";
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, sub: string) => Promise<unknown> });
    listen(port: number): Server;
  }
}
