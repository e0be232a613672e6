import { type JumioRedirect, parseRedirect } from "./redirect.js";

// BroadcastChannel reaches only documents of the same origin (HTML: the same storage key): nothing posted here leaves it.
const CHANNEL_NAME = "jumio-verification";
const MESSAGE_TYPE = "jumio-verification:redirect";
const MESSAGE_VERSION = 1;
/** The handed-over tab's sessionStorage key: the nonce its redirect page relays. */
const NONCE_KEY = "jumio-verification:handover";
const NONCE = /^[0-9a-f]{32}$/;

/**
 * Above any redirect the guide allows: two UUIDs, a status, an errorCode and a
 * customerInternalReference of at most 100 characters (Account Create), each at most 12 when
 * percent-encoded.
 */
const MAX_QUERY_LENGTH = 2048;

/** What `relayRedirect` posts: the redirect's canonical query, and the nonce of the tab it was handed over to. */
interface RelayMessage {
  type: typeof MESSAGE_TYPE;
  version: typeof MESSAGE_VERSION;
  query: string;
  nonce?: string;
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

/**
 * The redirect in a relayed message: null unless the message is exactly one `relayRedirect` posts,
 * and carries `nonce` when one is given.
 */
function redirectOf(data: unknown, nonce: string | undefined): JumioRedirect | null {
  if (typeof data !== "object" || data === null || Object.getPrototypeOf(data) !== Object.prototype) return null;
  const { type, version, query, nonce: carried } = data as Partial<Record<string, unknown>>;
  const keys = Object.keys(data).join();
  if (!/^type,version,query(,nonce)?$/.test(keys) || type !== MESSAGE_TYPE || version !== MESSAGE_VERSION) return null;
  if (keys.endsWith("nonce") && !(typeof carried === "string" && NONCE.test(carried))) return null;
  if (nonce !== undefined && carried !== nonce) return null;
  if (typeof query !== "string" || query.length > MAX_QUERY_LENGTH) return null;
  const redirect = parseRedirect(new URLSearchParams(query));
  return redirect && canonicalQuery(redirect) === query ? redirect : null;
}

/** A tab's sessionStorage, as far as the relay uses it (typed here: Node's typecheck reaches this file, via `./fetcher`). */
interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
declare const sessionStorage: TabStorage;

/** The channel, or null where there is none: missing, or refused (Firefox throws a SecurityError where storage is blocked). */
function openChannel() {
  try {
    return typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : null;
  } catch {
    return null;
  }
}

/**
 * Marks the tab a verification is handed over to, while it is still this origin's about:blank:
 * its redirect page reads the nonce from the tab's sessionStorage. Returns the nonce, or
 * undefined where that storage cannot be reached.
 */
export function markHandoverTab(tab: { readonly sessionStorage: TabStorage }): string | undefined {
  // Not crypto.randomUUID: a page that is not a secure context, one that hands over, lacks it.
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  try {
    tab.sessionStorage.setItem(NONCE_KEY, nonce);
    return nonce;
  } catch {
    return undefined;
  }
}

/** The nonce of the tab this page is in, if the element handed a verification over to it. */
function tabNonce(): string | undefined {
  try {
    const nonce = sessionStorage.getItem(NONCE_KEY);
    return nonce !== null && NONCE.test(nonce) ? nonce : undefined;
  } catch {
    return undefined;
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
  const nonce = tabNonce();
  const message: RelayMessage = { type: MESSAGE_TYPE, version: MESSAGE_VERSION, query };
  channel.postMessage(nonce ? { ...message, nonce } : message);
  channel.close();
  return true;
}

/**
 * Calls `onRedirect` with each valid redirect `relayRedirect` relays, until `signal` aborts; given
 * a `nonce` (of `markHandoverTab`), only those relayed from the tab it marked.
 */
export function listenForRedirect(
  onRedirect: (redirect: JumioRedirect) => void,
  signal: AbortSignal,
  nonce?: string,
): void {
  if (signal.aborted) return;
  const channel = openChannel();
  if (!channel) return;
  channel.onmessage = ({ data }: MessageEvent) => {
    const redirect = redirectOf(data, nonce);
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
