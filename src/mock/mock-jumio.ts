/**
 * A local simulated Jumio KYX platform: one `node:http` server on its own origin speaking
 * the guide's wire formats, for demos, end-to-end tests and integrators' own CI.
 *
 * ```ts
 * const mock = await startMockJumio({ port: 0 });
 * const jumio = createJumioClient({
 *   clientId: mock.clientId, clientSecret: mock.clientSecret, region: "amer-1",
 *   userAgent: "Acme Onboarding/1.0", baseUrls: mock.baseUrls,
 * });
 * ```
 *
 * Jumio's endpoints, all on `mock.url` (`baseUrls.auth` is `/oauth2/token`, `baseUrls.status`
 * is `/status`, the others are the origin):
 * - `POST /oauth2/token` — HTTP Basic client credentials, `grant_type=client_credentials`;
 *   400 `invalid_request` without valid Basic credentials, 403 `invalid_client` to wrong ones.
 * - `POST /api/v1/accounts`, `PUT /api/v1/accounts/{id}` — bearer token; body checked with
 *   the server helper's `accountRequestSchema` (400 with `issues` otherwise). `web.href`
 *   points at this server's `/web/v4/app`.
 * - Retrieval: `GET …/workflow-executions/{id}`, `…/status`, `…/steps`,
 *   `GET /api/v1/accounts/{id}/credentials/{id}/parts/{classifier}` (a PNG).
 * - Delete: `DELETE /api/v1/accounts/{id}`, `DELETE …/workflow-executions/{id}`.
 * - API channel: `POST …/credentials/{id}/parts/{classifier}` (multipart `file`),
 *   `PUT …/workflow-executions/{id}` (finalize).
 * - `GET /status` — the service status (`UP`).
 * - `GET /web/v4/app?authorizationToken=…` — the hosted web client's stand-in (see
 *   `webClientPage`); its **Complete verification** button calls `POST /web/v4/complete`
 *   (JSON from the page's own origin only).
 *
 * The API calls need the guide's headers (`User-Agent`, an `Accept` admitting JSON, and
 * `Content-Type: application/json` with a JSON body): 403 naming the one missing. No bearer
 * token is a 403, a wrong or expired one a 401.
 *
 * A completed workflow is ACQUIRED, then PROCESSED after `processingDelayMs` with sample
 * capability results, and the callback goes to its `callbackUrl` (retried on network errors
 * and non-2xx answers). An unstarted workflow past its `tokenLifetime` (default 30m) becomes
 * TOKEN_EXPIRED; a started one idle for 15 minutes SESSION_EXPIRED; both call back too.
 *
 * The control API, for tests, is the methods of `MockControl` and the same over HTTP under
 * `/__mock`: the table is in docs/mock.md ("Control API"), and `GET /` and
 * `GET /__mock` describe it as JSON. Control `POST`s must be `Content-Type: application/json`
 * (415 otherwise). A request whose `Host` is not the mock's own is refused with 421 (DNS
 * rebinding).
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_TIMER_MS } from "../server/clock.js";
import { mediaType } from "../server/http.js";
import { toNodeListener } from "../server/node-adapter.js";
import { MAX_PART_BYTES } from "../server/part-file.js";
import type { JumioBaseUrls } from "../server/regions.js";
import { failure, json } from "./answers.js";
import { createCallbackSender } from "./callbacks.js";
import type { MockContext } from "./context.js";
import {
  accountSummary,
  CONTROL_PREFIX,
  controlRoutes,
  describeMock,
  type MockControl,
  workflowSummary,
} from "./control.js";
import { createFaults } from "./faults.js";
import { ownHosts } from "./guards.js";
import { jumioRoutes } from "./jumio-api.js";
import { createLifecycle, DEFAULT_PROCESSING_DELAY_MS } from "./lifecycle.js";
import { findRoute, type Route, route } from "./router.js";
import { createStore, type MockWorkflow } from "./store.js";
import { createAccessTokens, createTokenMinter } from "./tokens.js";
import { webRoutes } from "./web-app.js";
import { createWire } from "./wire.js";

/** How often the mock looks for tokens and sessions that ran out, without a request to prompt it. */
const SWEEP_INTERVAL_MS = 1000;

export interface MockJumioOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default `127.0.0.1`; a loopback address only (`127.x.x.x`, `::1`, `localhost`), else a `RangeError`. */
  host?: string;
  /** The OAuth2 client id it accepts. Default `mock-client-id`. */
  clientId?: string;
  /** The OAuth2 client secret it accepts. Default `mock-client-secret`. */
  clientSecret?: string;
  /** Waits before each callback retry; their number is the number of retries. Default `[250, 1000, 4000]`. */
  callbackRetryDelaysMs?: readonly number[];
  /** Limit for each callback attempt. Default 5000. */
  callbackTimeoutMs?: number;
  /** The mock's clock (token lifetimes, session timeouts, timestamps). Default `Date.now`. */
  now?: () => number;
  /**
   * How long a completed capture stays ACQUIRED before it is PROCESSED (with its decision and
   * callback): that much real time, or until `now` passes it. Default 1500; 0 makes it PROCESSED
   * within the call that completes it.
   */
  processingDelayMs?: number;
}

export interface MockJumio extends MockControl {
  /** The origin it listens on, e.g. `http://127.0.0.1:5174`. */
  url: string;
  /** For `createJumioClient({ baseUrls })`. */
  baseUrls: JumioBaseUrls;
  clientId: string;
  clientSecret: string;
  /** Stops retries and closes the server and its connections. */
  close(): Promise<void>;
}

const DEFAULT_CALLBACK_RETRY_DELAYS_MS = [250, 1_000, 4_000];

/**
 * `host` as a URL's host (IPv6 in brackets), once it is sure to be a loopback address: the
 * mock's credentials are public, and it sends callbacks wherever an account asks.
 */
function loopbackHost(host: string): string {
  if (host === "localhost" || /^127(\.\d{1,3}){3}$/.test(host)) return host;
  if (host === "::1") return "[::1]";
  throw new RangeError(
    `host must be a loopback address (127.0.0.1, ::1 or localhost), not ${host}: other machines must not reach the mock, whose credentials are public and which sends callbacks wherever an account asks.`,
  );
}

export async function startMockJumio(options: MockJumioOptions = {}): Promise<MockJumio> {
  const { port = 0, host = "127.0.0.1", clientId = "mock-client-id", clientSecret = "mock-client-secret" } = options;
  const { processingDelayMs = DEFAULT_PROCESSING_DELAY_MS } = options;
  if (!Number.isInteger(processingDelayMs) || processingDelayMs < 0 || processingDelayMs > MAX_TIMER_MS) {
    throw new RangeError(
      `processingDelayMs must be a whole number from 0 to ${MAX_TIMER_MS}, not ${processingDelayMs}`,
    );
  }
  const hostname = loopbackHost(host);
  const now = options.now ?? Date.now;
  const mintToken = createTokenMinter();
  const store = createStore(now, mintToken);
  const accessTokens = createAccessTokens(mintToken, now);
  const faults = createFaults(now);
  const callbacks = createCallbackSender({
    retryDelaysMs: options.callbackRetryDelaysMs ?? DEFAULT_CALLBACK_RETRY_DELAYS_MS,
    timeoutMs: options.callbackTimeoutMs ?? 5_000,
    now,
  });

  let handle: (request: Request) => Promise<Response> = async () => failure(503, "Starting.");
  // A part upload is the largest body the guide sends: 5 MB and its multipart envelope.
  const server = createServer(
    toNodeListener((request) => handle(request), { maxBodyBytes: MAX_PART_BYTES + 64 * 1024 }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const origin = `http://${hostname}:${(server.address() as AddressInfo).port}`;
  const wire = createWire(origin, now);

  const sendCallback = (workflow: MockWorkflow) => {
    if (workflow.request.callbackUrl) callbacks.send(workflow.request.callbackUrl, wire.callback(workflow));
  };
  const lifecycle = createLifecycle({ store, now, processingDelayMs, finished: sendCallback });
  // Tokens, sessions and an injected clock's processing delay also run out while nobody calls:
  // their callbacks go out within a second.
  const sweeper = setInterval(() => lifecycle.sweep(), SWEEP_INTERVAL_MS).unref();
  const context: MockContext = {
    clientId,
    clientSecret,
    origin,
    now,
    store,
    lifecycle,
    accessTokens,
    wire,
    fail: (status, message, details = {}) => failure(status, message, { ...details, now: now() }),
  };

  const mock: MockJumio = {
    url: origin,
    baseUrls: {
      auth: `${origin}/oauth2/token`,
      account: origin,
      api: origin,
      retrieval: origin,
      status: `${origin}/status`,
    },
    clientId,
    clientSecret,
    accounts: () => store.accounts().map(accountSummary),
    workflows: () =>
      store.workflows().map((workflow) => {
        lifecycle.refresh(workflow);
        return workflowSummary(workflow, wire.webHref(workflow));
      }),
    callbacks: () => structuredClone(callbacks.records()),
    callbacksSettled: () => callbacks.settled(),
    dropCallbacks: (count) => callbacks.drop(count),
    expireToken(tokenOrId) {
      const workflow = store.byId(tokenOrId) ?? store.byToken(tokenOrId);
      if (!workflow) return accessTokens.expire(tokenOrId);
      lifecycle.expireToken(workflow);
      return true;
    },
    expireAccessTokens: () => accessTokens.expireAll(),
    failNext: (rule) => faults.add(rule),
    complete(workflowExecutionId, { documentType } = {}) {
      const workflow = store.byId(workflowExecutionId);
      return workflow !== undefined && lifecycle.complete(workflow, "WEB", documentType);
    },
    reset() {
      lifecycle.stop();
      store.clear();
      callbacks.clear();
      faults.clear();
    },
    async close() {
      clearInterval(sweeper);
      lifecycle.stop();
      callbacks.clear();
      if (!server.listening) return;
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };

  const index = describeMock(context, mock.baseUrls);
  const control = controlRoutes(mock, context, index);
  const routes: Route[] = [route("GET", "/", () => json(200, index)), ...jumioRoutes(context), ...webRoutes(context)];

  const hosts = ownHosts(origin);

  async function answer(request: Request): Promise<Response> {
    const { host, pathname } = new URL(request.url);
    if (!hosts.has(host)) {
      // DNS rebinding: a page on another name that resolves to this address must not drive the mock.
      return context.fail(421, `This simulated Jumio answers to Host ${[...hosts].join(", ")} only, not ${host}.`);
    }
    const own = pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
    if (own && request.method === "POST" && mediaType(request.headers) !== "application/json") {
      // A web page can POST text/plain or a form across origins without asking; JSON it cannot
      // (the mock grants no CORS), so no site a developer visits can reset or steer the mock.
      return context.fail(415, "The control API takes Content-Type: application/json only.");
    }
    if (!own) {
      lifecycle.sweep();
      const injected = faults.take(request.method, pathname);
      if (injected) return injected;
    }
    const found = findRoute(own ? control : routes, request.method, pathname);
    if (found === "method") return context.fail(405, `${request.method} is not allowed on ${pathname}.`);
    if (!found) return context.fail(404, `No such endpoint: ${request.method} ${pathname}.`);
    return found.route.handle({ request, url: new URL(request.url), params: found.params });
  }

  handle = async (request) => {
    try {
      return await answer(request);
    } catch (error) {
      return context.fail(500, `The mock failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return mock;
}
