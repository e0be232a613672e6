import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import {
  createVerificationHandler,
  JumioApiError,
  JumioResponseError,
  toNodeListener,
  type FetchHandler,
  type VerificationHandlerOptions,
} from "../../src/server/index.js";
import { CLIENT_SECRET, testClient } from "./support/client.js";
import { startFakeJumio, TOKEN_PATH, type FakeJumio, type Reply } from "./support/fake-jumio.js";
import { ACCOUNT_ID, accountResponse, WORKFLOW_ID } from "./support/fixtures.js";
import { listen } from "./support/listen.js";

const HREF = accountResponse().web.href;
const JUMIO_DETAIL = "internal-detail-from-jumio";

let fake: FakeJumio;
let accountReply: Reply | undefined;
let errors: unknown[];
let accounts: Map<string, string>;

before(async () => {
  fake = await startFakeJumio((request) =>
    request.path === TOKEN_PATH ? undefined : (accountReply ?? { json: accountResponse() }),
  );
});
after(() => fake.close());
beforeEach(() => {
  accountReply = undefined;
  errors = [];
  accounts = new Map();
});

/** The host's handler: the user comes from a header, the locale from the JSON body. */
function hostHandler(overrides: Partial<VerificationHandlerOptions> = {}): FetchHandler {
  return createVerificationHandler({
    client: testClient(fake, { timeoutMs: 100 }),
    account: async (request) => {
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

  test("a cross-site request is 403; same-site and same-origin pass", async () => {
    assert.equal((await post({}, { "x-user": "u-1", "Sec-Fetch-Site": "cross-site" })).status, 403);
    assert.equal((await post({}, { "x-user": "u-1", "Sec-Fetch-Site": "same-site" })).status, 200);
    assert.equal((await post({}, { "x-user": "u-1", "Sec-Fetch-Site": "same-origin" })).status, 200);
  });

  test("a Response from `account` is answered as is", async () => {
    const response = await post({}, {});
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "sign in first" });
  });

  const failures: [name: string, reply: Reply, status: number, code: string][] = [
    ["Jumio refusing the request", { status: 400, json: { message: JUMIO_DETAIL } }, 502, "jumio_error"],
    ["Jumio failing", { status: 500, json: { message: JUMIO_DETAIL } }, 503, "jumio_unavailable"],
    ["Jumio throttling", { status: 429, body: JUMIO_DETAIL }, 503, "jumio_unavailable"],
    ["Jumio not answering", "hang", 504, "jumio_timeout"],
    ["Jumio dropping the connection", "destroy", 503, "jumio_unavailable"],
    ["Jumio answering garbage", { body: `<html>${JUMIO_DETAIL}</html>` }, 502, "jumio_error"],
    ["Jumio answering without web.href", { json: { account: { id: "a" }, workflowExecution: { id: "w" } } }, 502, "jumio_error"],
  ];
  for (const [name, reply, status, code] of failures) {
    test(`${name} is a ${status} ${code} that reveals nothing of Jumio's answer`, async () => {
      accountReply = reply;
      const response = await post();
      assert.equal(response.status, status);
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

  test("the onError hook gets the typed error", async () => {
    accountReply = { status: 403, json: { message: JUMIO_DETAIL } };
    await post();
    assert.ok(errors[0] instanceof JumioApiError && errors[0].status === 403);
    accountReply = { json: { account: { id: "a" }, workflowExecution: { id: "w" } } };
    await post();
    assert.ok(errors[1] instanceof JumioResponseError && errors[1].issues[0]?.path === "web.href");
  });
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

  test("a failing token request is a 502 that shows no secret", async () => {
    const handler = createVerificationHandler({
      client: testClient(fake, { baseUrls: { ...fake.baseUrls, auth: `${fake.url}/wrong-token-url` } }),
      account: () => ({ request: { customerInternalReference: "r", workflowDefinition: { key: 2 } } }),
    });
    const response = await handler(new Request("http://app.test/verify", { method: "POST" }));
    assert.equal(response.status, 502);
    assert.ok(!(await response.text()).includes(CLIENT_SECRET));
  });
});

describe("other ways to mount it", () => {
  test("called directly with a Fetch Request, as Next.js and Hono routes do", async () => {
    const POST = hostHandler();
    const response = await POST(
      new Request("https://app.test/api/verification", {
        method: "POST",
        headers: { "x-user": "u-9", "Sec-Fetch-Site": "same-origin" },
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
    const response = await fetch(app.url, { method: "POST", headers: { "x-user": "u-3" }, body: '{"locale":"de"}' });
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
});
