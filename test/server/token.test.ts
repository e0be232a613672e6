import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { JumioApiError, JumioTimeoutError } from "../../src/server/index.js";
import { manualClock, testClient } from "./support/client.js";
import { type FakeJumio, type Route, startFakeJumio, TOKEN_PATH, tokenReply } from "./support/fake-jumio.js";
import { ACCOUNT_ID, WORKFLOW_ID } from "./support/fixtures.js";

const STATUS = { account: { id: ACCOUNT_ID }, workflowExecution: { id: WORKFLOW_ID, status: "INITIATED" } };

let fake: FakeJumio | undefined;
afterEach(() => fake?.close());

/** Answers the status call, except with 401 for the tokens in `rejected`. */
function statusRoute(rejected: ReadonlySet<string> = new Set()): Route {
  return (request) => {
    if (request.path === TOKEN_PATH) return undefined;
    const token = request.headers.authorization?.replace("Bearer ", "") ?? "";
    return rejected.has(token) ? { status: 401, json: { message: "Unauthorized" } } : { json: STATUS };
  };
}

const bearers = (fake: FakeJumio) => fake.calls().map((request) => request.headers.authorization);

test("50 concurrent calls share one token request", async () => {
  fake = await startFakeJumio(async (request) => {
    if (request.path !== TOKEN_PATH) return { json: STATUS };
    await new Promise((resolve) => setTimeout(resolve, 20));
    return tokenReply("shared-token");
  });
  const jumio = testClient(fake);
  await Promise.all(Array.from({ length: 50 }, () => jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID)));
  assert.equal(fake.tokenRequests().length, 1);
  assert.equal(fake.calls().length, 50);
  assert.ok(bearers(fake).every((header) => header === "Bearer shared-token"));
});

const lifetimes: [name: string, elapsedMs: number, expected: string[]][] = [
  ["a cached token is reused within its lifetime", 58 * 60_000, ["Bearer token-1", "Bearer token-1"]],
  ["a token is renewed shortly before expires_in", 3600 * 1000 - 30_000, ["Bearer token-1", "Bearer token-2"]],
  ["an expired token is not reused", 3600 * 1000, ["Bearer token-1", "Bearer token-2"]],
];
for (const [name, elapsedMs, expected] of lifetimes) {
  test(name, async () => {
    fake = await startFakeJumio(statusRoute());
    const time = manualClock();
    const jumio = testClient(fake, { clock: time.clock });
    await jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
    time.advance(elapsedMs);
    await jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
    assert.deepEqual(bearers(fake), expected);
  });
}

test("a 401 renews the token once and repeats the call once", async () => {
  fake = await startFakeJumio(statusRoute(new Set(["token-1"])));
  const jumio = testClient(fake);
  const status = await jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
  assert.equal(status.workflowExecution.status, "INITIATED");
  assert.equal(fake.tokenRequests().length, 2);
  assert.deepEqual(bearers(fake), ["Bearer token-1", "Bearer token-2"]);
});

test("a 401 on an account POST is repeated once too: Jumio did not process it", async () => {
  fake = await startFakeJumio(statusRoute(new Set(["token-1", "token-2"])));
  const jumio = testClient(fake);
  await assert.rejects(
    jumio.createAccount({ customerInternalReference: "ref", workflowDefinition: { key: 2 } }),
    (error) => error instanceof JumioApiError && error.status === 401,
  );
  assert.equal(fake.calls().length, 2);
  assert.equal(fake.tokenRequests().length, 2);
});

test("a second 401 is thrown, not retried again", async () => {
  fake = await startFakeJumio(statusRoute(new Set(["token-1", "token-2", "token-3"])));
  const jumio = testClient(fake);
  await assert.rejects(jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID), {
    name: "JumioApiError",
    status: 401,
    body: { message: "Unauthorized" },
  });
  assert.deepEqual(bearers(fake), ["Bearer token-1", "Bearer token-2"]);
});

test("concurrent 401s for the same token renew it once", async () => {
  fake = await startFakeJumio(statusRoute(new Set(["token-1"])));
  const jumio = testClient(fake);
  await Promise.all(Array.from({ length: 10 }, () => jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID)));
  assert.equal(fake.tokenRequests().length, 2);
});

test("a failed token request is not cached: the next call asks again", async () => {
  let failures = 1;
  fake = await startFakeJumio((request) =>
    request.path === TOKEN_PATH && failures-- > 0
      ? { status: 400, json: { error: "invalid_request" } }
      : statusRoute()(request, fake!),
  );
  const jumio = testClient(fake);
  await assert.rejects(jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID), { name: "JumioApiError", status: 400 });
  await jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
  assert.equal(fake.tokenRequests().length, 2);
});

test("wrong client credentials are a JumioApiError 401 from the token URL, tried once", async () => {
  fake = await startFakeJumio((request) =>
    request.path === TOKEN_PATH ? { status: 401, json: { error: "invalid_client" } } : undefined,
  );
  const jumio = testClient(fake);
  await assert.rejects(jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID), {
    name: "JumioApiError",
    status: 401,
    method: "POST",
    url: fake.baseUrls.auth,
    body: { error: "invalid_client" },
  });
  assert.equal(fake.received.length, 1);
});

describe("waiting for the shared token", () => {
  /** A token endpoint that answers only after `delayMs`, or never. */
  const slowToken =
    (delayMs?: number): Route =>
    async (request) => {
      if (request.path !== TOKEN_PATH) return { json: STATUS };
      if (delayMs === undefined) return "hang";
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return tokenReply("slow-token");
    };

  test("a call's signal ends its wait for the token, with the signal's reason", async () => {
    fake = await startFakeJumio(slowToken());
    const jumio = testClient(fake, { timeoutMs: 5_000 });
    const controller = new AbortController();
    const reason = new Error("the user went away");
    setTimeout(() => controller.abort(reason), 30);
    const started = Date.now();
    await assert.rejects(
      jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, { signal: controller.signal }),
      (error) => error === reason,
    );
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  });

  test("an already aborted signal fails at once", async () => {
    fake = await startFakeJumio(slowToken());
    const jumio = testClient(fake, { timeoutMs: 5_000 });
    const signal = AbortSignal.abort(new Error("too late"));
    await assert.rejects(jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, { signal }), { message: "too late" });
  });

  test("a call's timeoutMs bounds its wait for the token: a JumioTimeoutError for the token URL", async () => {
    fake = await startFakeJumio(slowToken());
    const jumio = testClient(fake, { timeoutMs: 5_000 });
    const started = Date.now();
    await assert.rejects(jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, { timeoutMs: 50 }), (error) => {
      assert.ok(error instanceof JumioTimeoutError, String(error));
      assert.equal(error.timeoutMs, 50);
      assert.equal(error.url, fake!.baseUrls.auth);
      return true;
    });
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  });

  test("a caller giving up does not cancel the token request the others wait for", async () => {
    fake = await startFakeJumio(slowToken(150));
    const jumio = testClient(fake);
    const patient = jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
    const hasty = jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, { signal: AbortSignal.timeout(20) });
    await assert.rejects(hasty, { name: "TimeoutError" });
    assert.deepEqual(await patient, STATUS);
    assert.equal(fake.tokenRequests().length, 1);
    assert.deepEqual(bearers(fake), ["Bearer slow-token"]);
  });
});
