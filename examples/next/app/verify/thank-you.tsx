"use client";
import { useEffect, useState } from "react";

/** A thank-you once the user is done in the frame: the element's `jumio-success` bubbles up to the document. */
export function ThankYou() {
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    const done = () => setSubmitted(true);
    document.addEventListener("jumio-success", done);
    return () => document.removeEventListener("jumio-success", done);
  }, []);
  return submitted && <p role="status">Thank you. We will let you know once your documents are checked.</p>;
}
