import type { JumioElementError } from "./events.js";
import { JumioFetchError } from "./fetcher.js";

export function invalidHref(what: string): JumioElementError {
  return { source: "element", code: "invalid-href", description: `${what} is neither a Jumio URL nor on an allowed origin.` };
}

export function loadTimeout(timeoutMs: number): JumioElementError {
  return { source: "element", code: "load-timeout", description: `No "loaded" from the web client within ${timeoutMs} ms.` };
}

/**
 * `fetchVerificationHref` rejects with a JumioFetchError, or with what else stopped it: the
 * reason of an aborted `requestInit.signal`, a TypeError from `requestInit` itself.
 */
export function fetchFailed(error: unknown): JumioElementError {
  const known = error instanceof JumioFetchError ? error : undefined;
  const status = known?.status;
  return { source: "element", code: known?.code ?? "fetch-failed", description: known?.message ?? String(error), ...(status === undefined ? {} : { status }), cause: error };
}
