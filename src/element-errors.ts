import type { JumioElementError } from "./events.js";
import type { JumioFetchError } from "./fetcher.js";

export function invalidHref(what: string): JumioElementError {
  return { source: "element", code: "invalid-href", description: `${what} is neither a Jumio URL nor on an allowed origin.` };
}

export function loadTimeout(timeoutMs: number): JumioElementError {
  return { source: "element", code: "load-timeout", description: `No "loaded" from the web client within ${timeoutMs} ms.` };
}

/** `fetchVerificationHref` rejects with a JumioFetchError (or with the abort reason of work the element dropped). */
export function fetchFailed(error: JumioFetchError): JumioElementError {
  return { source: "element", code: error.code, description: error.message, ...(error.status === undefined ? {} : { status: error.status }), cause: error };
}
