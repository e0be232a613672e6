// When to repeat a request and how long to wait first, for the fetcher and the server alike.
// Browser-safe: no Node built-ins, nothing of the DOM beyond setTimeout and AbortSignal.

export interface RetryPolicy {
  /** Extra attempts after the first one. */
  retries: number;
  /** Backoff before the first retry; doubled for each next one, with jitter. */
  baseDelayMs: number;
  /** Longest backoff. */
  maxDelayMs: number;
}

/** `fetchVerificationHref`'s: a person is waiting in front of the page, so it waits less. */
export const FETCHER_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 300, maxDelayMs: 5000 };

/** The server client's calls to Jumio; a `Retry-After` beyond `maxDelayMs` is not retried. */
export const SERVER_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 250, maxDelayMs: 10_000 };

/** The longest wait a timer holds (2³¹ − 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timeout in ms for a timer: `value` if it is a positive number (at most what a timer holds), else `fallback`. */
export function timeoutOr(value: unknown, fallback: number): number {
  return typeof value === "number" && value > 0 ? Math.min(value, MAX_TIMER_MS) : fallback;
}

/** Network errors aside, what is worth repeating: a 5xx or a 429. */
export const isRetryableStatus = (status: number): boolean => status >= 500 || status === 429;

/** `Retry-After` as delta-seconds or an HTTP date, in ms from `now`; `undefined` when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header?.trim()) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry `attempt + 1`: exponential, capped at `maxDelayMs`, with "equal jitter"
 * (between half the ceiling and the ceiling), so that it never exceeds `maxDelayMs` and never
 * drops to nothing. https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round((ceiling * (1 + random())) / 2);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts (or at once if it has). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", abort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal?.addEventListener("abort", abort, { once: true });
  });
}
