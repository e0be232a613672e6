"use client";
import { JumioVerification } from "jumio-verification/react";
import { useState } from "react";

/** The frame, rendered on the server with `href` and adopted in the browser; a thank-you once the user is done. */
export function Verification({ href, allowedOrigins }: { href: string; allowedOrigins?: string | undefined }) {
  const [submitted, setSubmitted] = useState(false);
  return (
    <>
      <JumioVerification href={href} allowedOrigins={allowedOrigins} onJumioSuccess={() => setSubmitted(true)} />
      {submitted && <p role="status">Thank you. We will let you know once your documents are checked.</p>}
    </>
  );
}
