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
