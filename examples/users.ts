// Stand-ins for your own session lookup and database, so that the example runs as written.
import type { Verification } from "jumio-verification/server";

/** The signed-in user of a request's `Cookie` header: here a demo session cookie, in your app your session middleware. */
export function signedInUser(cookie: string | null | undefined): string | undefined {
  return /(?:^|;\s*)session=(\w+)/.exec(cookie ?? "")?.[1];
}

/**
 * Where decisions go: your users table, one row per user, holding their newest verification.
 * One Map per process, as a database is one: Next.js may load this module more than once.
 */
const shared = globalThis as typeof globalThis & { exampleDecisions?: Map<string, Verification> };
shared.exampleDecisions ??= new Map<string, Verification>();
export const decisions = shared.exampleDecisions;

/** Called at least once per workflow, maybe late: an older workflow's result never replaces a newer one's. */
export async function saveDecision(verification: Verification): Promise<void> {
  const current = decisions.get(verification.userReference);
  if (
    current &&
    current.workflowExecutionId !== verification.workflowExecutionId &&
    current.createdAt > verification.createdAt
  )
    return;
  decisions.set(verification.userReference, verification);
}
