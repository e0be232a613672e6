import { BlockList, isIP } from "node:net";
import { mediaType, readUpTo } from "./http.js";

/** What a server handler learns of a request besides the `Request` itself (`toNodeListener` fills it in). */
export interface RequestInfo {
  /** The TCP peer's address (`req.socket.remoteAddress`): a proxy's, when one is in front. */
  remoteAddress?: string | undefined;
}

/** A JSON answer that no cache keeps and no browser sniffs. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}

/** `{ error: { code, message } }`: what every refusal of ours looks like. */
export function failure(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return json(status, { error: { code, message } }, headers);
}

/** Calls a host's callback (a logger): what it throws or rejects with must not turn an answer into a crash. */
export function quietly(call: () => unknown): void {
  try {
    Promise.resolve(call()).catch(() => {});
  } catch {
    // Nothing left to report it to.
  }
}

/** The body was longer than its cap: answered 413, and not read any further. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";

  constructor(readonly maxBytes: number) {
    super(`The request body is larger than ${maxBytes} bytes.`);
  }
}

/** The bytes of `request`'s body, reading no more than `maxBytes` of it: a longer one throws `BodyTooLargeError`. */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  const { bytes, truncated } = await readUpTo(request.body, maxBytes);
  if (truncated) throw new BodyTooLargeError(maxBytes);
  return bytes;
}

/** The 413 for a `BodyTooLargeError`, or `undefined` for any other failure. */
export function tooLarge(error: unknown): Response | undefined {
  if (!(error instanceof BodyTooLargeError)) return undefined;
  return failure(413, "body_too_large", `The request body must be at most ${error.maxBytes} bytes.`, {
    Connection: "close",
  });
}

/** Forwarding proxies in front of the app: how many hops, or their addresses. */
export type TrustProxy = number | readonly string[];

/**
 * The list of `X-Forwarded-*` values the proxies wrote, oldest first. Each proxy appends
 * to the right, so only the right-most entries are theirs; the left ones are the client's to
 * invent.
 */
function forwarded(headers: Headers, name: string): string[] {
  return (headers.get(name) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/**
 * An address as written in `X-Forwarded-For` or by a socket, bare: without a port
 * (`1.2.3.4:5678`, `[2001:db8::1]:443`), brackets or the IPv4-mapped IPv6 prefix.
 */
export function plainAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  const address = bracketed
    ? bracketed[1]!
    : /^[\d.]+:\d+$/.test(entry)
      ? entry.slice(0, entry.lastIndexOf(":"))
      : entry;
  return address.replace(/^::ffff:(?=\d+\.)/i, "").toLowerCase();
}

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** A `trustProxy` entry: an IP address, or a subnet in CIDR notation (`10.0.0.0/8`, `fd00::/8`). */
export function isProxyAddress(entry: string): boolean {
  const [address = "", prefix, ...rest] = entry.split("/");
  const bits = isIP(address) === 6 ? 128 : 32;
  return (
    isIP(address) !== 0 &&
    rest.length === 0 &&
    (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits))
  );
}

function proxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    if (prefix === undefined) list.addAddress(plainAddress(address), family(plainAddress(address)));
    else list.addSubnet(address, Number(prefix), family(address));
  }
  return list;
}

/**
 * The client's address: `trustProxy` hops from the right of `X-Forwarded-For` (the peer
 * itself with no proxy), or, given the proxies' addresses, the right-most address that is
 * not one of them. Never the left-most entry, which anyone can write. `undefined` when the
 * header has fewer entries than the hops said to be there, or an entry is not an address.
 * Without a `peer` (a framework that does not expose the socket), the nearest proxy's own
 * entry stands for it: the right-most one, which counts as the first of the hops.
 */
export function clientAddress(
  headers: Headers,
  peer: string | undefined,
  trustProxy: TrustProxy = 0,
): string | undefined {
  const entries = forwarded(headers, "x-forwarded-for");
  const noProxy = typeof trustProxy === "number" ? trustProxy === 0 : trustProxy.length === 0;
  if (peer === undefined && (noProxy || entries.length === 0)) return undefined;
  const chain = (peer === undefined ? entries : [...entries, peer]).map(plainAddress);
  const hops = typeof trustProxy === "number" ? trustProxy - (peer === undefined ? 1 : 0) : undefined;
  let address: string | undefined;
  if (hops !== undefined) {
    address = chain[chain.length - 1 - hops];
  } else {
    const proxies = proxyList(trustProxy as readonly string[]);
    for (let index = chain.length - 1; index >= 0 && address === undefined; index--) {
      const entry = chain[index]!;
      if (isIP(entry) === 0 || !proxies.check(entry, family(entry))) address = entry;
    }
  }
  return address !== undefined && isIP(address) !== 0 ? address : undefined;
}

/**
 * The origin the browser sees for this request: the request URL's, or, behind `trustProxy`
 * hops, the right-most `X-Forwarded-Proto` and `X-Forwarded-Host` the nearest proxy wrote.
 */
export function requestOrigin(request: Request, trustProxy: TrustProxy = 0): string {
  const url = new URL(request.url);
  const hops = typeof trustProxy === "number" ? trustProxy : trustProxy.length;
  if (hops === 0) return url.origin;
  const proto = forwarded(request.headers, "x-forwarded-proto").at(-1);
  const host = forwarded(request.headers, "x-forwarded-host").at(-1);
  const origin = `${proto ?? url.protocol.slice(0, -1)}://${host ?? url.host}`;
  return URL.canParse(origin) ? new URL(origin).origin : url.origin;
}

export interface BrowserRequestRules {
  /** Origins other than the request's own that may send it. */
  allowedOrigins?: readonly string[] | undefined;
  trustProxy?: TrustProxy | undefined;
}

/**
 * The refusal for a request a page on another origin made, or `undefined` to go on. Browsers
 * send `Origin` with every POST; a request without one is from no page (a server, curl) unless
 * `Sec-Fetch-Site` says otherwise.
 */
export function refuseForeignOrigin(request: Request, rules: BrowserRequestRules): Response | undefined {
  const origin = request.headers.get("origin");
  if (origin === null) {
    const site = request.headers.get("sec-fetch-site");
    if (site === null || site === "same-origin" || site === "none") return undefined;
  } else if (origin === requestOrigin(request, rules.trustProxy) || rules.allowedOrigins?.includes(origin)) {
    return undefined;
  }
  return failure(
    403,
    "foreign_origin",
    `Requests from ${origin} are not accepted: it is not this backend's origin (${requestOrigin(request, rules.trustProxy)}) nor in allowedOrigins. A proxy that rewrites Host (Vite's changeOrigin) makes the page's origin look foreign.`,
  );
}

/**
 * The refusal for a body that is neither empty nor `application/json`: a page can send
 * `text/plain` or a form to any origin without asking first, JSON it cannot.
 */
export function refuseNonJson(request: Request, body: Uint8Array): Response | undefined {
  if (body.byteLength === 0 || mediaType(request.headers) === "application/json") return undefined;
  return failure(415, "unsupported_media_type", "Send Content-Type: application/json, or no body.");
}

/** The same request with its body replaced by bytes already read: a handler may read it again. */
export function withBody(request: Request, body: Uint8Array<ArrayBuffer>): Request {
  const init: RequestInit = { method: request.method, headers: request.headers, signal: request.signal };
  if (body.byteLength > 0) init.body = body;
  return new Request(request.url, init);
}
