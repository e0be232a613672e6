import { VERIFICATION_DEFAULTS } from "./options.js";
import { backoffDelay, FETCHER_RETRY_POLICY, isRetryableStatus, parseRetryAfter, sleep, timeoutOr } from "./retry.js";
import { checkHref, parseAllowedOrigins } from "./trust.js";

// The page's, declared for the Node typecheck, which reaches this file (through error-codes.ts) without the DOM.
declare const location: { readonly origin: string };
declare const document: { readonly baseURI: string };

export type FetchErrorCode = "fetch-failed" | "fetch-timeout" | "invalid-response" | "http-error";

export interface FetchVerificationHrefOptions {
  /**
   * Merged over the defaults `{ method: "POST", credentials: "same-origin" }`. An
   * `Idempotency-Key` in its headers is sent instead of a random one.
   */
  init?: RequestInit;
  /** For the whole call, retries and waits included. Default 15000, the element's `fetchTimeout`. */
  timeoutMs?: number;
  /** Further attempts after a 5xx, a 429 or a network error of an endpoint on the page's origin. Default 2. */
  retries?: number;
  signal?: AbortSignal;
  /** Extra origins an href may point at besides Jumio's (a proxy, the local mock). */
  allowedOrigins?: readonly string[];
}

/** Why `fetchVerificationHref` failed; `status` is the endpoint's HTTP status where there was one. */
export class JumioFetchError extends Error {
  override readonly name = "JumioFetchError";
  readonly code: FetchErrorCode;
  readonly status: number | undefined;

  constructor(code: FetchErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}

/** Far above any answer of an href endpoint: an href is a few kB. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The answer's JSON, read up to the cap: a larger answer is refused before it is whole. */
async function readAnswer(response: Response): Promise<unknown> {
  const tooLarge = () => new JumioFetchError("invalid-response", "The endpoint's answer is larger than 64 KiB.");
  const length = response.headers.get("Content-Length");
  if (Number(length) > MAX_ANSWER_BYTES) throw tooLarge();
  // Its length known, read whole: Chromium may report a body read to its end by a reader as aborted.
  // Not when compressed (the length is the compressed one), nor cross-origin (the encoding is hidden).
  const encoding = response.headers.get("Content-Encoding") ?? "identity";
  if (length !== null && response.type === "basic" && encoding === "identity") return response.json();
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let json = "";
  let bytes = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    bytes += chunk.value.byteLength;
    if (bytes > MAX_ANSWER_BYTES) {
      await reader?.cancel();
      throw tooLarge();
    }
    json += decoder.decode(chunk.value, { stream: true });
  }
  return JSON.parse(json + decoder.decode());
}

/** An object's own fields, or none at all: for reading untrusted JSON. */
const fields = (value: unknown): Partial<Record<string, unknown>> =>
  typeof value === "object" && value !== null ? value : {};
const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

export interface VerificationHref {
  href: string;
  accountId?: string;
  workflowExecutionId?: string;
}

/** A random UUID v4. Not `crypto.randomUUID()`: it exists only in secure contexts. */
function randomUuid(): string {
  const random = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  // Each x is a random hex digit, the y one of 8, 9, a, b (the variant).
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) =>
    (c === "x" ? random[i++]! & 15 : (random[i++]! & 3) | 8).toString(16),
  );
}

/** Aborted when one of `signals` is. Not `AbortSignal.any()`: Safari has it only since 17.4. */
function anySignal(signals: readonly AbortSignal[]): AbortSignal {
  const any = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) any.abort(signal.reason);
    else signal.addEventListener("abort", () => any.abort(signal.reason), { once: true, signal: any.signal });
  }
  return any.signal;
}

/** The origin `fetch` would send `endpoint` to, or undefined for a URL it cannot parse. */
function originOf(endpoint: string | URL): string | undefined {
  try {
    return new URL(endpoint, document.baseURI).origin;
  } catch {
    return undefined;
  }
}

/** The endpoint's answer: `{ href, … }`, or Jumio's Account Create/Update response as it is. */
function toResult(json: unknown, allowedOrigins: readonly string[]): VerificationHref {
  const body = fields(json);
  const href = text(body.href) ?? text(fields(body.web).href);
  if (href === undefined) {
    throw new JumioFetchError("invalid-response", "The endpoint's JSON has neither `href` nor `web.href`.");
  }
  const url = checkHref(href, allowedOrigins);
  if (!url) throw new JumioFetchError("invalid-response", "The endpoint's href is not trusted.");
  const accountId = text(body.accountId) ?? text(fields(body.account).id);
  const workflowExecutionId = text(body.workflowExecutionId) ?? text(fields(body.workflowExecution).id);
  return {
    href: url.href,
    ...(accountId === undefined ? {} : { accountId }),
    ...(workflowExecutionId === undefined ? {} : { workflowExecutionId }),
  };
}

/**
 * Asks the host's own backend for a verification href (`POST endpoint`), retrying 5xx and 429
 * with backoff, and checks the href against the trust rules. Every attempt of one call carries
 * the same `Idempotency-Key`, so that the backend can answer a retry with what it created for
 * the first attempt.
 *
 * A network error (`fetch`'s TypeError) is retried only for an endpoint on the page's origin.
 * For another origin it may be CORS withholding the answer to a POST that reached the backend
 * (a repeat would create another workflow): the call fails at once with `fetch-failed`, after a
 * console warning naming the fixes (the same origin, a dev-server proxy, or the backend's CORS).
 */
export async function fetchVerificationHref(
  endpoint: string | URL,
  options: FetchVerificationHrefOptions = {},
): Promise<VerificationHref> {
  const { init = {}, retries = FETCHER_RETRY_POLICY.retries, signal, allowedOrigins = [] } = options;
  const timeoutMs = timeoutOr(options.timeoutMs, VERIFICATION_DEFAULTS.fetchTimeout);
  const origins = parseAllowedOrigins(allowedOrigins);
  const maxRetries = Number.isInteger(retries) && retries > 0 ? retries : 0;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const callerSignals = [signal, init.signal].filter((s): s is AbortSignal => s != null);
  const combined = anySignal([timeout.signal, ...callerSignals]);
  const headers = new Headers(init.headers);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  if (!headers.has("Idempotency-Key")) headers.set("Idempotency-Key", randomUuid());
  const request: RequestInit = { method: "POST", credentials: "same-origin", ...init, headers, signal: combined };

  const fail = (error: unknown): never => {
    const aborted = callerSignals.find((s) => s.aborted);
    if (aborted) throw aborted.reason;
    if (timeout.signal.aborted) {
      throw new JumioFetchError("fetch-timeout", `The endpoint did not answer within ${timeoutMs} ms.`, {
        cause: error,
      });
    }
    throw error;
  };

  try {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(endpoint, request).catch((error: unknown) => {
        if (combined.aborted) fail(error);
        // On another origin the backend may have had the POST, its answer hidden by CORS: not repeated.
        const origin = originOf(endpoint);
        const foreign = origin && origin !== location.origin;
        if (foreign)
          console.warn(
            `jumio-verification: no answer from ${origin}, not the page's origin: CORS may have hidden it. Make the endpoint same-origin, proxy it in the dev server (Vite: server.proxy, changeOrigin false), or list ${location.origin} in the service's allowedOrigins.`,
          );
        if (foreign || attempt >= maxRetries) {
          const reason = foreign ? ", or CORS blocked its answer" : "";
          throw new JumioFetchError("fetch-failed", `The endpoint could not be reached${reason}.`, { cause: error });
        }
      });
      const answeredFrom = response?.redirected ? originOf(response.url) : undefined;
      if (answeredFrom && answeredFrom !== originOf(endpoint)) {
        await response?.body?.cancel();
        throw new JumioFetchError("invalid-response", `The endpoint redirected to another origin, ${answeredFrom}.`);
      }
      if (response?.ok) {
        const body: unknown = await readAnswer(response).catch((error: unknown) => {
          if (combined.aborted) fail(error);
          if (error instanceof JumioFetchError) throw error;
          throw new JumioFetchError("invalid-response", "The endpoint did not answer JSON.", { cause: error });
        });
        return toResult(body, origins);
      }
      const retryAfter = parseRetryAfter(response?.headers.get("Retry-After"), Date.now());
      // A Retry-After beyond the whole call's time cannot be honoured: the answer stands.
      if (
        response &&
        (!isRetryableStatus(response.status) || attempt >= maxRetries || (retryAfter ?? 0) >= timeoutMs)
      ) {
        throw new JumioFetchError("http-error", `The endpoint answered HTTP ${response.status}.`, {
          status: response.status,
        });
      }
      await response?.body?.cancel();
      await sleep(retryAfter ?? backoffDelay(attempt, FETCHER_RETRY_POLICY), combined).catch(fail);
    }
  } finally {
    clearTimeout(timer);
  }
}
export { relayRedirect } from "./relay.js";
