import { type FetchErrorCode, JumioFetchError } from "./fetcher.js";
import type { JumioMessage } from "./messages.js";
import type { JumioRedirect } from "./redirect.js";

export interface JumioErrorCodeInfo {
  readonly description: string;
  /** Whether the user can carry on in the same session (a transient network or server fault). */
  readonly retryable: boolean;
}

/**
 * Jumio's web client error codes. Descriptions are the guide's ("Success and Error URLs",
 * `errorCode`); 9301 and 9900 come from Jumio's current web client. `retryable` marks the
 * transient faults; `payload.metainfo.retriable`, where the client sends it, wins.
 */
export const JUMIO_ERROR_CODES: Readonly<Record<number, JumioErrorCodeInfo>> = Object.freeze({
  9100: { description: "Error occurred on our server.", retryable: true },
  9200: { description: "Authorization token missing, invalid, or expired.", retryable: false },
  9210: { description: "Session expired after the user journey started.", retryable: false },
  9300: { description: "Error occurred transmitting image to our server.", retryable: true },
  9301: { description: "Consent submission failed.", retryable: true },
  9400: { description: "Error occurred during verification step.", retryable: false },
  9800: { description: "User has no network connection.", retryable: true },
  9801: { description: "Unexpected error occurred in the client.", retryable: false },
  9810: { description: "Problem while communicating with our server.", retryable: true },
  9820: { description: "File upload not enabled and camera unavailable.", retryable: false },
  9821: { description: "The biometric face capture process failed, e.g. issue with iProov", retryable: false },
  9822: { description: "Browser does not support camera.", retryable: false },
  9835: { description: "No acceptable submission in 3 attempts.", retryable: false },
  9836: { description: "Authentication Failure.", retryable: false },
  9900: { description: "Credential error, transaction cannot be completed.", retryable: false },
});

/** The codes on which `auto-renew` fetches a fresh href: the token or the session expired. */
export const RENEWABLE_ERROR_CODES: ReadonlySet<number> = new Set([9200, 9210]);

/** The codes on which the element offers to continue in a new tab: the camera is unavailable or unsupported here. */
export const HANDOVER_ERROR_CODES: ReadonlySet<number> = new Set([9820, 9822]);

export function describeErrorCode(code: number): JumioErrorCodeInfo {
  return JUMIO_ERROR_CODES[code] ?? { description: `Unknown error code ${code}`, retryable: false };
}

/** An element error's code: the endpoint's (the fetcher's), an untrusted href, or a frame that never said loaded. */
export type ElementErrorCode = FetchErrorCode | "invalid-href" | "load-timeout";

/** An error message of the web client. */
export interface JumioClientError {
  source: "jumio";
  /** `payload.metainfo.code`, or 0 when the client sent none. */
  code: number;
  description: string;
  retryable: boolean;
  message: JumioMessage;
}

/** An error of the element itself: an untrusted href, the endpoint's failure, a frame that never loaded. */
export interface JumioElementError {
  source: "element";
  code: ElementErrorCode;
  description: string;
  status?: number;
  cause?: unknown;
}

/** An error relayed from the redirect page of a verification continued in a new tab. */
export interface JumioRedirectError {
  source: "redirect";
  /** The redirect's `errorCode`, or 0 when it had none. */
  code: number;
  description: string;
  retryable: false;
  redirect: JumioRedirect;
}

/** The `jumio-error` event's detail. */
export type JumioErrorDetail = JumioClientError | JumioElementError | JumioRedirectError;

/** The `jumio-error` detail for an error message of the web client. */
export function jumioClientError(message: JumioMessage): JumioClientError {
  const code = message.errorCode ?? 0;
  const { description, retryable } = describeErrorCode(code);
  return { source: "jumio", code, description, retryable: message.retriable ?? retryable, message };
}

/** The `jumio-error` detail for an error relayed from the redirect page. */
export function redirectError(redirect: JumioRedirect): JumioRedirectError {
  const code = redirect.errorCode ?? 0;
  return { source: "redirect", code, description: describeErrorCode(code).description, retryable: false, redirect };
}

export function invalidHref(what: string): JumioElementError {
  return {
    source: "element",
    code: "invalid-href",
    description: `${what} is not trusted.`,
  };
}

export function loadTimeout(timeoutMs: number): JumioElementError {
  return {
    source: "element",
    code: "load-timeout",
    description: `No "loaded" from the web client within ${timeoutMs} ms.`,
  };
}

/**
 * `fetchVerificationHref` rejects with a JumioFetchError, or with what else stopped it: the
 * reason of an aborted `requestInit.signal`, a TypeError from `requestInit` itself.
 */
export function fetchFailed(error: unknown): JumioElementError {
  const known = error instanceof JumioFetchError ? error : undefined;
  const status = known?.status;
  return {
    source: "element",
    code: known?.code ?? "fetch-failed",
    description: known?.message ?? String(error),
    ...(status === undefined ? {} : { status }),
    cause: error,
  };
}
