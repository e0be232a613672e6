import type { JumioClient } from "./client.js";
import {
  JumioApiError,
  JumioNetworkError,
  JumioResponseError,
  JumioTimeoutError,
  JumioValidationError,
} from "./errors.js";
import {
  failure,
  json,
  quietly,
  readBody,
  refuseForeignOrigin,
  refuseNonJson,
  type TrustProxy,
  tooLarge,
  withBody,
} from "./requests.js";
import type { AccountRequest, AccountResponse } from "./schemas/account.js";

/** The element posts an empty body; a host's own fields fit in far less. */
export const MAX_HREF_REQUEST_BYTES = 16 * 1024;

/** What the host wants for the incoming request: a new account, or a new workflow on `accountId`. */
export interface VerificationAccount {
  accountId?: string | undefined;
  request: AccountRequest;
}

/** The handler's answer: what the element's `endpoint` expects (the fetcher's VerificationHref), every field present. */
export type VerificationHref = Required<import("../fetcher.js").VerificationHref>;

export interface VerificationHandlerOptions {
  client: Pick<JumioClient, "createAccount" | "updateAccount">;
  /**
   * Builds the Account Create/Update body for the incoming request (the signed-in user,
   * their reference, consent); its body is still readable. Return a `Response` to answer
   * yourself, e.g. a 401.
   */
  account: (request: Request) => VerificationAccount | Response | Promise<VerificationAccount | Response>;
  /**
   * Called with Jumio's answer before the browser gets its href: store `account.id` here.
   * Called also when the browser went away meanwhile: the account exists all the same.
   */
  onAccount?: (response: AccountResponse, request: Request) => void | Promise<void>;
  /**
   * Every failure, for your logs, also when the browser went away; thrown errors hold no
   * secret. What it throws or rejects with is ignored.
   */
  onError?: (error: unknown, request: Request) => void;
  /**
   * Page origins other than the request's own whose requests are accepted, e.g. a dev server
   * that proxies to this backend. No CORS answer is given: a page that needs one is on
   * another origin for the browser too.
   */
  allowedOrigins?: readonly string[];
  /** Forwarding proxies in front of the app, their number or addresses: the request's own origin is then the one they forwarded. Default 0. */
  trustProxy?: TrustProxy;
  /** Accept requests from pages of any origin: no `Origin` check at all. Default `false`. */
  allowCrossSite?: boolean;
}

type Failure = [status: number, code: string, message: string, headers?: Record<string, string>];

/** Failures of an Account Create/Update after which Jumio may have made the account all the same. */
const accountMayExist = new WeakSet<object>();

/**
 * Longer than `fetchVerificationHref`'s whole call (15 s by default), which then does not
 * repeat a request that may have made an account: a repeat could make a second one.
 */
const ACCOUNT_MAY_EXIST_RETRY_AFTER = "60";

/** `error`, marked unless it is sure that Jumio made no account: a refusal (4xx) or a request never sent. */
function accountCallError(error: unknown): unknown {
  const refused = error instanceof JumioValidationError || (error instanceof JumioApiError && error.status < 500);
  if (!refused && typeof error === "object" && error !== null) accountMayExist.add(error);
  return error;
}

/** Account Create, or Update given the id; a failure that may have made the account is marked for `failureFor`. */
export async function sendAccount(
  client: Pick<JumioClient, "createAccount" | "updateAccount">,
  accountId: string | undefined,
  request: AccountRequest,
): Promise<AccountResponse> {
  try {
    return accountId === undefined
      ? await client.createAccount(request)
      : await client.updateAccount(accountId, request);
  } catch (error) {
    throw accountCallError(error);
  }
}

function describeFailure(error: unknown): Failure {
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

/**
 * The status and words for a failure to start a verification: nothing from Jumio's answer;
 * `Retry-After` when the account may exist (see `accountCallError`).
 */
export function failureFor(error: unknown): Failure {
  const [status, code, message] = describeFailure(error);
  return accountMayExist.has(error as object)
    ? [status, code, message, { "Retry-After": ACCOUNT_MAY_EXIST_RETRY_AFTER }]
    : [status, code, message];
}

/** The href answer of an Account Create/Update response: without one, the account was made all the same. */
export function toHref(response: AccountResponse): VerificationHref {
  if (!response.web) {
    const hint = "is missing: is a Domain Name Prefix set in the Customer Portal?";
    throw accountCallError(
      new JumioResponseError(
        "Unexpected Account answer",
        200,
        [{ path: "web.href", message: hint }],
        response.account.id,
      ),
    );
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
 * Only a same-origin page (or one of `allowedOrigins`, or no page at all: a server, curl)
 * may call it, with a JSON body of at most 16 KiB or none. Failures are
 * `{ error: { code, message } }` without anything from Jumio's answer. When the browser
 * goes away the Jumio call still finishes, `onAccount` gets the account, and the answer is
 * a 499 nobody reads.
 */
export function createVerificationHandler(
  options: VerificationHandlerOptions,
): (request: Request) => Promise<Response> {
  const closed = () => failure(499, "client_closed_request", "The request was aborted.");
  return async (request) => {
    if (request.method !== "POST") {
      return failure(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
    }
    const foreign = options.allowCrossSite ? undefined : refuseForeignOrigin(request, options);
    if (foreign) return foreign;
    try {
      const body = await readBody(request, MAX_HREF_REQUEST_BYTES);
      const nonJson = refuseNonJson(request, body);
      if (nonJson) return nonJson;
      const readable = withBody(request, body);
      const wanted = await options.account(readable);
      if (wanted instanceof Response) return wanted;
      const response = await sendAccount(options.client, wanted.accountId, wanted.request);
      // The account exists even when Jumio's answer has no href: the host stores it first.
      await options.onAccount?.(response, readable);
      const href = toHref(response);
      return request.signal.aborted ? closed() : json(200, href);
    } catch (error) {
      const refused = tooLarge(error);
      if (refused) return refused;
      quietly(() => options.onError?.(error, request));
      return request.signal.aborted ? closed() : failure(...failureFor(error));
    }
  };
}
