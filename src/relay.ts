import { type JumioRedirect, parseRedirect } from "./redirect.js";

// BroadcastChannel reaches only documents of the same origin (HTML: the same storage key): nothing posted here leaves it.
const CHANNEL_NAME = "jumio-verification";
const MESSAGE_TYPE = "jumio-verification:redirect";
const MESSAGE_VERSION = 1;

/**
 * Above any redirect the guide allows: two UUIDs, a status, an errorCode and a
 * customerInternalReference of at most 100 characters (Account Create), each at most 12 when
 * percent-encoded.
 */
const MAX_QUERY_LENGTH = 2048;

/** What `relayRedirect` posts: the redirect's canonical query, nothing else. */
interface RelayMessage {
  type: typeof MESSAGE_TYPE;
  version: typeof MESSAGE_VERSION;
  query: string;
}

/** The redirect's own fields in a fixed order; `errorDescription` follows from `errorCode` again. */
function canonicalQuery({
  accountId,
  workflowExecutionId,
  acquisitionStatus,
  customerInternalReference,
  errorCode,
}: JumioRedirect): string {
  const params = new URLSearchParams({ accountId, workflowExecutionId, acquisitionStatus });
  if (customerInternalReference !== undefined) params.set("customerInternalReference", customerInternalReference);
  if (errorCode !== undefined) params.set("errorCode", String(errorCode));
  return params.toString();
}

/** The redirect in a relayed message: null unless the message is exactly one `relayRedirect` posts. */
function redirectOf(data: unknown): JumioRedirect | null {
  if (typeof data !== "object" || data === null || Object.getPrototypeOf(data) !== Object.prototype) return null;
  const { type, version, query } = data as Partial<Record<string, unknown>>;
  if (Object.keys(data).join() !== "type,version,query" || type !== MESSAGE_TYPE || version !== MESSAGE_VERSION)
    return null;
  if (typeof query !== "string" || query.length > MAX_QUERY_LENGTH) return null;
  const redirect = parseRedirect(new URLSearchParams(query));
  return redirect && canonicalQuery(redirect) === query ? redirect : null;
}

/** The channel, or null where there is none: missing, or refused (Firefox throws a SecurityError where storage is blocked). */
function openChannel() {
  try {
    return typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : null;
  } catch {
    return null;
  }
}

/** The page's URL; none outside a browser (this module is typechecked for Node too, via `./fetcher`). */
const pageUrl = (): string => (globalThis as { location?: { href: string } }).location?.href ?? "";

/**
 * For the page behind `successUrl` / `errorUrl` (seed: "Success and Error URLs"): relays the
 * redirect to this origin's `<jumio-verification>` elements waiting for a verification handed
 * over to this tab. Only the fields of `parseRedirect` travel. Returns whether it relayed: false
 * for a URL that is not a valid redirect, or without BroadcastChannel.
 */
export function relayRedirect(url: string | URL = pageUrl()): boolean {
  const redirect = parseRedirect(url);
  const query = redirect && canonicalQuery(redirect);
  if (!query || query.length > MAX_QUERY_LENGTH) return false;
  const channel = openChannel();
  if (!channel) return false;
  channel.postMessage({ type: MESSAGE_TYPE, version: MESSAGE_VERSION, query } satisfies RelayMessage);
  channel.close();
  return true;
}

/** Calls `onRedirect` with each valid redirect `relayRedirect` relays, until `signal` aborts. */
export function listenForRedirect(onRedirect: (redirect: JumioRedirect) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  const channel = openChannel();
  if (!channel) return;
  channel.onmessage = ({ data }: MessageEvent) => {
    const redirect = redirectOf(data);
    if (redirect) onRedirect(redirect);
  };
  signal.addEventListener("abort", () => channel.close(), { once: true });
}

/** Whether a redirect belongs to the workflow, when it is known; UUIDs compare without case (RFC 9562). */
export function isRedirectFor(redirect: JumioRedirect, workflowExecutionId: string | undefined): boolean {
  return (
    workflowExecutionId === undefined ||
    redirect.workflowExecutionId.toLowerCase() === workflowExecutionId.toLowerCase()
  );
}
