export interface RetryPolicy {
  /** Extra attempts after the first one. */
  retries: number;
  /** Backoff before the first retry; doubled for each next one, with jitter. */
  baseDelayMs: number;
  /** Longest wait; a `Retry-After` asking for more is not retried. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, baseDelayMs: 250, maxDelayMs: 10_000 };

export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` as delta-seconds or HTTP-date, in ms from `now`. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before repeating a request that got `status`, or `undefined` not to repeat it. */
export function statusRetryDelay(
  status: number,
  retryAfter: string | null,
  attempt: number,
  policy: RetryPolicy,
  now: number,
): number | undefined {
  if (status !== 429 && status < 500) return undefined;
  const requested = parseRetryAfter(retryAfter, now);
  if (requested === undefined) return backoffDelay(attempt, policy);
  return requested <= policy.maxDelayMs ? requested : undefined;
}
