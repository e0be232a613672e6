// One world per test: the simulated Jumio, the server helper's client of it, and a host
// backend on node:http mounting the verification service's two handlers.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { TestContext } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { type MockJumio, type MockJumioOptions, startMockJumio } from "../../src/mock/index.js";
import {
  createJumioClient,
  createVerificationService,
  type JumioClientOptions,
  toNodeListener,
  type Verification,
  type VerificationHref,
  type VerificationService,
  type VerificationServiceOptions,
  type VerificationStore,
} from "../../src/server/index.js";
import { sqlOf } from "../../src/server/store/open.js";
import { listen } from "../server/support/listen.js";

export const USER_AGENT = "Acme Onboarding/2.1";

export interface Backend {
  url: string;
  service: VerificationService;
  /** What `onDecision` was called with, in order. */
  decisions: Verification[];
  /** What `onError` was called with. */
  errors: { error: unknown; stage: string; workflowExecutionId?: string }[];
  /** POSTs to the href endpoint as the element would (no body); `user` is the signed-in user. */
  requestHref(user: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** What a client needs of the mock: a child process gets it as JSON. */
export type MockAccess = Pick<MockJumio, "clientId" | "clientSecret" | "baseUrls">;

export function mockClient(mock: MockAccess, overrides: Partial<JumioClientOptions> = {}) {
  return createJumioClient({
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    region: "amer-1",
    userAgent: USER_AGENT,
    baseUrls: mock.baseUrls,
    retry: { retries: 0 },
    ...overrides,
  });
}

export async function startMock(options: MockJumioOptions = {}): Promise<MockJumio> {
  return startMockJumio({ processingDelayMs: 0, callbackRetryDelaysMs: [100, 200], ...options });
}

/**
 * A host backend: `POST /verification` is the service's `hrefHandler` for the user named in the
 * `X-Test-User` header (a stand-in for the host's session), `POST /callback` its callback handler.
 */
export async function startBackend(
  mock: MockAccess,
  store: VerificationStore,
  { decisionDelayMs = 0, ...options }: Partial<VerificationServiceOptions> & { decisionDelayMs?: number } = {},
): Promise<Backend> {
  const decisions: Verification[] = [];
  const errors: Backend["errors"] = [];
  let handle: (request: Request, info: { remoteAddress?: string | undefined }) => Promise<Response> = async () =>
    new Response(null, { status: 503 });
  const server = createServer(toNodeListener((request, info) => handle(request, info)));
  const { url, close } = await listen(server);
  const service = createVerificationService({
    client: mockClient(mock),
    store,
    callbackUrl: `${url}/callback`,
    callbackSource: "any",
    // A slow host's onDecision: a second call while one runs would be seen.
    onDecision: async (verification) => {
      decisions.push(verification);
      await delay(decisionDelayMs);
    },
    onError: (error, context) => void errors.push({ error, ...context }),
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  const hrefs = service.hrefHandler((request) => {
    const user = request.headers.get("x-test-user");
    if (!user) return new Response(null, { status: 401 });
    return {
      request: {
        customerInternalReference: `ref-${randomUUID()}`,
        userReference: user,
        workflowDefinition: { key: 10013 },
      },
    };
  });
  handle = async (request, info) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/verification") return hrefs(request);
    if (pathname === "/callback") return service.callbackHandler(request, info);
    return new Response(null, { status: 404 });
  };
  return {
    url,
    service,
    decisions,
    errors,
    requestHref: (user, init = {}) =>
      fetch(`${url}/verification`, {
        method: "POST",
        ...init,
        headers: { "X-Test-User": user, ...Object.fromEntries(new Headers(init.headers)) },
      }),
    async close() {
      await service.close();
      await close();
    },
  };
}

/** The answer is a refusal of ours: this status and `error.code`. */
export async function assertRefused(response: Response, status: number, code: string): Promise<void> {
  assert.equal(response.status, status);
  const body = (await response.json()) as { error?: { code?: string } };
  assert.equal(body.error?.code, code);
}

/** Makes the store's INSERTs of `user` into `table` fail ("disk full"), until the function returned is called. */
export async function refuseInserts(
  store: VerificationStore,
  user: string,
  table: string,
): Promise<() => Promise<void>> {
  const sql = sqlOf(store);
  const name = `refuse_${table}`;
  await sql.query(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $body$
      BEGIN IF NEW.user_reference = '${user}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $body$ LANGUAGE plpgsql`);
  await sql.query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => void (await sql.query(`DROP TRIGGER ${name} ON ${table}`));
}

/** The user's request answered 503 while the store refuses the user's rows in `tables`: the Jumio account made. */
export async function madeWhileRefused(
  store: VerificationStore,
  mock: MockJumio,
  backend: Backend,
  user: string,
  tables: string[],
) {
  const allow = [];
  for (const table of tables) allow.push(await refuseInserts(store, user, table));
  try {
    await assertRefused(await backend.requestHref(user), 503, "store_unavailable");
  } finally {
    for (const drop of allow) await drop();
  }
  const made = mock.workflows().filter(({ userReference }) => userReference === user);
  assert.equal(made.length, 1);
  return mock.accounts().find(({ id }) => id === made[0]!.accountId)!;
}

/** The href endpoint's answer, which must be a 200. */
export async function hrefOf(response: Response): Promise<VerificationHref> {
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as VerificationHref;
}

/** A `fetch` that holds the calls `holds` picks until `open()`; `reached` resolves at the first of them. */
export function gatedFetch(holds: (url: string, method: string) => boolean) {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const through: typeof fetch = async (input, init) => {
    if (holds(String(input), init?.method ?? "GET")) {
      reach();
      await opened;
    }
    return fetch(input, init);
  };
  return { fetch: through, reached, open };
}

/** Account Create, held by `gatedFetch`. */
export const isAccountCreate = (url: string, method: string) => method === "POST" && url.endsWith("/accounts");

/** A fresh mock (its counts are this test's) and a backend on `store`; both end with the test. */
export async function startWorld(
  t: TestContext,
  store: VerificationStore,
  mockOptions: MockJumioOptions = {},
  options: Partial<VerificationServiceOptions> = {},
): Promise<{ mock: MockJumio; backend: Backend }> {
  const mock = await startMock(mockOptions);
  const backend = await startBackend(mock, store, options);
  t.after(async () => {
    await quiet(mock, backend);
    await backend.close();
    await mock.close();
  });
  return { mock, backend };
}

/** A user name of its own for each test: the store is shared by the tests of a file. */
export const newUser = () => `user-${randomUUID()}`;

/** Waits until the mock sent its callbacks and the service finished what they started. */
export async function quiet(mock: MockJumio, ...backends: Backend[]): Promise<void> {
  await mock.callbacksSettled();
  await Promise.all(backends.map((backend) => backend.service.settled()));
}

export interface Started {
  id: string;
  accountId: string;
  /** The callback URL the service gave Jumio for this workflow: it holds the workflow's secret. */
  callbackUrl: string;
}

/** A verification the mock has PROCESSED whose callback was lost: only a forged or replayed one can arrive. */
export async function processedWithoutCallback(mock: MockJumio, backend: Backend, user = newUser()): Promise<Started> {
  const { workflowExecutionId: id, accountId } = (await (await backend.requestHref(user)).json()) as {
    workflowExecutionId: string;
    accountId: string;
  };
  mock.dropCallbacks(1);
  assert.ok(mock.complete(id));
  await quiet(mock, backend);
  const callbackUrl = mock.workflows().find((workflow) => workflow.workflowExecutionId === id)?.callbackUrl;
  assert.ok(callbackUrl);
  return { id, accountId, callbackUrl };
}

/** The callback body Jumio sends for the workflow: `extra` adds or replaces fields. */
export function callbackBody(id: string, accountId: string, extra: Record<string, unknown> = {}) {
  return {
    callbackSentAt: "2026-12-03T10:00:00.000Z",
    workflowExecution: {
      id,
      href: `https://retrieval.amer-1.jumio.ai/api/v1/accounts/${accountId}/workflow-executions/${id}`,
      definitionKey: "10013",
      status: "PROCESSED",
    },
    account: { id: accountId, href: `https://retrieval.amer-1.jumio.ai/api/v1/accounts/${accountId}` },
    ...extra,
  };
}
