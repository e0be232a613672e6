import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "../retry.js";

// The policy lives in the shared src/retry.ts; these names stay for the server's own imports.
export { type RetryPolicy, SERVER_RETRY_POLICY as DEFAULT_RETRY_POLICY } from "../retry.js";

/**
 * How long to wait before repeating a request that got `status`, or `undefined` not to repeat
 * it: a `Retry-After` beyond `maxDelayMs` is answered with the status rather than waited out.
 */
export function statusRetryDelay(
  status: number,
  retryAfter: string | null,
  attempt: number,
  policy: RetryPolicy,
  now: number,
): number | undefined {
  if (!isRetryableStatus(status)) return undefined;
  const requested = parseRetryAfter(retryAfter, now);
  if (requested === undefined) return backoffDelay(attempt, policy);
  return requested <= policy.maxDelayMs ? requested : undefined;
}
