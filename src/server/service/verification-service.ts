import { createHash, randomUUID } from "node:crypto";
import { parseCallback } from "../callback.js";
import {
  cachedResolver,
  type HostnameResolver,
  isAnyJumioCallbackAddress,
  systemResolver,
} from "../callback-source.js";
import type { JumioClient } from "../client.js";
import { type Clock, MAX_TIMER_MS, systemClock } from "../clock.js";
import { JumioValidationError } from "../errors.js";
import { failureFor, MAX_HREF_REQUEST_BYTES, type VerificationAccount } from "../handler.js";
import {
  clientAddress,
  failure,
  isProxyAddress,
  json,
  type RequestInfo,
  readBody,
  refuseForeignOrigin,
  refuseNonJson,
  type TrustProxy,
  tooLarge,
  withBody,
} from "../requests.js";
import type { RetryPolicy } from "../retry.js";
import type { JumioCallback } from "../schemas/callback.js";
import { recordsOf, type VerificationStore } from "../store/open.js";
import {
  type CallbackOutcome,
  MAX_CALLBACKS_PER_WORKFLOW,
  toVerification,
  type Verification,
} from "../store/records.js";
import { StoreError } from "../store/sql.js";
import { checkCallbackUrl, SECRET_PARAMETER, secretHash } from "./callback-secret.js";
import { createEraser, type ForgetResult } from "./erasure.js";
import { createHrefs, HrefRefusal } from "./hrefs.js";
import { type ErrorHandler, reporter } from "./report.js";
import { createWorker, type WorkReconciled } from "./work.js";

/** The guide's callback is a small JSON document; anything larger is not Jumio's. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface VerificationServiceOptions {
  client: Pick<
    JumioClient,
    "createAccount" | "updateAccount" | "getWorkflowStatus" | "getWorkflowDetails" | "deleteAccount" | "deleteWorkflow"
  >;
  store: VerificationStore;
  /** Where Jumio sends callbacks; the service adds each workflow's secret to it. At most 198 characters. */
  callbackUrl: string;
  /** `"jumio"` (default): only the guide's callback hosts; `"any"` for the mock or a test. */
  callbackSource?: "jumio" | "any";
  /** Page origins other than the backend's own that may call `hrefHandler` (answered with CORS). */
  allowedOrigins?: readonly string[];
  /** Forwarding proxies in front of the app: their number, or their addresses. Default 0. */
  trustProxy?: TrustProxy;
  /** Looks up the callback hostnames' addresses; cached for 60 s either way. Default: DNS. */
  resolve?: HostnameResolver;
  /** Called at least once for each workflow that reaches a final state; retried when it throws. */
  onDecision?: (verification: Verification) => void | Promise<void>;
  /** Every failure, for your logs; nothing it gets holds a secret. */
  onError?: ErrorHandler;
  /** Whether a user whose last verification was PROCESSED may start another. Default: never. */
  allowRetry?: (last: Verification) => boolean;
  /** How long one instance holds a piece of work before another may take it over. Default 120000 ms. */
  leaseMs?: number;
  /** Tries of Retrieval and `onDecision` after a callback (default 5), then left for `reconcile()`. */
  retry?: Partial<Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">> & { attempts?: number };
  /** How often the service runs `reconcile()` itself (also once on start), or `false`. Default 15 minutes. */
  reconcileEveryMs?: number | false;
  /** The `olderThanMs` of those runs. Default 15 minutes. */
  reconcileOlderThanMs?: number;
  /** @internal */
  clock?: Clock;
}

export interface ReconcileResult extends WorkReconciled {
  /** Accounts (or workflows) of forgotten users that Jumio deleted. */
  erased: number;
}

/** Builds the Account Create/Update body for the signed-in user, or answers itself (a 401). */
export type AccountBuilder = (
  request: Request,
) => VerificationAccount | Response | Promise<VerificationAccount | Response>;

export interface VerificationService {
  /** For the element's `endpoint`: the user's open workflow's href, or a new one. */
  hrefHandler(account: AccountBuilder): (request: Request) => Promise<Response>;
  /** For `callbackUrl`: records Jumio's callback before answering 200, then fetches the decision. */
  callbackHandler(request: Request, info?: RequestInfo): Promise<Response>;
  getVerification(workflowExecutionId: string): Promise<Verification | null>;
  /**
   * Erases the user: their verifications from the store at once, and their accounts at Jumio
   * (Delete API), retried by `reconcile()` until Jumio confirms. Not what `onDecision` copied.
   */
  forget(userReference: string): Promise<ForgetResult>;
  /**
   * Finishes recorded work, polls Retrieval for workflows without a callback older than
   * `olderThanMs`, and tries the erasures at Jumio that are due.
   */
  reconcile(options: { olderThanMs: number }): Promise<ReconcileResult>;
  /** Resolves once no callback, retrieval or href work is in flight. */
  settled(): Promise<void>;
  /** Stops retries and waits for the work in flight; the store stays open. */
  close(): Promise<void>;
}

function optionIssue(path: string, message: string): never {
  throw new JumioValidationError("Invalid createVerificationService options", [{ path, message }]);
}

function checkTrustProxy(trustProxy: TrustProxy): TrustProxy {
  const valid =
    typeof trustProxy === "number" ? Number.isInteger(trustProxy) && trustProxy >= 0 : trustProxy.every(isProxyAddress);
  if (!valid)
    optionIssue(
      "trustProxy",
      "must be a whole number of hops (0 or more), or a list of addresses or subnets (10.0.0.0/8)",
    );
  return trustProxy;
}

function checkOrigins(origins: readonly string[]): readonly string[] {
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      optionIssue("allowedOrigins", `${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path)`);
    }
  }
  return origins;
}

/** `value`, a whole number from `min` to the longest timer, or `fallback` when it is not given. */
function checkWhole(path: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    optionIssue(path, `must be a whole number from ${min} to ${MAX_TIMER_MS}`);
  }
  return value;
}

export function createVerificationService(options: VerificationServiceOptions): VerificationService {
  const records = recordsOf(options.store);
  const callbackUrl = checkCallbackUrl(options.callbackUrl);
  const allowedOrigins = checkOrigins(options.allowedOrigins ?? []);
  const trustProxy = checkTrustProxy(options.trustProxy ?? 0);
  const { callbackSource = "jumio" } = options;
  const resolve = options.resolve ? cachedResolver(options.resolve) : systemResolver;
  const clock = options.clock ?? systemClock;
  const report = reporter(options.onError);
  // Held for less than 100 ms, a lease would be renewed all the time and lost at the first pause.
  const leaseMs = checkWhole("leaseMs", options.leaseMs, 120_000, 100);
  const stop = new AbortController();
  const tasks = new Set<Promise<unknown>>();
  const track = (task: Promise<unknown>) => {
    const quiet = task.catch(() => {}).finally(() => tasks.delete(quiet));
    tasks.add(quiet);
  };

  const holder = randomUUID();
  const worker = createWorker({
    records,
    holder,
    client: options.client,
    onDecision: options.onDecision,
    report,
    leaseMs,
    retry: {
      retries: checkWhole("retry.attempts", options.retry?.attempts, 5, 1) - 1,
      baseDelayMs: checkWhole("retry.baseDelayMs", options.retry?.baseDelayMs, 1000, 0),
      maxDelayMs: checkWhole("retry.maxDelayMs", options.retry?.maxDelayMs, 60_000, 0),
    },
    clock,
    signal: stop.signal,
    track,
  });
  const hrefs = createHrefs({
    records,
    client: options.client,
    worker,
    callbackUrl,
    allowRetry: options.allowRetry ?? (() => false),
    holder,
    leaseMs,
    clock,
    report,
    signal: stop.signal,
  });
  const eraser = createEraser({
    records,
    client: options.client,
    remembered: hrefs.remembered,
    dropRemembered: hrefs.dropRemembered,
    holder,
    leaseMs,
    clock,
    report,
    signal: stop.signal,
  });
  const closing = () => failure(503, "service_closing", "The service is shutting down; try again.");
  const reconcile = async (reconcileOptions: { olderThanMs: number }) => {
    const [work, erased] = await Promise.all([worker.reconcile(reconcileOptions), eraser.resume()]);
    return { ...work, erased };
  };

  const cors = (request: Request): Record<string, string> => {
    const origin = request.headers.get("origin");
    if (origin === null || !allowedOrigins.includes(origin)) return {};
    return { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" };
  };

  async function sourceRefusal(address: string | undefined): Promise<Response | undefined> {
    if (callbackSource === "any") return undefined;
    if (address === undefined) {
      return failure(
        403,
        "unknown_source",
        "The callback's address is unknown: mount the handler with toNodeListener, or pass { remoteAddress }.",
      );
    }
    try {
      if (await isAnyJumioCallbackAddress(address, resolve)) return undefined;
    } catch (error) {
      report(error, "callback");
      return failure(
        503,
        "source_unverifiable",
        "Jumio's callback addresses could not be looked up; send it again later.",
      );
    }
    return failure(403, "not_from_jumio", "Callbacks are accepted from Jumio's callback addresses only.");
  }

  async function receiveCallback(request: Request, info: RequestInfo): Promise<Response> {
    if (request.method !== "POST") return failure(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
    const address = clientAddress(request.headers, info.remoteAddress, trustProxy);
    const refused = await sourceRefusal(address);
    if (refused) return refused;
    const secret = new URL(request.url).searchParams.get(SECRET_PARAMETER);
    if (!secret) {
      return failure(
        403,
        "missing_secret",
        "The callback URL has no secret: only Jumio, given it by this service, has one.",
      );
    }
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readBody(request, MAX_CALLBACK_BYTES);
    } catch (error) {
      return tooLarge(error) ?? failure(400, "unreadable_body", "The callback's body could not be read.");
    }
    let callback: JumioCallback;
    try {
      callback = parseCallback(body);
    } catch (error) {
      return failure(400, "invalid_callback", error instanceof Error ? error.message : "Invalid Jumio callback.");
    }
    const id = callback.workflowExecution.id;
    let outcome: CallbackOutcome;
    try {
      outcome = await records.recordCallback({
        workflowExecutionId: id,
        accountId: callback.account.id,
        secretSha256: secretHash(secret),
        bodySha256: createHash("sha256").update(body).digest("hex"),
        status: callback.workflowExecution.status,
        sentAt: callback.callbackSentAt,
        remoteAddress: address,
      });
    } catch (error) {
      report(error, "callback", id);
      return failure(503, "store_unavailable", "The callback could not be recorded; send it again later.");
    }
    if (outcome === "unknown_workflow")
      return failure(404, "unknown_workflow", "No verification of this service has that workflow execution id.");
    if (outcome === "wrong_account")
      return failure(403, "wrong_account", "The callback names another account than the workflow's.");
    if (outcome === "wrong_secret")
      return failure(
        403,
        "wrong_secret",
        "The callback URL's secret is not one this service gave the workflow's account.",
      );
    if (outcome === "not_kept") {
      const message = `The workflow has ${MAX_CALLBACKS_PER_WORKFLOW} callbacks recorded already; this one was not kept.`;
      report(new Error(message), "callback", id);
    }
    // Once the answer is on its way: the work after it does not delay it.
    if (outcome === "queued") track(new Promise((resolve) => setImmediate(resolve)).then(() => worker.start(id)));
    return json(200, { received: true });
  }

  async function answerHref(account: AccountBuilder, request: Request): Promise<Response> {
    if (request.method !== "POST") return failure(405, "method_not_allowed", "Use POST.", { Allow: "POST" });
    const refused = refuseForeignOrigin(request, { allowedOrigins, trustProxy });
    if (refused) return refused;
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readBody(request, MAX_HREF_REQUEST_BYTES);
    } catch (error) {
      return tooLarge(error) ?? failure(400, "unreadable_body", "The request body could not be read.");
    }
    const notJson = refuseNonJson(request, body);
    if (notJson) return notJson;
    const key = request.headers.get("idempotency-key") ?? undefined;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return failure(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
    }
    const work = (async () => {
      const wanted = await account(withBody(request, body));
      if (wanted instanceof Response) return wanted;
      const user = wanted.request.userReference;
      if (!user)
        throw new TypeError(
          "hrefHandler: account() must set request.userReference, the user the verification belongs to.",
        );
      return json(200, await hrefs.forUser(user, wanted, key));
    })();
    // The answer may go nowhere (the browser left); the work goes on and is kept.
    track(work);
    try {
      return await work;
    } catch (error) {
      if (error instanceof HrefRefusal) return failure(error.status, error.code, error.message);
      report(error, "href");
      if (error instanceof StoreError)
        return failure(503, "store_unavailable", "The verification could not be stored; try again.");
      return failure(...failureFor(error));
    }
  }

  // Work a killed process left behind is finished by the next one to start, and then on a schedule.
  const olderThanMs = checkWhole("reconcileOlderThanMs", options.reconcileOlderThanMs, 15 * 60_000, 0);
  const everyMs =
    options.reconcileEveryMs === false
      ? false
      : checkWhole("reconcileEveryMs", options.reconcileEveryMs, 15 * 60_000, 100);
  const reconcileNow = () => track(reconcile({ olderThanMs }).catch((error: unknown) => report(error, "reconcile")));
  reconcileNow();
  const schedule = everyMs === false ? undefined : setInterval(reconcileNow, everyMs);
  schedule?.unref();

  return {
    hrefHandler(account) {
      return async (request) => {
        const headers = cors(request);
        if (request.method === "OPTIONS" && Object.keys(headers).length > 0) {
          const preflight = {
            "Access-Control-Allow-Methods": "POST",
            "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key",
          };
          return new Response(null, {
            status: 204,
            headers: { ...headers, ...preflight, "Access-Control-Max-Age": "600" },
          });
        }
        const answer = stop.signal.aborted ? closing() : await answerHref(account, request);
        for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
        return answer;
      };
    },

    callbackHandler: (request, info = {}) => {
      if (stop.signal.aborted) return Promise.resolve(closing());
      const answer = receiveCallback(request, info);
      track(answer);
      return answer;
    },

    async getVerification(workflowExecutionId) {
      const record = await records.workflow(workflowExecutionId);
      return record ? toVerification(record) : null;
    },

    forget(userReference) {
      if (stop.signal.aborted) return Promise.reject(new Error("forget: the service is closed."));
      const run = eraser.forget(userReference);
      track(run);
      return run;
    },

    reconcile: (reconcileOptions) => {
      const run = reconcile(reconcileOptions);
      track(run);
      return run;
    },

    async settled() {
      while (tasks.size > 0) await Promise.all(tasks);
    },

    async close() {
      clearInterval(schedule);
      stop.abort();
      while (tasks.size > 0) await Promise.all(tasks);
    },
  };
}
