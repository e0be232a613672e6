import assert from "node:assert/strict";
import { createServer } from "node:net";
import { afterEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type * as errors from "../../src/server/errors.js";
import {
  createJumioClient,
  JumioApiError,
  type JumioClient,
  JumioError,
  JumioNetworkError,
  JumioResponseError,
  JumioTimeoutError,
} from "../../src/server/index.js";
import { CLIENT_ID, CLIENT_SECRET, manualClock, testClient, USER_AGENT } from "./support/client.js";
import { type FakeJumio, type Reply, startFakeJumio, TOKEN_PATH } from "./support/fake-jumio.js";
import { ACCOUNT_ID, CREDENTIAL_ID, jpeg, WORKFLOW_ID } from "./support/fixtures.js";

const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
const STATUS = { account: { id: ACCOUNT_ID }, workflowExecution: { id: WORKFLOW_ID, status: "ACQUIRED" } };
const STATUS_PATH = `/retrieval/api/v1/accounts/${ACCOUNT_ID}/workflow-executions/${WORKFLOW_ID}/status`;
const REQUEST = { customerInternalReference: "ref", workflowDefinition: { key: 2 } };

let fake: FakeJumio | undefined;
afterEach(() => fake?.close());

/** A fake whose non-token calls get `replies` in turn, then the last one again. */
async function jumioAnswering(replies: Reply[], options: Parameters<typeof testClient>[1] = {}) {
  let next = 0;
  fake = await startFakeJumio((request) =>
    request.path === TOKEN_PATH ? undefined : replies[Math.min(next++, replies.length - 1)],
  );
  const time = manualClock();
  return { jumio: testClient(fake, { clock: time.clock, ...options }), sleeps: time.sleeps, fake };
}

const getStatus = (jumio: JumioClient) => jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID);
const createAccount = (jumio: JumioClient) => jumio.createAccount(REQUEST);
const uploadPart = (jumio: JumioClient) =>
  jumio.uploadPart({
    accountId: ACCOUNT_ID,
    workflowExecutionId: WORKFLOW_ID,
    credentialId: CREDENTIAL_ID,
    classifier: "FRONT",
    file: jpeg(640, 480),
  });

describe("HTTP errors", () => {
  test("a 4xx is a JumioApiError with status, JSON body, method and URL, not retried", async () => {
    const { jumio, fake } = await jumioAnswering([{ status: 404, json: { message: "scan not available" } }]);
    await assert.rejects(getStatus(jumio), (error) => {
      assert.ok(error instanceof JumioApiError && error instanceof JumioError);
      assert.equal(error.code, "api");
      assert.equal(error.status, 404);
      assert.deepEqual(error.body, { message: "scan not available" });
      assert.equal(error.method, "GET");
      assert.equal(error.url, fake.url + STATUS_PATH);
      assert.equal(error.message, `Jumio answered 404 to GET ${fake.url}${STATUS_PATH}`);
      return true;
    });
    assert.equal(fake.calls().length, 1);
  });

  test("a body that is not JSON is kept as text", async () => {
    const { jumio } = await jumioAnswering([{ status: 403, body: "<html>Forbidden</html>" }]);
    await assert.rejects(createAccount(jumio), { name: "JumioApiError", status: 403, body: "<html>Forbidden</html>" });
  });

  test("a 5xx on GET is retried with backoff, then thrown", async () => {
    const { jumio, fake, sleeps } = await jumioAnswering([{ status: 503, json: { error: "down" } }], {
      retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    await assert.rejects(getStatus(jumio), { name: "JumioApiError", status: 503, body: { error: "down" } });
    assert.equal(fake.calls().length, 3);
    assert.equal(sleeps.length, 2);
    assert.ok(sleeps[0]! >= 50 && sleeps[0]! <= 100, `first backoff ${sleeps[0]}`);
    assert.ok(sleeps[1]! >= 100 && sleeps[1]! <= 200, `second backoff ${sleeps[1]}`);
  });

  test("a 5xx on GET followed by a success answers the success", async () => {
    const { jumio, fake } = await jumioAnswering([{ status: 502 }, { json: STATUS }]);
    assert.deepEqual(await getStatus(jumio), STATUS);
    assert.equal(fake.calls().length, 2);
  });

  test("a 5xx on DELETE is retried", async () => {
    const { jumio, fake } = await jumioAnswering([{ status: 500 }, {}]);
    await jumio.deleteAccount(ACCOUNT_ID);
    assert.equal(fake.calls().length, 2);
  });

  const notRetried: [name: string, call: (jumio: JumioClient) => Promise<unknown>, reply: Reply][] = [
    ["a 5xx on an account POST", createAccount, { status: 500 }],
    ["a 5xx on an account PUT", (jumio) => jumio.updateAccount(ACCOUNT_ID, REQUEST), { status: 503 }],
    ["a 429 on an account POST", createAccount, { status: 429, headers: { "Retry-After": "0" } }],
    ["a 5xx on finalize", (jumio) => jumio.finalizeWorkflow(ACCOUNT_ID, WORKFLOW_ID), { status: 500 }],
    ["a 5xx on uploadPart", uploadPart, { status: 503 }],
    ["a 429 on uploadPart", uploadPart, { status: 429, headers: { "Retry-After": "0" } }],
  ];
  for (const [name, call, reply] of notRetried) {
    test(`${name} is not retried`, async () => {
      const { jumio, fake } = await jumioAnswering([reply, { json: {} }]);
      await assert.rejects(call(jumio), { name: "JumioApiError", status: (reply as { status: number }).status });
      assert.equal(fake.calls().length, 1);
    });
  }

  test("retry options given as undefined keep their defaults", async () => {
    const { jumio, fake, sleeps } = await jumioAnswering([{ status: 503 }], {
      retry: { retries: undefined, baseDelayMs: undefined, maxDelayMs: undefined } as never,
    });
    await assert.rejects(getStatus(jumio), { name: "JumioApiError", status: 503 });
    assert.equal(fake.calls().length, 3, "2 retries by default");
    assert.ok(
      sleeps.every((ms) => ms >= 125 && ms <= 500),
      `backoff from 250 ms: ${sleeps}`,
    );
  });

  test("a 429 on GET waits as long as Retry-After says", async () => {
    const { jumio, sleeps } = await jumioAnswering([
      { status: 429, headers: { "Retry-After": "2" } },
      { json: STATUS },
    ]);
    assert.deepEqual(await getStatus(jumio), STATUS);
    assert.deepEqual(sleeps, [2000]);
  });

  test("a 429 asking for a longer wait than maxDelayMs is thrown at once", async () => {
    const { jumio, fake, sleeps } = await jumioAnswering([{ status: 429, headers: { "Retry-After": "120" } }], {
      retry: { maxDelayMs: 5000 },
    });
    await assert.rejects(getStatus(jumio), { name: "JumioApiError", status: 429 });
    assert.deepEqual(sleeps, []);
    assert.equal(fake.calls().length, 1);
  });

  test("the token request is retried on 5xx", async () => {
    let tokenCalls = 0;
    fake = await startFakeJumio((request) =>
      request.path === TOKEN_PATH ? (tokenCalls++ === 0 ? { status: 503 } : undefined) : { json: STATUS },
    );
    assert.deepEqual(await getStatus(testClient(fake)), STATUS);
    assert.equal(fake.tokenRequests().length, 2);
  });
});

describe("network failures and timeouts", () => {
  test("a dropped connection is a JumioNetworkError, retried on GET", async () => {
    const { jumio, fake } = await jumioAnswering(["destroy"]);
    await assert.rejects(getStatus(jumio), (error) => {
      assert.ok(error instanceof JumioNetworkError);
      assert.equal(error.code, "network");
      assert.match(error.message, new RegExp(`^GET ${fake.url}${STATUS_PATH} failed: `));
      return true;
    });
    assert.equal(fake.calls().length, 3);
  });

  test("a dropped connection on an account POST is not retried", async () => {
    const { jumio, fake } = await jumioAnswering(["destroy"]);
    await assert.rejects(createAccount(jumio), JumioNetworkError);
    assert.equal(fake.calls().length, 1);
  });

  test("a dropped connection on uploadPart is not retried", async () => {
    const { jumio, fake } = await jumioAnswering(["destroy"]);
    await assert.rejects(uploadPart(jumio), JumioNetworkError);
    assert.equal(fake.calls().length, 1);
  });

  test("a request fetch refuses to send (an invalid header) is a TypeError, not a network error, and not retried", async () => {
    // A tracing wrapper with a bug, around the real fetch.
    const tracing: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "X-Trace": "a\nb" } });
    const { jumio, sleeps } = await jumioAnswering([{ json: STATUS }], { fetch: tracing });
    await assert.rejects(getStatus(jumio), (error) => {
      assert.ok(!(error instanceof JumioError), String(error));
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /^POST .*\/oauth2\/token was not sent: .*invalid header value/s);
      assert.ok(!error.message.includes(CLIENT_SECRET) && !error.message.includes(BASIC), error.message);
      return true;
    });
    assert.deepEqual(sleeps, [], "not retried");
  });

  test("a refused connection is a JumioNetworkError", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    fake = await startFakeJumio();
    const jumio = testClient(fake, { baseUrls: { ...fake.baseUrls, auth: `http://127.0.0.1:${port}/oauth2/token` } });
    await assert.rejects(
      getStatus(jumio),
      (error) => error instanceof JumioNetworkError && /ECONNREFUSED/.test(error.message),
    );
  });

  test("no answer within timeoutMs is a JumioTimeoutError, retried on GET", async () => {
    const { jumio, fake } = await jumioAnswering(["hang"], { timeoutMs: 50 });
    await assert.rejects(getStatus(jumio), (error) => {
      assert.ok(error instanceof JumioTimeoutError);
      assert.equal(error.code, "timeout");
      assert.equal(error.timeoutMs, 50);
      return true;
    });
    assert.equal(fake.calls().length, 3);
  });

  test("a call's own timeoutMs wins, and a timed-out POST is not retried", async () => {
    const { jumio, fake } = await jumioAnswering(["hang"], { timeoutMs: 5_000 });
    const started = Date.now();
    await assert.rejects(jumio.createAccount(REQUEST, { timeoutMs: 40 }), { name: "JumioTimeoutError", timeoutMs: 40 });
    assert.ok(Date.now() - started < 2_000);
    assert.equal(fake.calls().length, 1);
  });

  test("a caller's abort is thrown as its reason, not as a Jumio error", async () => {
    const { jumio } = await jumioAnswering(["hang"]);
    const controller = new AbortController();
    const reason = new Error("user went away");
    setTimeout(() => controller.abort(reason), 20);
    await assert.rejects(
      jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, { signal: controller.signal }),
      (error) => error === reason,
    );
  });

  test("a caller's abort ends a backoff wait at once", async () => {
    fake = await startFakeJumio((request) => (request.path === TOKEN_PATH ? undefined : { status: 503 }));
    const jumio = createJumioClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      region: "apac-1",
      userAgent: USER_AGENT,
      baseUrls: fake.baseUrls,
      retry: { baseDelayMs: 8_000, maxDelayMs: 8_000 },
    });
    const started = Date.now();
    const status = jumio.getWorkflowStatus(ACCOUNT_ID, WORKFLOW_ID, { signal: AbortSignal.timeout(50) });
    await assert.rejects(status, (error) => error instanceof DOMException && error.name === "TimeoutError");
    assert.ok(Date.now() - started < 2_000);
  });
});

describe("garbage answers", () => {
  const garbage: [name: string, reply: Reply, path: string][] = [
    ["a body that is not JSON", { body: "<html>ok</html>" }, ""],
    ["an empty body", { body: "" }, ""],
    [
      "JSON of the wrong shape",
      { json: { account: { id: ACCOUNT_ID }, workflowExecution: {} } },
      "workflowExecution.id",
    ],
    ["a field of the wrong type", { json: { ...STATUS, account: { id: 42 } } }, "account.id"],
  ];
  for (const [name, reply, path] of garbage) {
    test(`${name} is a JumioResponseError naming ${path || "the body"}`, async () => {
      const { jumio } = await jumioAnswering([reply]);
      await assert.rejects(getStatus(jumio), (error) => {
        assert.ok(error instanceof JumioResponseError);
        assert.equal(error.code, "invalid-response");
        assert.equal(error.status, 200);
        assert.equal(error.issues[0]?.path, path);
        return true;
      });
    });
  }

  test("fields Jumio adds later are kept, unknown enum values accepted", async () => {
    const later = {
      account: { id: ACCOUNT_ID, region: "amer-1" },
      workflowExecution: { id: WORKFLOW_ID, status: "ARCHIVED", priority: 1 },
    };
    const { jumio } = await jumioAnswering([{ json: later }]);
    assert.deepEqual(await getStatus(jumio), later);
  });

  test("a garbage token answer is a JumioResponseError", async () => {
    fake = await startFakeJumio((request) =>
      request.path === TOKEN_PATH
        ? { json: { access_token: "t", expires_in: "soon", token_type: "Bearer" } }
        : undefined,
    );
    await assert.rejects(getStatus(testClient(fake)), {
      name: "JumioResponseError",
      issues: [{ path: "expires_in", message: "Invalid input: expected number, received string" }],
    });
  });

  test("a token that no header can carry is a JumioResponseError naming access_token", async () => {
    fake = await startFakeJumio((request) =>
      request.path === TOKEN_PATH
        ? { json: { access_token: "line\nbreak", expires_in: 3600, token_type: "Bearer" } }
        : undefined,
    );
    await assert.rejects(getStatus(testClient(fake)), (error) => {
      assert.ok(error instanceof JumioResponseError, String(error));
      assert.deepEqual(
        error.issues.map((issue) => issue.path),
        ["access_token"],
      );
      return true;
    });
  });

  test("a credential part that is not an image is a JumioResponseError", async () => {
    const { jumio } = await jumioAnswering([{ json: { message: "not an image" } }]);
    await assert.rejects(jumio.getCredentialPart(ACCOUNT_ID, "c", "FACE"), { name: "JumioResponseError" });
  });

  test("a credential part declared as another image type (an SVG can carry script) is a JumioResponseError", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const { jumio } = await jumioAnswering([{ headers: { "Content-Type": "image/svg+xml" }, body: svg }]);
    await assert.rejects(jumio.getCredentialPart(ACCOUNT_ID, "c", "FACE"), { name: "JumioResponseError" });
  });

  test("a JPEG declared as another type is returned as image/jpeg, read from its bytes", async () => {
    const bytes = jpeg(2, 2);
    const { jumio } = await jumioAnswering([{ headers: { "Content-Type": "image/webp" }, body: bytes }]);
    assert.deepEqual(await jumio.getCredentialPart(ACCOUNT_ID, "c", "FACE"), { bytes, contentType: "image/jpeg" });
  });
});

describe("error names", () => {
  test("survive minification: each is a literal on its class's prototype", async () => {
    const bundled = await build({
      entryPoints: [fileURLToPath(new URL("../../src/server/errors.ts", import.meta.url))],
      bundle: true,
      minify: true,
      format: "esm",
      write: false,
    });
    const minified = (await import(
      `data:text/javascript,${encodeURIComponent(bundled.outputFiles[0]!.text)}`
    )) as typeof errors;
    const made: [expected: string, error: Error][] = [
      ["JumioValidationError", new minified.JumioValidationError("Invalid", [])],
      ["JumioApiError", new minified.JumioApiError("GET", "https://x", 400, {})],
      ["JumioResponseError", new minified.JumioResponseError("Unexpected", 200, [])],
      ["JumioNetworkError", new minified.JumioNetworkError("GET", "https://x", "reset")],
      ["JumioTimeoutError", new minified.JumioTimeoutError("GET", "https://x", 5)],
    ];
    for (const [expected, error] of made) {
      assert.equal(error.name, expected);
      assert.ok(error.stack?.startsWith(`${expected}: `), error.stack);
      assert.equal((error as JumioError).toJSON().name, expected);
      assert.ok(!Object.keys(error).includes("name"), "not an own enumerable property");
    }
  });
});

describe("JSON.stringify of an error", () => {
  const apiError = (body: unknown) => new JumioApiError("GET", "https://x.test/a", 400, body);
  const stringified = (error: Error) => JSON.parse(JSON.stringify(error)) as Record<string, unknown>;

  test("keeps the fields of a plain error", () => {
    assert.deepEqual(stringified(apiError({ message: "no" })), {
      name: "JumioApiError",
      message: "Jumio answered 400 to GET https://x.test/a",
      method: "GET",
      url: "https://x.test/a",
      status: 400,
      body: { message: "no" },
      truncated: false,
      code: "api",
    });
  });

  test("a cyclic body becomes [circular] where it repeats", () => {
    const body: Record<string, unknown> = { message: "loop" };
    body.self = body;
    body.list = [body];
    assert.deepEqual(stringified(apiError(body)).body, { message: "loop", self: "[circular]", list: ["[circular]"] });
  });

  test("a BigInt becomes its digits", () => {
    assert.deepEqual(stringified(apiError({ id: 12345678901234567890n })).body, { id: "12345678901234567890" });
  });

  test("a cause, cyclic or an error itself, does not throw", () => {
    const error = apiError("x");
    const cause: Record<string, unknown> = {};
    cause.cause = cause;
    Object.assign(error, { cause, inner: apiError(10n) });
    const json = stringified(error);
    assert.deepEqual(json.cause, { cause: "[circular]" });
    assert.deepEqual((json.inner as Record<string, unknown>).body, "10");
  });

  test("an error that is its own body is [circular] there", () => {
    const error = apiError(undefined);
    Object.assign(error, { body: error });
    assert.equal(stringified(error).body, "[circular]");
  });

  test("a getter or toJSON that throws spoils only its own entry", () => {
    const body = {
      kept: 1,
      get broken(): never {
        throw new Error("getter");
      },
      nested: { toJSON: () => assert.fail("toJSON") },
    };
    const error = apiError(body);
    Object.defineProperty(error, "loud", { enumerable: true, get: () => assert.fail("own getter") });
    const json = stringified(error);
    assert.deepEqual(json.body, { kept: 1, broken: "[unreadable]", nested: "[unserializable]" });
    assert.equal(json.loud, "[unreadable]");
  });

  test("a proxy that throws on every trap is [unserializable]", () => {
    const hostile = new Proxy({}, { get: () => assert.fail("get"), ownKeys: () => assert.fail("ownKeys") });
    assert.deepEqual(stringified(apiError({ hostile })).body, { hostile: "[unserializable]" });
  });

  test("too deep a nesting is cut rather than overflowing the stack", () => {
    let deep: unknown = "bottom";
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const text = JSON.stringify(apiError(deep));
    assert.ok(text.includes('"[too deep]"') && text.length < 1_000, text.slice(0, 200));
  });
});
