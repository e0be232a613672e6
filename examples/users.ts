// Stand-ins for your own session lookup and database, so that the example runs as written.
import type { Verification } from "jumio-verification/server";

/** The signed-in user of a request's `Cookie` header: here a demo session cookie, in your app your session middleware. */
export function signedInUser(cookie: string | null | undefined): string | undefined {
  return /(?:^|;\s*)session=(\w+)/.exec(cookie ?? "")?.[1];
}

/** Where decisions go: your users table. */
export const decisions = new Map<string, Verification>();

export async function saveDecision(verification: Verification): Promise<void> {
  decisions.set(verification.userReference, verification);
}
