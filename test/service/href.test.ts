// The service's hrefHandler: one Jumio account and one open workflow per user, resumed while
// open and renewed on the same account once it ended; Idempotency-Key; the browser guards.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest } from "node:http";
import { it, type TestContext } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { MockJumio, MockJumioOptions } from "../../src/mock/index.js";
import { toHref } from "../../src/server/handler.js";
import {
  createVerificationService,
  type JumioClientOptions,
  type JumioResponseError,
  openVerificationStore,
  toNodeListener,
  type VerificationHref,
  type VerificationServiceOptions,
  type VerificationStore,
} from "../../src/server/index.js";
import { recordsOf } from "../../src/server/store/open.js";
import { listen } from "../server/support/listen.js";
import { onEachStore } from "./stores.js";
import {
  assertRefused,
  type Backend,
  gatedFetch,
  hrefOf,
  isAccountCreate,
  madeWhileRefused,
  mockClient,
  newUser,
  quiet,
  startBackend,
  startMock,
  startWorld,
} from "./support.js";

/** The mock holds one Jumio account, the first href's, with these workflows in this order. */
function assertOneAccount(mock: MockJumio, ...hrefs: VerificationHref[]): void {
  const accounts = mock.accounts().map(({ id, workflowExecutionIds }) => ({ id, workflowExecutionIds }));
  const workflowExecutionIds = hrefs.map(({ workflowExecutionId }) => workflowExecutionId);
  assert.deepEqual(accounts, [{ id: hrefs[0]!.accountId, workflowExecutionIds }]);
}

/** POSTs `body` with its Content-Length; the answer counts even if the server closes before reading the body. */
function postBytes(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: "POST",
      headers: { ...headers, "Content-Length": String(body.byteLength) },
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      response.on("error", reject);
    });
    // The server may close while the body is still being written (EPIPE, ECONNRESET): the answer counts.
    request.on("error", (error) => setTimeout(() => reject(error), 500));
    request.end(body);
  });
}

onEachStore(({ kind, store, postgres }) => {
  const world = (t: TestContext, mockOptions?: MockJumioOptions, options?: Partial<VerificationServiceOptions>) =>
    startWorld(t, store(), mockOptions, options);

  /** `world`, with the client's Account calls through a proxy that hands the mock's answer to `change`. */
  async function behindAccountProxy(
    t: TestContext,
    clientOptions: Partial<JumioClientOptions>,
    change: (answer: Response) => Promise<Response>,
  ) {
    const mock = await startMock();
    const proxy = await listen(
      createServer(
        toNodeListener(async (request) => {
          const headers = new Headers(request.headers);
          headers.delete("host");
          const init = { method: request.method, headers, body: await request.arrayBuffer() };
          return change(await fetch(`${mock.url}${new URL(request.url).pathname}`, init));
        }),
      ),
    );
    const client = mockClient(mock, { baseUrls: { ...mock.baseUrls, account: proxy.url }, ...clientOptions });
    const backend = await startBackend(mock, store(), { client });
    // Another instance on the same store and Jumio, as a second process would be.
    const other = await startBackend(mock, store(), { client });
    t.after(async () => {
      await backend.close();
      await other.close();
      await proxy.close();
      await mock.close();
    });
    return { mock, backend, other };
  }

  /** A client of the file's PostgreSQL, for SQL the service would never run; ends with the test. */
  async function sqlClient(t: TestContext): Promise<pg.Client> {
    const db = new pg.Client({ connectionString: postgres()!.connectionString });
    await db.connect();
    t.after(() => db.end());
    return db;
  }

  /** A POST to the href endpoint for a signed-in user, with whatever headers and body the test gives. */
  const post = (backend: Backend, init: RequestInit = {}) =>
    fetch(`${backend.url}/verification`, {
      method: "POST",
      ...init,
      headers: { "X-Test-User": newUser(), ...Object.fromEntries(new Headers(init.headers)) },
    });

  it("answers 50 concurrent requests of one user with one body: one Jumio account, one workflow", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const responses = await Promise.all(Array.from({ length: 50 }, () => backend.requestHref(user)));
    assert.deepEqual(
      responses.map(({ status }) => status),
      responses.map(() => 200),
    );
    const bodies = new Set(await Promise.all(responses.map((response) => response.text())));
    assert.equal(bodies.size, 1);
    const href = JSON.parse([...bodies][0]!) as VerificationHref;
    assertOneAccount(mock, href);
    assert.equal(mock.workflows().length, 1);
    assert.equal((await backend.service.getVerification(href.workflowExecutionId))?.userReference, user);
  });

  it("answers 50 concurrent requests of one user split across two instances on one PostgreSQL: one account, one workflow", {
    skip: kind !== "postgres" && "two service instances share a PostgreSQL, not an in-memory PGlite",
  }, async (t) => {
    const mock = await startMock();
    // The second instance has a store (a pool) of its own on the same database, as another process would.
    const other: VerificationStore = await openVerificationStore({ connectionString: postgres()!.connectionString });
    const backends = [await startBackend(mock, store()), await startBackend(mock, other)];
    t.after(async () => {
      await quiet(mock, ...backends);
      await Promise.all(backends.map((backend) => backend.close()));
      await other.close();
      await mock.close();
    });
    const user = newUser();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => backends[index % 2]!.requestHref(user)),
    );
    assert.deepEqual(
      responses.map(({ status }) => status),
      responses.map(() => 200),
    );
    const bodies = new Set(await Promise.all(responses.map((response) => response.text())));
    assert.equal(bodies.size, 1);
    const href = JSON.parse([...bodies][0]!) as VerificationHref;
    assertOneAccount(mock, href);
    assert.equal(mock.workflows().length, 1);
  });

  it("holds the user's lease while Jumio answers slower than leaseMs: another instance makes no second account", async (t) => {
    const mock = await startMock();
    const slowFetch: typeof fetch = async (input, init) => {
      if (init?.method === "POST" && String(input).endsWith("/accounts")) await delay(600);
      return fetch(input, init);
    };
    const options = { client: mockClient(mock, { fetch: slowFetch }), leaseMs: 150 };
    const other =
      kind === "postgres" ? await openVerificationStore({ connectionString: postgres()!.connectionString }) : store();
    const backends = [await startBackend(mock, store(), options), await startBackend(mock, other, options)];
    t.after(async () => {
      await quiet(mock, ...backends);
      await Promise.all(backends.map((backend) => backend.close()));
      if (other !== store()) await other.close();
      await mock.close();
    });
    const user = newUser();
    const first = backends[0]!.requestHref(user);
    await delay(300); // two leases into the first instance's Account Create
    // It waits out one lease, then says to try again (or, on a loaded machine, finds the first one done).
    const waited = await backends[1]!.requestHref(user);
    if (waited.status !== 200) await assertRefused(waited, 503, "verification_busy");
    const href = await hrefOf(await first);
    assert.deepEqual(await hrefOf(await backends[1]!.requestHref(user)), href);
    assertOneAccount(mock, href);
  });

  it("stores no workflow made after another instance took over its lease (it stalled), and answers that one's", async (t) => {
    const mock = await startMock();
    const gate = gatedFetch(isAccountCreate);
    const backend = await startBackend(mock, store(), {
      client: mockClient(mock, { fetch: gate.fetch }),
      leaseMs: 150,
    });
    t.after(async () => {
      await quiet(mock, backend);
      await backend.close();
      await mock.close();
    });
    const records = recordsOf(store());
    const user = newUser();
    const first = backend.requestHref(user);
    await gate.reached;
    // The instance stalls twice its lease (no renewal runs), and another takes the user over first.
    const until = performance.now() + 300;
    while (performance.now() < until);
    const takenOver = records.leaseUser(user, "another instance", 60_000);
    assert.ok(await takenOver, "the other instance took the lapsed lease over");
    // That instance makes and stores the user's workflow, then lets the lease go.
    const request = {
      customerInternalReference: `ref-${randomUUID()}`,
      userReference: user,
      workflowDefinition: { key: 10013 },
    };
    const theirs = toHref(await mockClient(mock).createAccount(request));
    const stored = { ...theirs, userReference: user, callbackSecretSha256: "0".repeat(64), tokenLifetimeSeconds: 1800 };
    assert.ok(await records.insertWorkflow(stored, "another instance"));
    await records.releaseUser(user, "another instance");
    gate.open();
    assert.deepEqual(await hrefOf(await first), theirs);
    assert.equal((await records.latestOfUser(user))?.workflowExecutionId, theirs.workflowExecutionId);
    const made = mock.workflows().find(({ workflowExecutionId }) => workflowExecutionId !== theirs.workflowExecutionId);
    const [reported] = backend.errors.filter(({ stage }) => stage === "href");
    assert.match(
      String(reported?.error),
      new RegExp(`${made!.workflowExecutionId} on Jumio account ${made!.accountId}.*lease.*not stored`),
    );
    // Nobody will use the account it made: it is deleted at Jumio.
    assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 1);
    assert.ok(!mock.accounts().some(({ id }) => id === made!.accountId));
  });

  it("gives the user an account of their own when account() names another user's, and says so", async (t) => {
    const { mock, backend } = await world(t);
    const owner = newUser();
    const theirs = await hrefOf(await backend.requestHref(owner));
    const guest = newUser();
    const handler = backend.service.hrefHandler(() => ({
      request: {
        customerInternalReference: `ref-${randomUUID()}`,
        userReference: guest,
        workflowDefinition: { key: 10013 },
      },
      accountId: theirs.accountId,
    }));
    const mine = await hrefOf(await handler(new Request(`${backend.url}/verification`, { method: "POST" })));
    assert.notEqual(mine.accountId, theirs.accountId);
    assert.deepEqual(mock.accounts().find(({ id }) => id === theirs.accountId)?.workflowExecutionIds, [
      theirs.workflowExecutionId,
    ]);
    assert.match(
      String(backend.errors.find(({ stage }) => stage === "href")?.error),
      new RegExp(`account\\(\\) named Jumio account ${theirs.accountId}, which holds another user's verification`),
    );
  });

  it("resumes the user's open workflow on a later request: the same href, no new workflow", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    const second = await hrefOf(await backend.requestHref(user));
    assert.deepEqual(second, first);
    assertOneAccount(mock, first);
  });

  it("answers the same Idempotency-Key twice with the same body and one account", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const headers = { "Idempotency-Key": randomUUID() };
    const [first, second] = await Promise.all([
      backend.requestHref(user, { headers }),
      backend.requestHref(user, { headers }),
    ]);
    const body = await first!.text();
    assert.equal(first!.status, 200);
    assert.equal(second!.status, 200);
    assert.equal(await second!.text(), body);
    assert.equal(await (await backend.requestHref(user, { headers })).text(), body);
    assert.equal(mock.accounts().length, 1);
    assert.equal(mock.workflows().length, 1);
  });

  it("scopes an Idempotency-Key to its user: the same key for another user is another verification", async (t) => {
    const { mock, backend } = await world(t);
    const headers = { "Idempotency-Key": randomUUID() };
    const [alice, bob] = [newUser(), newUser()];
    const first = await hrefOf(await backend.requestHref(alice, { headers }));
    const other = await hrefOf(await backend.requestHref(bob, { headers }));
    assert.notEqual(other.accountId, first.accountId);
    assert.notEqual(other.workflowExecutionId, first.workflowExecutionId);
    assert.equal((await backend.service.getVerification(other.workflowExecutionId))?.userReference, bob);
    assert.equal((await backend.service.getVerification(first.workflowExecutionId))?.userReference, alice);
    assert.equal(mock.accounts().length, 2);
    assert.deepEqual(await hrefOf(await backend.requestHref(alice, { headers })), first);
  });

  it("answers an Idempotency-Key's body after its token expired, while a request without the key gets a new workflow", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const headers = { "Idempotency-Key": randomUUID() };
    const first = await hrefOf(await backend.requestHref(user, { headers }));
    assert.ok(mock.expireToken(first.workflowExecutionId));

    assert.deepEqual(await hrefOf(await backend.requestHref(user, { headers })), first);
    assert.equal(mock.workflows().length, 1, "the key's answer made no workflow");

    const fresh = await hrefOf(await backend.requestHref(user));
    assert.notEqual(fresh.workflowExecutionId, first.workflowExecutionId);
    assertOneAccount(mock, first, fresh);
    assert.deepEqual(
      await hrefOf(await backend.requestHref(user, { headers })),
      first,
      "the key still names its own workflow",
    );
  });

  it("answers an Idempotency-Key for 24 hours; then it names the user's current workflow, and reconcile() deletes it", {
    skip: kind !== "postgres" && "SQL on PostgreSQL ages the key",
  }, async (t) => {
    const { mock, backend } = await world(t);
    const db = await sqlClient(t);
    const user = newUser();
    const key = randomUUID();
    const headers = { "Idempotency-Key": key };
    const first = await hrefOf(await backend.requestHref(user, { headers }));
    assert.ok(mock.expireToken(first.workflowExecutionId));
    const current = await hrefOf(await backend.requestHref(user));
    assert.deepEqual(await hrefOf(await backend.requestHref(user, { headers })), first, "within its day");

    const age = async () => {
      const aged = await db.query(
        "UPDATE jumio_idempotency_keys SET created_at = now() - interval '25 hours' WHERE idempotency_key = $1",
        [key],
      );
      assert.equal(aged.rowCount, 1);
    };
    await age();
    assert.deepEqual(await hrefOf(await backend.requestHref(user, { headers })), current, "bound anew");
    await age();
    await backend.service.reconcile({ olderThanMs: 3_600_000 });
    const left = await db.query("SELECT 1 FROM jumio_idempotency_keys WHERE idempotency_key = $1", [key]);
    assert.equal(left.rowCount, 0);
  });

  it("renews an expired token with a new workflow on the same Jumio account and marks the old one TOKEN_EXPIRED", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    // No TOKEN_EXPIRED callback: what the store learns, it learns from the href request's own look at Retrieval.
    mock.dropCallbacks(1);
    assert.ok(mock.expireToken(first.workflowExecutionId));

    const second = await hrefOf(await backend.requestHref(user));
    assert.notEqual(second.workflowExecutionId, first.workflowExecutionId);
    assert.notEqual(second.href, first.href);
    assert.equal(second.accountId, first.accountId);
    assertOneAccount(mock, first, second);

    await backend.service.settled();
    assert.equal((await backend.service.getVerification(first.workflowExecutionId))?.status, "TOKEN_EXPIRED");
    const renewed = await backend.service.getVerification(second.workflowExecutionId);
    assert.deepEqual([renewed?.status, renewed?.userReference], ["INITIATED", user]);
    assert.deepEqual(await hrefOf(await backend.requestHref(user)), second, "the renewed workflow is the one resumed");
  });

  it("makes a new account when Jumio no longer has the user's (Account Update 404), and updates that one next", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.expireToken(first.workflowExecutionId));
    // The guide: "404 Not Found (in case of a failed update scenario)", as for an account deleted meanwhile.
    mock.failNext({ path: `/api/v1/accounts/${first.accountId}`, method: "PUT", status: 404, times: 1 });
    const second = await hrefOf(await backend.requestHref(user));
    assert.notEqual(second.accountId, first.accountId);
    assert.deepEqual(
      backend.errors.map(({ stage, error }) => [stage, (error as { status?: number }).status]),
      [["href", 404]],
    );
    assert.ok(mock.expireToken(second.workflowExecutionId));
    const third = await hrefOf(await backend.requestHref(user));
    assert.equal(third.accountId, second.accountId, "an Account Update of the new account");
    assert.equal(mock.accounts().length, 2);
  });

  it("opens no second workflow beside one whose token ended while its journey runs on: 409, then the same one", {
    skip: kind !== "postgres" && "SQL on PostgreSQL moves the stored token's end into the past",
  }, async (t) => {
    const { mock, backend } = await world(t);
    const db = await sqlClient(t);
    const tokenEnded = (id: string) =>
      db.query(
        "UPDATE jumio_workflows SET token_expires_at = now() - interval '1 second' WHERE workflow_execution_id = $1",
        [id],
      );
    const started = newUser();
    const first = await hrefOf(await backend.requestHref(started));
    // The guide: "As soon as the workflow (transaction) starts, a 15 minutes session timeout starts."
    assert.equal((await fetch(first.href)).status, 200, "the journey starts in the mock's web client");
    await tokenEnded(first.workflowExecutionId);

    await assertRefused(await backend.requestHref(started), 409, "verification_in_progress");
    assert.equal(mock.workflows().length, 1, "no workflow beside the running one: it could give a second decision");
    assert.ok(mock.complete(first.workflowExecutionId), "the running journey can still be submitted");

    // A journey never started cannot start once its token ended: the next workflow may begin.
    const idle = newUser();
    const unused = await hrefOf(await backend.requestHref(idle));
    await tokenEnded(unused.workflowExecutionId);
    const next = await hrefOf(await backend.requestHref(idle));
    assert.notEqual(next.workflowExecutionId, unused.workflowExecutionId);
    assert.equal(next.accountId, unused.accountId);
  });

  it("refuses a new verification while the last one is ACQUIRED: 409 verification_in_progress, no new workflow", async (t) => {
    const { mock, backend } = await world(t, { processingDelayMs: 60_000 });
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(first.workflowExecutionId));

    await assertRefused(await backend.requestHref(user), 409, "verification_in_progress");
    assert.equal(mock.workflows().length, 1);
    assert.equal((await backend.service.getVerification(first.workflowExecutionId))?.status, "ACQUIRED");
  });

  it("refuses a new verification once the last one is PROCESSED: 409 verification_complete, no new workflow", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(first.workflowExecutionId));
    await quiet(mock, backend);
    assert.equal((await backend.service.getVerification(first.workflowExecutionId))?.status, "PROCESSED");

    await assertRefused(await backend.requestHref(user), 409, "verification_complete");
    assert.equal(mock.workflows().length, 1);
  });

  it("starts a new workflow on the same account after PROCESSED when allowRetry says so", async (t) => {
    const seen: string[] = [];
    const allowRetry = ({ status }: { status: string }) => {
      seen.push(status);
      return true;
    };
    const { mock, backend } = await world(t, {}, { allowRetry });
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(first.workflowExecutionId));
    await quiet(mock, backend);

    const second = await hrefOf(await backend.requestHref(user));
    assert.notEqual(second.workflowExecutionId, first.workflowExecutionId);
    assertOneAccount(mock, first, second);
    assert.deepEqual(seen, ["PROCESSED"]);
  });

  it("stores the workflow of a request whose browser left while Jumio was slow, and resumes it next time", async (t) => {
    const mock = await startMock();
    let posting!: () => void;
    const accountPosted = new Promise<void>((resolve) => (posting = resolve));
    const slowFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      const method = init?.method ?? (input instanceof Request ? input.method : "GET");
      if (method === "POST" && new URL(url).pathname.endsWith("/accounts")) {
        posting();
        await delay(400);
      }
      return fetch(input, init);
    };
    const backend = await startBackend(mock, store(), { client: mockClient(mock, { fetch: slowFetch }) });
    t.after(async () => {
      await quiet(mock, backend);
      await backend.close();
      await mock.close();
    });
    const user = newUser();
    await assert.rejects(backend.requestHref(user, { signal: AbortSignal.timeout(150) }), { name: "TimeoutError" });
    assert.equal(mock.accounts().length, 0, "the client left before Jumio answered");

    await accountPosted; // the service was on its way to Jumio when the client left
    await backend.service.settled();
    const [workflow, ...more] = mock.workflows();
    assert.ok(workflow);
    assert.deepEqual(more, []);
    assert.equal(mock.accounts().length, 1);
    const stored = await backend.service.getVerification(workflow.workflowExecutionId);
    assert.deepEqual(
      [stored?.accountId, stored?.userReference, stored?.status],
      [workflow.accountId, user, "INITIATED"],
    );

    const resumed = await hrefOf(await backend.requestHref(user));
    const { href, accountId, workflowExecutionId } = workflow;
    assert.deepEqual(resumed, { href, accountId, workflowExecutionId });
    assert.equal(mock.workflows().length, 1);
    assert.deepEqual(backend.errors, []);
  });

  it("refuses a same-site form POST from another port: 403 foreign_origin, no account", async (t) => {
    const { mock, backend } = await world(t);
    const port = Number(new URL(backend.url).port);
    const response = await post(backend, {
      headers: {
        Origin: `http://127.0.0.1:${port === 4999 ? 5000 : 4999}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "userReference=alice",
    });
    await assertRefused(response, 403, "foreign_origin");
    assert.deepEqual(mock.accounts(), []);
  });

  it("refuses a text/plain body without Origin: 415 unsupported_media_type, no account", async (t) => {
    const { mock, backend } = await world(t);
    const response = await post(backend, {
      headers: { "Content-Type": "text/plain" },
      body: '{"userReference":"alice"}',
    });
    await assertRefused(response, 415, "unsupported_media_type");
    assert.deepEqual(mock.accounts(), []);
  });

  it("refuses a foreign Origin: 403 foreign_origin, no account", async (t) => {
    const { mock, backend } = await world(t);
    const response = await post(backend, { headers: { Origin: "https://evil.example" } });
    await assertRefused(response, 403, "foreign_origin");
    assert.equal(response.headers.get("access-control-allow-origin"), null);
    assert.deepEqual(mock.accounts(), []);
  });

  it("refuses a 10 MB JSON body: 413 body_too_large, no account", async (t) => {
    const { mock, backend } = await world(t);
    const body = Buffer.alloc(10 * 1024 * 1024, " ");
    body.write('{"padding":"');
    body.write('"}', body.byteLength - 2);
    const answer = await postBytes(`${backend.url}/verification`, body, {
      "Content-Type": "application/json",
      "X-Test-User": newUser(),
    });
    assert.equal(answer.status, 413);
    assert.equal((JSON.parse(answer.text) as { error: { code: string } }).error.code, "body_too_large");
    assert.deepEqual(mock.accounts(), []);
  });

  it("refuses a streamed 10 MB JSON body without Content-Length: 413 body_too_large, no account", async (t) => {
    const { mock, backend } = await world(t);
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"padding":"'));
        if (sent >= 160) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await post(backend, {
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await assertRefused(response, 413, "body_too_large");
    assert.deepEqual(mock.accounts(), []);
  });

  it("refuses GET: 405 method_not_allowed with Allow: POST, no account", async (t) => {
    const { mock, backend } = await world(t);
    const response = await post(backend, { method: "GET" });
    await assertRefused(response, 405, "method_not_allowed");
    assert.equal(response.headers.get("allow"), "POST");
    assert.deepEqual(mock.accounts(), []);
  });

  it("refuses a malformed Idempotency-Key (300 characters, or with a space): 400, no account", async (t) => {
    const { mock, backend } = await world(t);
    for (const key of ["k".repeat(300), "two words"]) {
      await assertRefused(await post(backend, { headers: { "Idempotency-Key": key } }), 400, "invalid_idempotency_key");
    }
    assert.deepEqual(mock.accounts(), []);
  });

  it("answers an allowed origin's preflight and POST with CORS, and still refuses another origin", async (t) => {
    const allowed = "http://localhost:4999";
    const { mock, backend } = await world(t, {}, { allowedOrigins: [allowed] });
    const preflight = await fetch(`${backend.url}/verification`, {
      method: "OPTIONS",
      headers: {
        Origin: allowed,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "idempotency-key",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), allowed);
    assert.equal(preflight.headers.get("access-control-allow-credentials"), "true");
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /\bPOST\b/);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /\bidempotency-key\b/i);
    assert.deepEqual(mock.accounts(), [], "a preflight creates nothing");

    const user = newUser();
    const response = await backend.requestHref(user, { headers: { Origin: allowed, "Idempotency-Key": randomUUID() } });
    assert.equal(response.headers.get("access-control-allow-origin"), allowed);
    assert.equal(response.headers.get("access-control-allow-credentials"), "true");
    const href = await hrefOf(response);

    const foreign = await backend.requestHref(newUser(), { headers: { Origin: "http://localhost:5000" } });
    await assertRefused(foreign, 403, "foreign_origin");
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);
    assertOneAccount(mock, href);
  });

  it("answers what account() returns when it is a Response (401 without a user), creating no account", async (t) => {
    const { mock, backend } = await world(t);
    const response = await fetch(`${backend.url}/verification`, { method: "POST" });
    assert.equal(response.status, 401);
    assert.deepEqual(mock.accounts(), []);
    assert.deepEqual(backend.errors, []);
  });

  it("answers 500 and calls onError with stage href when account() sets no userReference, creating no account", async (t) => {
    const mock = await startMock();
    const errors: { error: unknown; stage: string }[] = [];
    let handle: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
    const server = await listen(createServer(toNodeListener((request) => handle(request))));
    const service = createVerificationService({
      client: mockClient(mock),
      store: store(),
      callbackUrl: `${server.url}/callback`,
      callbackSource: "any",
      onError: (error, context) => void errors.push({ error, ...context }),
    });
    t.after(async () => {
      await service.close();
      await server.close();
      await mock.close();
    });
    handle = service.hrefHandler(() => ({
      request: { customerInternalReference: `ref-${randomUUID()}`, workflowDefinition: { key: 10013 } },
    }));

    const response = await fetch(`${server.url}/verification`, { method: "POST" });
    await assertRefused(response, 500, "internal_error");
    await service.settled();
    assert.deepEqual(
      errors.map(({ stage }) => stage),
      ["href"],
    );
    assert.match(String(errors[0]?.error), /userReference/);
    assert.deepEqual(mock.accounts(), []);
  });

  it("asks allowRetry with the decision: a PASSED user whose callback was lost may not start again", async (t) => {
    const seen: (string | undefined)[] = [];
    const allowRetry = ({ decision }: { decision?: string }) => {
      seen.push(decision);
      return decision !== "PASSED";
    };
    const { mock, backend } = await world(t, {}, { allowRetry });
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    mock.dropCallbacks(1);
    assert.ok(mock.complete(first.workflowExecutionId));
    await quiet(mock, backend);
    await assertRefused(await backend.requestHref(user), 409, "verification_complete");
    assert.deepEqual(seen, ["PASSED"]);
    assert.equal((await backend.service.getVerification(first.workflowExecutionId))?.decision, "PASSED");
    assertOneAccount(mock, first);
  });

  it("gives an allowed origin its CORS headers on refusals too (413, 415), so the page can read them", async (t) => {
    const allowed = "http://localhost:4999";
    const { mock, backend } = await world(t, {}, { allowedOrigins: [allowed] });
    const tooLarge = await post(backend, {
      headers: { Origin: allowed, "Content-Type": "application/json" },
      body: JSON.stringify({ x: "x".repeat(17 * 1024) }),
    });
    assert.equal(tooLarge.headers.get("access-control-allow-origin"), allowed);
    await assertRefused(tooLarge, 413, "body_too_large");
    const plain = await post(backend, { headers: { Origin: allowed, "Content-Type": "text/plain" }, body: "{}" });
    assert.equal(plain.headers.get("access-control-allow-origin"), allowed);
    await assertRefused(plain, 415, "unsupported_media_type");
    assert.equal(mock.accounts().length, 0);
  });

  it("answers 502 for an account Jumio made without a web.href, and the retry updates that account, on any instance", async (t) => {
    // Jumio's answer when no Domain Name Prefix is set: the account and workflow, no web.href.
    const { mock, backend, other } = await behindAccountProxy(t, {}, async (answer) => {
      const { web: _, ...rest } = (await answer.json()) as Record<string, unknown>;
      return Response.json(rest, { status: answer.status });
    });
    const user = newUser();
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await [backend, other, backend][attempt]!.requestHref(user);
      assert.equal(refused.headers.get("retry-after"), "60");
      await assertRefused(refused, 502, "jumio_error");
    }
    assert.equal(mock.accounts().length, 1, "the retries are Account Updates of the account made first");
    assert.equal(mock.workflows().length, 3);
  });

  it("updates the account made after an Account Update 404 whose answer had no web.href: one new account, not one a retry", async (t) => {
    let strip = false;
    const { mock, backend, other } = await behindAccountProxy(t, {}, async (answer) => {
      if (!strip) return answer;
      const { web: _, ...rest } = (await answer.json()) as Record<string, unknown>;
      return Response.json(rest, { status: answer.status });
    });
    const user = newUser();
    const first = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.expireToken(first.workflowExecutionId));
    // The user's account deleted at Jumio: every Account Update of it answers 404.
    mock.failNext({ path: `/api/v1/accounts/${first.accountId}`, method: "PUT", status: 404, times: 3 });
    strip = true;
    for (let attempt = 0; attempt < 3; attempt++) {
      await assertRefused(await [backend, other, backend][attempt]!.requestHref(user), 502, "jumio_error");
    }
    assert.equal(mock.accounts().length, 2, "the deleted account, and one new one that the retries update");
  });

  it("answers 502 for an Account answer unlike the guide's, and the retry updates the account it names", async (t) => {
    const { mock, backend } = await behindAccountProxy(t, {}, async (answer) => {
      const body = (await answer.json()) as { workflowExecution: object };
      return Response.json(
        { ...body, workflowExecution: { ...body.workflowExecution, id: 42 } },
        { status: answer.status },
      );
    });
    const user = newUser();
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await backend.requestHref(user);
      assert.equal(refused.headers.get("retry-after"), "60");
      await assertRefused(refused, 502, "jumio_error");
    }
    const [made] = mock.accounts();
    assert.equal(mock.accounts().length, 1, "the retries are Account Updates of the account made first");
    assert.equal(mock.workflows().length, 3);
    const reported = backend.errors.map(({ error }) => error as JumioResponseError);
    assert.deepEqual(
      reported.map(({ name, accountId }) => [name, accountId]),
      Array(3).fill(["JumioResponseError", made!.id]),
    );
    assert.match(reported[0]!.message, new RegExp(`workflowExecution\\.id: .*names account ${made!.id}`));
  });

  it("answers 503 when the store cannot keep a workflow Jumio made, and the retry updates that account", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const made = await madeWhileRefused(store(), mock, backend, user, ["jumio_workflows"]);
    assert.ok(
      backend.errors.some(({ stage, error }) => stage === "href" && String(error).includes(made.id)),
      "onError names the account",
    );
    const second = await hrefOf(await backend.requestHref(user));
    assert.equal(second.accountId, made.id, "the retry is an Account Update of the account already made");
    assert.equal(mock.accounts().length, 1);
  });

  it("remembers in memory an account the store could neither keep nor note: the same process's retry updates it", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const made = await madeWhileRefused(store(), mock, backend, user, [
      "jumio_workflows",
      "jumio_accounts_without_workflow",
    ]);
    const second = await hrefOf(await backend.requestHref(user));
    assert.equal(second.accountId, made.id, "the retry is an Account Update of the account already made");
    assert.equal(mock.accounts().length, 1);
  });

  it("forgets an account it remembers in memory once another instance stored a newer workflow of the user", async (t) => {
    const { mock, backend } = await world(t);
    const other = await startBackend(mock, store());
    t.after(() => other.close());
    const user = newUser();
    const tables = ["jumio_workflows", "jumio_accounts_without_workflow"];
    const remembered = await madeWhileRefused(store(), mock, backend, user, tables);
    // The other instance knows nothing of that account: it makes the user's next one, stored.
    const newer = await hrefOf(await other.requestHref(user));
    assert.notEqual(newer.accountId, remembered.id);
    mock.dropCallbacks(1);
    assert.ok(mock.expireToken(newer.workflowExecutionId));
    const renewed = await hrefOf(await backend.requestHref(user));
    assert.equal(renewed.accountId, newer.accountId, "the stored workflow's account, not the one in memory");
  });

  it("answers an Account Create that timed out with Retry-After, so that the fetcher does not repeat it: one account", async (t) => {
    // Jumio makes the account but answers after the client gave up.
    const { mock, backend } = await behindAccountProxy(t, { timeoutMs: 300 }, async (answer) => {
      await delay(600);
      return answer;
    });
    const { fetchVerificationHref } = (await import(new URL("../../src/fetcher.ts", import.meta.url).href)) as {
      fetchVerificationHref(endpoint: string, options: object): Promise<unknown>;
    };
    const failed = await fetchVerificationHref(`${backend.url}/verification`, {
      init: { headers: { "X-Test-User": newUser() } },
      allowedOrigins: [mock.url],
    }).then(
      () => assert.fail("an href from a timed-out Account Create"),
      (error: { code?: string; status?: number }) => error,
    );
    assert.deepEqual([failed.code, failed.status], ["http-error", 504]);
    assert.equal(mock.accounts().length, 1);
    assert.deepEqual(
      backend.errors.map(({ stage, error }) => [stage, (error as Error).name]),
      [["href", "JumioTimeoutError"]],
    );
  });

  it("answers the fetcher's retry after a lost answer with the same body: one account, one key", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const keys: (string | null)[] = [];
    // A proxy that loses the first answer after the backend made the account, as a dropped connection would.
    const proxy = await listen(
      createServer(
        toNodeListener(async (request) => {
          keys.push(request.headers.get("idempotency-key"));
          const answer = await backend.requestHref(user, { headers: { "Idempotency-Key": keys.at(-1)! } });
          return keys.length === 1 ? new Response(null, { status: 502 }) : answer;
        }),
      ),
    );
    t.after(() => proxy.close());
    // The element's own fetcher, run in Node; typed here, since the Node type check has no DOM.
    const { fetchVerificationHref } = (await import(new URL("../../src/fetcher.ts", import.meta.url).href)) as {
      fetchVerificationHref(endpoint: string, options: object): Promise<{ workflowExecutionId?: string }>;
    };
    const href = await fetchVerificationHref(proxy.url, { allowedOrigins: [mock.url], timeoutMs: 10_000 });
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1]);
    assert.match(keys[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(mock.accounts().length, 1);
    assert.equal(href.workflowExecutionId, mock.workflows()[0]!.workflowExecutionId);
  });
});
