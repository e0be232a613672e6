import type { RetryPolicy } from "../../retry.js";

/** How a caller waits while another holds the user's lease (creating their workflow, or forgetting them). */
export const LEASE_WAIT: RetryPolicy = { retries: 0, baseDelayMs: 50, maxDelayMs: 1000 };

/**
 * Renews a lease every third of `leaseMs` while its holder works, so that another instance
 * takes it over only once this one stopped (or stalled longer than a lease); stop with the
 * function it returns.
 */
export function keepLease(
  renew: () => Promise<unknown>,
  leaseMs: number,
  report: (error: unknown) => void,
): () => void {
  const timer = setInterval(() => void renew().catch(report), leaseMs / 3);
  return () => clearInterval(timer);
}
