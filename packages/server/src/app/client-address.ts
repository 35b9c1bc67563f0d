import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/** Which hops may speak for the client in `X-Forwarded-For`: given an address and its hop index. */
export type TrustProxy = (address: string, hop: number) => boolean;

/** The default: no hop is trusted, the socket's peer is the client (`clientAddress` reads nothing else). */
const TRUST_NONE: TrustProxy = () => false;

/**
 * `TRUST_PROXY`, read the way Express reads its `trust proxy` setting (proxy-addr):
 * unset or `false` trusts nobody (the socket's address is the client's); `true` trusts every
 * hop (the left-most `X-Forwarded-For` entry); a whole number n trusts the n nearest hops; anything
 * else is a comma-separated list of addresses, CIDR ranges or the names `loopback`,
 * `linklocal` and `uniquelocal`. A malformed list stops the server at start.
 */
export function trustProxy(value: string | undefined = process.env.TRUST_PROXY): TrustProxy {
  const v = value?.trim() ?? "";
  if (v === "" || v === "false") return TRUST_NONE;
  if (v === "true") return () => true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  try {
    return proxyaddr.compile(
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
  } catch (error) {
    throw new Error(`TRUST_PROXY: ${(error as Error).message}. Use true, a hop count, or addresses / CIDRs such as "loopback, 10.0.0.0/8".`);
  }
}

/**
 * The client's address (§6.4 throttling and rate limits): the socket's peer, or, when that peer
 * is a trusted proxy, the nearest untrusted address in `X-Forwarded-For`. Null without a socket.
 */
export function clientAddress(req: IncomingMessage | undefined, trust: TrustProxy): string | null {
  if (!req?.socket?.remoteAddress) return null;
  // Trusting no hop, proxy-addr answers the socket's address after parsing X-Forwarded-For for
  // nothing (issue 13: per request).
  if (trust === TRUST_NONE) return req.socket.remoteAddress;
  return proxyaddr(req, trust);
}
