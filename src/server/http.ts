import { backoffDelay, type RetryPolicy } from "../retry.js";
import type { Clock } from "./clock.js";
import { JumioNetworkError, JumioResponseError, JumioTimeoutError } from "./errors.js";
import type { Redactor } from "./redactor.js";
import { statusRetryDelay } from "./retry.js";

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
  /** What an error answer to it must not show besides the client's own secrets. */
  secrets?: readonly string[] | undefined;
}

/** A 2xx body longer than this is refused: no answer the guide documents comes near it. */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Of an error answer, only this much is kept. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Read past the cut, so that a secret across it is redacted whole before the cut. */
const REDACTION_MARGIN_BYTES = 8 * 1024;

/** A complete answer: the body is read within the same timeout as the headers. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  /** An error answer longer than `MAX_ERROR_BODY_BYTES`: `body` is its start, redacted. */
  truncated: boolean;
}

/** Up to `maxBytes` of `stream`, and whether it had more: the rest is cancelled, never read. */
export async function readUpTo(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; truncated: boolean }> {
  if (!stream) return { bytes: new Uint8Array(0), truncated: false };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let truncated = false;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    const room = maxBytes - length;
    truncated = read.value.byteLength > room;
    const kept = truncated ? read.value.subarray(0, room) : read.value;
    chunks.push(kept);
    length += kept.byteLength;
    if (truncated) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, truncated };
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

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A 2xx body up to `MAX_ANSWER_BYTES`, or the start of an error body: a huge one is never held whole. */
async function readAnswer(request: HttpRequest, response: Response, redactor: Redactor) {
  if (response.ok) {
    const { bytes, truncated } = await readUpTo(response.body, MAX_ANSWER_BYTES);
    if (!truncated) return { body: bytes, truncated };
    const message = `is larger than ${MAX_ANSWER_BYTES} bytes (16 MiB), the most this client reads`;
    throw new JumioResponseError(`Unexpected answer to ${request.method} ${request.url}`, response.status, [
      { path: "", message },
    ]);
  }
  const { bytes } = await readUpTo(response.body, MAX_ERROR_BODY_BYTES + REDACTION_MARGIN_BYTES);
  if (bytes.byteLength <= MAX_ERROR_BODY_BYTES) return { body: bytes, truncated: false };
  const redacted = encoder.encode(redactor.redact(decoder.decode(bytes), request.secrets));
  return { body: redacted.subarray(0, MAX_ERROR_BODY_BYTES), truncated: true };
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
      return { status: response.status, headers: response.headers, ...(await readAnswer(request, response, redactor)) };
    } catch (error) {
      if (error instanceof JumioResponseError) throw error;
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
