import type { JumioClient } from "./client.js";
import {
  JumioApiError,
  JumioNetworkError,
  JumioResponseError,
  JumioTimeoutError,
  JumioValidationError,
} from "./errors.js";
import type { AccountRequest, AccountResponse } from "./schemas/account.js";

/** What the host wants for the incoming request: a new account, or a new workflow on `accountId`. */
export interface VerificationAccount {
  accountId?: string | undefined;
  request: AccountRequest;
}

/** The handler's answer: what the element's `endpoint` expects. */
export interface VerificationHref {
  href: string;
  accountId: string;
  workflowExecutionId: string;
}

export interface VerificationHandlerOptions {
  client: Pick<JumioClient, "createAccount" | "updateAccount">;
  /**
   * Builds the Account Create/Update body for the incoming request (the signed-in user,
   * their reference, consent). Return a `Response` to answer yourself, e.g. a 401.
   */
  account: (request: Request) => VerificationAccount | Response | Promise<VerificationAccount | Response>;
  /** Called with Jumio's answer before the browser gets its href: store `account.id` here. */
  onAccount?: (response: AccountResponse, request: Request) => void | Promise<void>;
  /**
   * Every failure, for your logs; thrown errors hold no secret. Not called when the browser
   * went away (`request.signal` aborted). What it throws or rejects with is ignored.
   */
  onError?: (error: unknown, request: Request) => void;
  /** Accept requests a browser marks `Sec-Fetch-Site: cross-site`. Default `false`. */
  allowCrossSite?: boolean;
}

type Failure = [status: number, code: string, message: string];

function failureFor(error: unknown): Failure {
  if (error instanceof JumioValidationError) {
    return [500, "invalid_account_request", "The verification could not be prepared."];
  }
  if (error instanceof JumioTimeoutError) return [504, "jumio_timeout", "Jumio did not answer in time."];
  if (error instanceof JumioNetworkError) return [503, "jumio_unavailable", "Jumio could not be reached."];
  if (error instanceof JumioApiError && (error.status === 429 || error.status >= 500)) {
    return [503, "jumio_unavailable", "Jumio is unavailable, try again later."];
  }
  if (error instanceof JumioApiError || error instanceof JumioResponseError) {
    return [502, "jumio_error", "Jumio did not accept the verification request."];
  }
  return [500, "internal_error", "The verification could not be started."];
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers,
    },
  });
}

function error(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return json(status, { error: { code, message } }, headers);
}

/** Calls the host's `onError`: a failing logger must not turn an answer into a crash. */
function report(onError: VerificationHandlerOptions["onError"], failure: unknown, request: Request): void {
  try {
    Promise.resolve(onError?.(failure, request)).catch(() => {});
  } catch {
    // Nothing left to report it to.
  }
}

function toHref(response: AccountResponse): VerificationHref {
  if (!response.web) {
    const hint = "is missing: is a Domain Name Prefix set in the Customer Portal?";
    throw new JumioResponseError("Unexpected Account answer", 200, [{ path: "web.href", message: hint }]);
  }
  return {
    href: response.web.href,
    accountId: response.account.id,
    workflowExecutionId: response.workflowExecution.id,
  };
}

/**
 * A Fetch-API handler for the host's backend: on `POST` it creates (or, given an account
 * id, updates) a Jumio account and answers `{ href, accountId, workflowExecutionId }`.
 * Failures are `{ error: { code, message } }` without anything from Jumio's answer.
 */
export function createVerificationHandler(
  options: VerificationHandlerOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "POST") {
      return error(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
    }
    if (!options.allowCrossSite && request.headers.get("sec-fetch-site") === "cross-site") {
      return error(403, "cross_site_request", "Cross-site requests are not accepted.");
    }
    try {
      const wanted = await options.account(request);
      if (wanted instanceof Response) return wanted;
      const call = { signal: request.signal };
      const response =
        wanted.accountId === undefined
          ? await options.client.createAccount(wanted.request, call)
          : await options.client.updateAccount(wanted.accountId, wanted.request, call);
      const href = toHref(response);
      await options.onAccount?.(response, request);
      return json(200, href);
    } catch (failure) {
      // The browser went away: nobody reads the answer, and it is not a failure to log.
      if (request.signal.aborted) return error(499, "client_closed_request", "The request was aborted.");
      report(options.onError, failure, request);
      return error(...failureFor(failure));
    }
  };
}
