import assert from "node:assert/strict";
import { createServer, request as httpRequest } from "node:http";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { inspect } from "node:util";
import {
  createVerificationHandler,
  JumioApiError,
  JumioResponseError,
  JumioTimeoutError,
  toNodeListener,
  type VerificationHandlerOptions,
} from "../../src/server/index.js";
import { CLIENT_ID, CLIENT_SECRET, testClient } from "./support/client.js";
import { type FakeJumio, type Reply, startFakeJumio, TOKEN_PATH } from "./support/fake-jumio.js";
import { ACCOUNT_ID, accountResponse, WORKFLOW_ID } from "./support/fixtures.js";
import { listen } from "./support/listen.js";

const HREF = accountResponse().web.href;
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
const JUMIO_DETAIL = "internal-detail-from-jumio";

let fake: FakeJumio;
let accountReply: Reply | undefined;
let accountDelayMs: number;
let errors: unknown[];
let accounts: Map<string, string>;
let accountCalls: number;

before(async () => {
  fake = await startFakeJumio(async (request) => {
    if (request.path === TOKEN_PATH) return undefined;
    await delay(accountDelayMs);
    return accountReply ?? { json: accountResponse() };
  });
});
after(() => fake.close());
beforeEach(() => {
  accountReply = undefined;
  accountDelayMs = 0;
  errors = [];
  accounts = new Map();
  accountCalls = 0;
});

/** The host's handler: the user comes from a header, the locale from the JSON body. */
function hostHandler(overrides: Partial<VerificationHandlerOptions> = {}) {
  return createVerificationHandler({
    client: testClient(fake, { timeoutMs: 100 }),
    account: async (request) => {
      accountCalls++;
      const user = request.headers.get("x-user");
      if (!user) return Response.json({ error: "sign in first" }, { status: 401 });
      const { locale } = (await request.json()) as { locale?: "de" };
      return {
        accountId: accounts.get(user),
        request: {
          customerInternalReference: `onboarding-${user}`,
          userReference: user,
          workflowDefinition: { key: 10013 },
          web: { locale },
        },
      };
    },
    onAccount: (response, request) => {
      accounts.set(request.headers.get("x-user")!, response.account.id);
    },
    onError: (error) => errors.push(error),
    ...overrides,
  });
}

describe("mounted in node:http", () => {
  let app: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    app = await listen(createServer(toNodeListener(hostHandler())));
  });
  after(() => app.close());

  const post = (body: unknown = {}, headers: Record<string, string> = { "x-user": "u-1" }) =>
    fetch(`${app.url}/api/verification`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  test("a POST creates an account and answers exactly { href, accountId, workflowExecutionId }", async () => {
    const before = fake.calls().length;
    const response = await post({ locale: "de" });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.deepEqual(await response.json(), { href: HREF, accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID });
    const [sent] = fake.calls().slice(before);
    assert.equal(sent?.method, "POST");
    assert.equal(sent?.path, "/account/api/v1/accounts");
    assert.deepEqual(JSON.parse(sent?.text ?? ""), {
      customerInternalReference: "onboarding-u-1",
      userReference: "u-1",
      workflowDefinition: { key: 10013 },
      web: { locale: "de" },
    });
  });

  test("a known account gets a new workflow through Account Update", async () => {
    await post();
    const before = fake.calls().length;
    assert.equal((await post()).status, 200);
    const [sent] = fake.calls().slice(before);
    assert.equal(sent?.method, "PUT");
    assert.equal(sent?.path, `/account/api/v1/accounts/${ACCOUNT_ID}`);
  });

  test("other methods are 405 with Allow: POST", async () => {
    const before = fake.received.length;
    const response = await fetch(`${app.url}/api/verification`);
    assert.equal(response.status, 405);
    assert.equal(response.headers.get("allow"), "POST");
    assert.deepEqual(await response.json(), { error: { code: "method_not_allowed", message: "Use POST." } });
    assert.equal(fake.received.length, before);
  });

  test("a request without Origin (a server, curl) works", async () => {
    assert.equal((await post()).status, 200);
    assert.equal(accounts.get("u-1"), ACCOUNT_ID);
  });

  test("an Origin equal to the request's own works", async () => {
    assert.equal((await post({}, { "x-user": "u-1", Origin: app.url })).status, 200);
    assert.equal(accounts.get("u-1"), ACCOUNT_ID);
  });

  test("a foreign Origin is 403 foreign_origin, and neither account nor Jumio is called", async () => {
    const before = fake.received.length;
    const response = await post({}, { "x-user": "u-1", Origin: "https://evil.example" });
    assert.equal(response.status, 403);
    assert.equal(await errorCode(response), "foreign_origin");
    assert.equal(accountCalls, 0);
    assert.equal(fake.received.length, before);
  });

  test("a same-site text/plain POST from another port is refused: 403, no account", async () => {
    const before = fake.received.length;
    const otherPort = `http://127.0.0.1:${Number(new URL(app.url).port) + 1}`;
    const response = await post({}, { "x-user": "u-1", Origin: otherPort, "Content-Type": "text/plain" });
    assert.equal(response.status, 403);
    assert.equal(accountCalls, 0);
    assert.equal(fake.received.length, before);
  });

  test("a text/plain or form POST without Origin is 415, no account", async () => {
    const before = fake.received.length;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await post({}, { "x-user": "u-1", "Content-Type": type });
      assert.equal(response.status, 415, type);
      assert.equal(await errorCode(response), "unsupported_media_type");
    }
    assert.equal(accountCalls, 0);
    assert.equal(fake.received.length, before);
  });

  test("a browser's cross-site request without Origin is 403", async () => {
    const response = await post({}, { "x-user": "u-1", "Sec-Fetch-Site": "cross-site" });
    assert.equal(response.status, 403);
    assert.equal(accountCalls, 0);
  });

  test("a body over 16 KiB is 413, no account; 10 MB are not read", async () => {
    const before = fake.received.length;
    const over = await post({ locale: "de", padding: "x".repeat(16 * 1024) });
    assert.equal(over.status, 413);
    assert.equal(await errorCode(over), "body_too_large");
    const huge = await fetch(`${app.url}/api/verification`, {
      method: "POST",
      headers: { "x-user": "u-1", "Content-Type": "application/json" },
      body: new Uint8Array(10 * 1024 * 1024),
    });
    assert.equal(huge.status, 413);
    assert.equal(accountCalls, 0);
    assert.equal(fake.received.length, before);
  });

  test("an empty body is accepted, whatever its type", async () => {
    const handler = hostHandler({
      account: () => ({ request: { customerInternalReference: "r", workflowDefinition: { key: 2 } } }),
      onAccount: (response) => void accounts.set("empty", response.account.id),
    });
    const response = await handler(
      new Request("http://app.test/verify", { method: "POST", headers: { "Content-Type": "text/plain" } }),
    );
    assert.equal(response.status, 200);
    assert.equal(accounts.get("empty"), ACCOUNT_ID);
  });

  test("a Response from `account` is answered as is", async () => {
    const response = await post({}, {});
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "sign in first" });
  });

  // Retry-After: 60 where Jumio may have made the account all the same, so that the fetcher
  // (15 s in all by default) does not repeat the Account Create; none where it surely did not.
  const failures: [name: string, reply: Reply, status: number, code: string, retryAfter: string | null][] = [
    ["Jumio refusing the request", { status: 400, json: { message: JUMIO_DETAIL } }, 502, "jumio_error", null],
    ["Jumio failing", { status: 500, json: { message: JUMIO_DETAIL } }, 503, "jumio_unavailable", "60"],
    ["Jumio throttling", { status: 429, body: JUMIO_DETAIL }, 503, "jumio_unavailable", null],
    ["Jumio not answering", "hang", 504, "jumio_timeout", "60"],
    ["Jumio dropping the connection", "destroy", 503, "jumio_unavailable", "60"],
    ["Jumio answering garbage", { body: `<html>${JUMIO_DETAIL}</html>` }, 502, "jumio_error", "60"],
    [
      "Jumio answering without web.href",
      { json: { account: { id: "a" }, workflowExecution: { id: "w" } } },
      502,
      "jumio_error",
      "60",
    ],
  ];
  for (const [name, reply, status, code, retryAfter] of failures) {
    test(`${name} is a ${status} ${code} that reveals nothing of Jumio's answer`, async () => {
      accountReply = reply;
      const response = await post();
      assert.equal(response.status, status);
      assert.equal(response.headers.get("retry-after"), retryAfter);
      assert.equal(response.headers.get("cache-control"), "no-store");
      const text = await response.text();
      assert.ok(!text.includes(JUMIO_DETAIL));
      assert.deepEqual(Object.keys(JSON.parse(text).error), ["code", "message"]);
      assert.equal(JSON.parse(text).error.code, code);
      assert.equal(errors.length, 1);
    });
  }

  test("an account request breaking the guide's rules is a 500 and never reaches Jumio", async () => {
    const before = fake.received.length;
    const response = await post({ locale: "klingon" });
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      error: { code: "invalid_account_request", message: "The verification could not be prepared." },
    });
    assert.equal(fake.received.length, before);
  });

  test("an account Jumio created without a web.href still reaches onAccount", async () => {
    accountReply = { json: { account: { id: "created-without-href" }, workflowExecution: { id: "w" } } };
    const response = await post();
    assert.equal(response.status, 502);
    assert.deepEqual([...accounts.values()], ["created-without-href"]);
  });

  test("the onError hook gets the typed error", async () => {
    accountReply = { status: 403, json: { message: JUMIO_DETAIL } };
    await post();
    assert.ok(errors[0] instanceof JumioApiError && errors[0].status === 403);
    accountReply = { json: { account: { id: "a" }, workflowExecution: { id: "w" } } };
    await post();
    assert.ok(errors[1] instanceof JumioResponseError && errors[1].issues[0]?.path === "web.href");
    assert.equal(errors[1].accountId, "a");
  });

  test("onError names the account of an Account answer unlike the guide's: Jumio made it", async () => {
    accountReply = { json: { ...accountResponse(), workflowExecution: { id: 42 } } };
    await post();
    assert.deepEqual(accounts, new Map(), "onAccount gets only an answer that passed the schema");
    const [error] = errors;
    assert.ok(error instanceof JumioResponseError);
    assert.equal(error.accountId, ACCOUNT_ID);
    assert.match(
      error.message,
      new RegExp(`^Unexpected answer to POST .*workflowExecution\\.id: .* \\(it names account ${ACCOUNT_ID}\\)$`),
    );
    accountReply = { json: { account: { id: "../other" }, workflowExecution: { id: 42 } } };
    await post();
    assert.equal((errors[1] as JumioResponseError).accountId, undefined, "an id Jumio never gives is not taken");
  });
});

/** A POST as the element sends it, for the handler called directly. */
const post = (user: string, signal?: AbortSignal, headers: Record<string, string> = {}) =>
  new Request("http://app.test/verify", {
    method: "POST",
    headers: { "x-user": user, "Content-Type": "application/json", ...headers },
    body: "{}",
    ...(signal ? { signal } : {}),
  });

describe("which pages may call it", () => {
  const cases: [
    name: string,
    options: Partial<VerificationHandlerOptions>,
    headers: Record<string, string>,
    status: number,
  ][] = [
    [
      "an origin in allowedOrigins",
      { allowedOrigins: ["http://app.test:5173"] },
      { Origin: "http://app.test:5173" },
      200,
    ],
    [
      "an origin not in allowedOrigins",
      { allowedOrigins: ["http://app.test:5173"] },
      { Origin: "http://app.test:5174" },
      403,
    ],
    ["any origin with allowCrossSite", { allowCrossSite: true }, { Origin: "https://evil.example" }, 200],
    ["a cross-site request with allowCrossSite", { allowCrossSite: true }, { "Sec-Fetch-Site": "cross-site" }, 200],
    [
      "the origin a trusted proxy forwarded",
      { trustProxy: 1 },
      { Origin: "https://app.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example" },
      200,
    ],
    [
      "a forwarded origin without trustProxy",
      {},
      { Origin: "https://app.example", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example" },
      403,
    ],
  ];
  for (const [name, options, headers, status] of cases) {
    test(`${name} is ${status === 200 ? "accepted" : "refused 403"}`, async () => {
      const response = await hostHandler(options)(post("u-8", undefined, headers));
      assert.equal(response.status, status);
      assert.equal(accounts.has("u-8"), status === 200);
      assert.equal(accountCalls, status === 200 ? 1 : 0);
    });
  }
});

describe("failures of the host's own code", () => {
  test("`account` throwing is a 500 internal_error without its message", async () => {
    const handler = hostHandler({
      account: () => {
        throw new Error("database password is hunter2");
      },
    });
    const response = await handler(new Request("http://app.test/verify", { method: "POST" }));
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.ok(!text.includes("hunter2"));
    assert.equal(JSON.parse(text).error.code, "internal_error");
  });

  test("a token URL echoing the credentials is a 502 that shows them neither to the browser nor to onError", async () => {
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    const echoing = await startFakeJumio((request) => ({
      status: 401,
      json: { authorization: request.headers.authorization, secret: CLIENT_SECRET },
    }));
    try {
      const logged: unknown[] = [];
      const handler = createVerificationHandler({
        client: testClient(echoing),
        account: () => ({ request: { customerInternalReference: "r", workflowDefinition: { key: 2 } } }),
        onError: (error) => logged.push(error),
      });
      const response = await handler(new Request("http://app.test/verify", { method: "POST" }));
      assert.equal(response.status, 502);
      const [error] = logged;
      assert.ok(
        error instanceof JumioApiError && error.status === 401,
        "Jumio's answer was an echo of the credentials",
      );
      const outputs = [await response.text(), JSON.stringify(error), inspect(error, { depth: 10 }), String(error)];
      for (const output of outputs) {
        assert.ok(!output.includes(CLIENT_SECRET), output);
        assert.ok(!output.includes(basic), output);
      }
      assert.deepEqual(error.body, { authorization: "Basic [redacted]", secret: "[redacted]" });
    } finally {
      await echoing.close();
    }
  });

  test("an onError that throws does not keep the browser from its answer", async () => {
    accountReply = { status: 400, json: { message: JUMIO_DETAIL } };
    const handler = hostHandler({
      onError: () => {
        throw new Error("logger down");
      },
    });
    const response = await handler(post("u-5"));
    assert.equal(response.status, 502);
    assert.equal(await errorCode(response), "jumio_error");
  });

  test("an onError that rejects does not either, and leaves no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      accountReply = { status: 500 };
      const handler = hostHandler({ onError: async () => Promise.reject(new Error("logger down")) });
      assert.equal((await handler(post("u-5"))).status, 503);
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("a failure after the browser went away is reported to onError, and answered 499", async () => {
    accountReply = "hang";
    const browser = new AbortController();
    const pending = hostHandler()(post("u-6", browser.signal));
    setTimeout(() => browser.abort(), 30);
    const response = await pending;
    assert.equal(response.status, 499);
    assert.equal(await errorCode(response), "client_closed_request");
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof JumioTimeoutError, String(errors[0]));
  });

  test("a stale account id (Account Update answers 404) is a 502 jumio_error; onError gets the 404", async () => {
    accounts.set("u-7", "99999999-9999-9999-9999-999999999999");
    accountReply = { status: 404, json: { message: "account not found" } };
    const response = await hostHandler()(post("u-7"));
    assert.equal(response.status, 502);
    assert.equal(await errorCode(response), "jumio_error");
    assert.ok(errors[0] instanceof JumioApiError && errors[0].status === 404 && errors[0].method === "PUT");
  });
});

describe("other ways to mount it", () => {
  test("called directly with a Fetch Request, as Next.js and Hono routes do", async () => {
    const POST = hostHandler();
    const response = await POST(
      new Request("https://app.test/api/verification", {
        method: "POST",
        headers: { "x-user": "u-9", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" },
        body: "{}",
      }),
    );
    assert.deepEqual(await response.json(), { href: HREF, accountId: ACCOUNT_ID, workflowExecutionId: WORKFLOW_ID });
  });

  let app: Awaited<ReturnType<typeof listen>> | undefined;
  afterEach(() => app?.close());

  test("behind a body parser that already consumed the stream, as Express's json() does", async () => {
    const listener = toNodeListener(hostHandler());
    app = await listen(
      createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        await listener(Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString()) }), res);
      }),
    );
    const before = fake.calls().length;
    const response = await fetch(app.url, {
      method: "POST",
      headers: { "x-user": "u-3", "Content-Type": "application/json" },
      body: '{"locale":"de"}',
    });
    assert.equal(response.status, 200);
    assert.equal(JSON.parse(fake.calls()[before]?.text ?? "").web.locale, "de");
  });

  test("cookies and several headers pass through the node adapter", async () => {
    const listener = toNodeListener(async () => {
      const headers = new Headers({ "X-Request-Id": "42" });
      headers.append("Set-Cookie", "a=1");
      headers.append("Set-Cookie", "b=2");
      return new Response("ok", { status: 201, headers });
    });
    app = await listen(createServer(listener));
    const response = await fetch(app.url, { method: "POST", body: "x" });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("x-request-id"), "42");
    assert.deepEqual(response.headers.getSetCookie(), ["a=1", "b=2"]);
    assert.equal(await response.text(), "ok");
  });

  test("behind Express 4's json() skipping another content type: body {} and the stream still unread", async () => {
    const listener = toNodeListener(async (request) => new Response(await request.text()));
    // What body-parser 1.x does for a type it does not parse: `req.body = req.body || {}`, no `_body`.
    app = await listen(createServer((req, res) => listener(Object.assign(req, { body: {} }), res)));
    const response = await fetch(app.url, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: '{"locale":"de"}',
    });
    assert.equal(await response.text(), '{"locale":"de"}');
  });

  test("the browser going away does not lose the account: onAccount has it, the answer is 499", async () => {
    accountDelayMs = 300;
    const answers: number[] = [];
    const handler = hostHandler({ client: testClient(fake, { timeoutMs: 2_000 }) });
    app = await listen(
      createServer(
        toNodeListener(async (request) => {
          const response = await handler(request);
          answers.push(response.status);
          return response;
        }),
      ),
    );
    const before = fake.calls().length;
    const browser = httpRequest(app.url, {
      method: "POST",
      headers: { "x-user": "u-10", "Content-Type": "application/json" },
    });
    browser.on("error", () => {});
    browser.end("{}");
    setTimeout(() => browser.destroy(), 150);
    while (answers.length === 0) await delay(20);
    assert.deepEqual(answers, [499]);
    assert.equal(accounts.get("u-10"), ACCOUNT_ID);
    assert.equal(fake.calls().length - before, 1);
    assert.deepEqual(errors, []);
  });

  test("a request target starting with // stays a path on the server's own origin", async () => {
    app = await listen(createServer(toNodeListener(async (request) => new Response(request.url))));
    const { host } = new URL(app.url);
    const seen = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(`${app!.url}/`, { path: "//evil.example/x?y=1" }, async (response) => {
        let text = "";
        for await (const chunk of response) text += chunk;
        resolve(text);
      });
      request.on("error", reject).end();
    });
    assert.equal(seen, `http://${host}//evil.example/x?y=1`);
  });

  test("a handler that throws is a 500 JSON answer, and the server keeps serving", async () => {
    let calls = 0;
    const listener = toNodeListener(async () => {
      if (calls++ === 0) throw new Error("host bug with a detail");
      return new Response("still here");
    });
    app = await listen(createServer(listener));
    const failed = await fetch(app.url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2_000) });
    assert.equal(failed.status, 500);
    assert.equal(failed.headers.get("content-type"), "application/json; charset=utf-8");
    const text = await failed.text();
    assert.ok(!text.includes("detail"));
    assert.equal(JSON.parse(text).error.code, "internal_error");
    assert.equal(await (await fetch(app.url, { method: "POST", body: "{}" })).text(), "still here");
  });

  test("an answer whose body fails while read is a 500 JSON answer", async () => {
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error("stream broke"));
      },
    });
    app = await listen(
      createServer(toNodeListener(async () => new Response(broken, { headers: { "X-Partial": "1" } }))),
    );
    const response = await fetch(app.url, { method: "POST", body: "{}", signal: AbortSignal.timeout(2_000) });
    assert.equal(response.status, 500);
    assert.equal(response.headers.get("x-partial"), null);
    assert.equal(await errorCode(response), "internal_error");
  });

  test("request.signal aborts when the client goes away before the answer", { timeout: 2_000 }, async () => {
    let aborted: () => void;
    const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
    app = await listen(
      createServer(
        toNodeListener(async (request) => {
          request.signal.addEventListener("abort", () => aborted());
          await abortSeen;
          return new Response(null, { status: 204 });
        }),
      ),
    );
    const client = new AbortController();
    const pending = fetch(app.url, { method: "POST", body: "{}", signal: client.signal });
    setTimeout(() => client.abort(), 50);
    await assert.rejects(pending, { name: "AbortError" });
    await abortSeen;
  });
});
