import script from "jumio-verification/jumio-verification.min.js";
import { renderVerificationHtml, type VerificationHref } from "jumio-verification/server";
import { headers } from "next/headers";
import { connection } from "next/server";
import { jumio } from "../../lib/jumio";
import { signedInUser } from "../../lib/users";
import { ThankYou } from "./thank-you";

// Sent whole, not streamed into a <Suspense> (which cacheComponents asks for otherwise): React moves
// streamed-in HTML into place, and a moved iframe loads its page again.
export const instant = false;

export default async function VerifyPage() {
  // At request time only, never in a prerender or a prefetch: it may create a Jumio account.
  await connection();
  const cookie = (await headers()).get("cookie");
  if (!signedInUser(cookie)) return <p>Sign in first.</p>;
  // The endpoint's answer, asked by the server itself.
  const url = `${process.env.PUBLIC_ORIGIN}/api/jumio/verification`;
  const answer = await (await jumio()).verification(new Request(url, { method: "POST", headers: { cookie: cookie! } }));
  if (!answer.ok) {
    const { error } = (await answer.json()) as { error: { message: string } };
    return <p>{error.message}</p>;
  }
  const { href } = (await answer.json()) as VerificationHref;
  return (
    <main>
      <h1>Verify your identity</h1>
      {/* eslint-disable-next-line @next/next/no-sync-scripts -- blocking on purpose: the element is defined before the parser reaches the frame, in time to hear the web client's `loaded`. */}
      <script src={script} />
      {/* The element and its frame, escaped; not the React wrapper, which would load a second Lit beside the bundle's. */}
      {/* allowedOrigins: the mock's web client is on its own origin, which the element trusts only when named. */}
      <div
        // The element sets its own attributes (state, aria-busy) before hydration, in this HTML.
        suppressHydrationWarning
        // biome-ignore lint/security/noDangerouslySetInnerHtml: renderVerificationHtml escapes every attribute and checks the href.
        dangerouslySetInnerHTML={{
          __html: renderVerificationHtml({ href, allowedOrigins: process.env.JUMIO_BASE_URL ?? [] }),
        }}
      />
      <ThankYou />
    </main>
  );
}
