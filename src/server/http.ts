import type { Clock } from "./clock.js";
import { JumioNetworkError, JumioTimeoutError } from "./errors.js";
import type { Redactor } from "./redactor.js";
import { backoffDelay, statusRetryDelay, type RetryPolicy } from "./retry.js";

/** The media type of a `Content-Type` header, lower-cased and without parameters (`; charset=…`). */
export function mediaType(headers: Headers): string | undefined {
  return headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  body?: string | FormData;
  /** Whether repeating it is safe: on 5xx, 429 and network errors it is retried. */
  retryable: boolean;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** A complete answer: the body is read within the same timeout as the headers. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

interface HttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  clock: Clock;
  redactor: Redactor;
}

type Http = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * Whether fetch failed on the way (DNS, refused, reset, TLS): undici then rejects with a
 * `TypeError` whose `cause` is the socket's error. A `TypeError` without a cause is a
 * request fetch refused to send (an invalid header value, say): repeating it cannot help.
 */
function isNetworkFailure(error: unknown): boolean {
  return !(error instanceof TypeError && error.cause === undefined);
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

/** Sends requests, retrying the safe ones; HTTP error statuses are answers, not exceptions. */
export function createHttp({ fetch, timeoutMs, retry, clock, redactor }: HttpOptions): Http {
  async function attempt(request: HttpRequest): Promise<HttpResponse> {
    const limit = request.timeoutMs ?? timeoutMs;
    const timeout = AbortSignal.timeout(limit);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal,
      });
      return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new JumioTimeoutError(request.method, request.url, limit);
      const reason = redactor.redact(describeFailure(error));
      if (!isNetworkFailure(error)) throw new TypeError(`${request.method} ${request.url} was not sent: ${reason}`);
      throw new JumioNetworkError(request.method, request.url, reason);
    }
  }

  return async function send(request) {
    for (let attempted = 0; ; attempted++) {
      const canRetry = request.retryable && attempted < retry.retries;
      let wait: number | undefined;
      try {
        const response = await attempt(request);
        wait = canRetry
          ? statusRetryDelay(response.status, response.headers.get("retry-after"), attempted, retry, clock.now())
          : undefined;
        if (wait === undefined) return response;
      } catch (error) {
        const transient = error instanceof JumioNetworkError || error instanceof JumioTimeoutError;
        if (!canRetry || !transient) throw error;
        wait = backoffDelay(attempted, retry);
      }
      await clock.sleep(wait, request.signal);
    }
  };
}
