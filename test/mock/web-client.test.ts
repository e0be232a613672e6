import assert from "node:assert/strict";
import { after, afterEach, before, describe, test } from "node:test";
import { JUMIO_ERROR_CODES } from "../../src/error-codes.js";
import { type MockJumio, webClientPage } from "../../src/mock/index.js";
import { type JumioClient, parseCallback } from "../../src/server/index.js";
import { accountRequest, deadUrl, manualTime, pageSession, startMock, startReceiver } from "./support.js";

let mock: MockJumio;
let jumio: JumioClient;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

before(async () => {
  ({ mock, jumio } = await startMock());
});
after(() => mock.close());
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const complete = (href: string, body: Record<string, unknown>) =>
  fetch(new URL("complete", href), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("GET /web/v4/app", () => {
  test("renders the three controls, the document choice and the session of the token", async () => {
    const account = await jumio.createAccount(
      accountRequest({ web: { successUrl: "https://host.example/ok", errorUrl: "https://host.example/error" } }),
    );
    const response = await fetch(account.web?.href ?? "");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    const html = await response.text();
    assert.match(html, /<button type="button" class="primary" id="complete">Complete verification<\/button>/);
    assert.match(html, /<label>Error code <select id="code">/);
    assert.match(html, /<button type="button" id="fail">Fail verification<\/button>/);
    assert.match(html, /<legend>Document<\/legend>/);
    for (const code of Object.keys(JUMIO_ERROR_CODES)) assert.match(html, new RegExp(`<option value="${code}">`));
    assert.doesNotMatch(html, /postMessage\([^)]*"\*"/);
    assert.deepEqual(pageSession(html), {
      accountId: account.account.id,
      workflowExecutionId: account.workflowExecution.id,
      authorizationToken: account.sdk?.token,
      customerInternalReference: "order-4711",
      successUrl: "https://host.example/ok",
      errorUrl: "https://host.example/error",
      documentTypes: ["PASSPORT", "ID_CARD", "DRIVING_LICENSE"],
      expired: false,
      sessionExpired: false,
    });
    assert.match(html, /post\("loaded"\);/);
  });

  test("offers only the ID types the request allows", async () => {
    const account = await jumio.createAccount(
      accountRequest({
        workflowDefinition: { key: 10013, credentials: [{ category: "ID", type: { values: ["DRIVING_LICENSE"] } }] },
      }),
    );
    const html = await (await fetch(account.web?.href ?? "")).text();
    assert.deepEqual(pageSession(html).documentTypes, ["DRIVING_LICENSE"]);
    assert.match(html, /value="DRIVING_LICENSE" checked> Driving licence/);
    assert.doesNotMatch(html, /value="PASSPORT"/);
  });

  test("opening it starts the session", async () => {
    const account = await jumio.createAccount(accountRequest());
    assert.equal(
      mock.workflows().find((item) => item.workflowExecutionId === account.workflowExecution.id)?.startedAt,
      undefined,
    );
    await (await fetch(account.web?.href ?? "")).text();
    assert.ok(mock.workflows().find((item) => item.workflowExecutionId === account.workflowExecution.id)?.startedAt);
  });

  test("an unknown or missing token renders with expired, posting 9200 on load", async () => {
    for (const href of [`${mock.url}/web/v4/app?authorizationToken=not-a-token`, `${mock.url}/web/v4/app`]) {
      const html = await (await fetch(href)).text();
      assert.equal(pageSession(html).expired, true);
      assert.match(html, /post\("error", 9200\);/);
      assert.match(html, /<button type="button" class="primary" id="complete" disabled>/);
    }
  });
});

describe("Complete verification", () => {
  test("marks the workflow PROCESSED and POSTs the guide's callback, which parseCallback accepts", async () => {
    receiver = await startReceiver();
    const account = await jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
    const href = account.web?.href ?? "";
    await (await fetch(href)).text();
    const answer = await complete(href, { authorizationToken: account.sdk?.token, documentType: "ID_CARD" });
    assert.equal(answer.status, 204);

    const status = await jumio.getWorkflowStatus(account.account.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "PROCESSED");
    await mock.callbacksSettled();
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0]?.contentType, "application/json");
    const callback = parseCallback(receiver.received[0]?.body ?? "");
    assert.deepEqual(callback.workflowExecution, {
      id: account.workflowExecution.id,
      href: `${mock.url}/api/v1/accounts/${account.account.id}/workflow-executions/${account.workflowExecution.id}`,
      definitionKey: "10013",
      status: "PROCESSED",
    });
    assert.deepEqual(callback.account, {
      id: account.account.id,
      href: `${mock.url}/api/v1/accounts/${account.account.id}`,
    });
    assert.equal(callback.userReference, "user-42");
    assert.match(callback.callbackSentAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const details = await jumio.getWorkflowDetails(account.account.id, account.workflowExecution.id);
    assert.equal(details.capabilities?.extraction?.[0]?.data?.type, "ID_CARD");
    assert.deepEqual(
      mock
        .callbacks()
        .at(-1)
        ?.attempts.map(({ status }) => status),
      [200],
    );
  });

  test("takes the token from the query too, and refuses an unknown token or a second completion", async () => {
    const account = await jumio.createAccount(accountRequest());
    const href = account.web?.href ?? "";
    const token = encodeURIComponent(account.sdk?.token ?? "");
    const byQuery = await fetch(new URL(`complete?authorizationToken=${token}`, href), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
    });
    assert.equal(byQuery.status, 204);
    const again = await complete(href, { authorizationToken: account.sdk?.token });
    assert.equal(again.status, 409);
    // The page then reports the token used up, as on a reload; the body is the mock's other errors' shape.
    const { timestamp, ...body } = (await again.json()) as Record<string, unknown>;
    assert.deepEqual(body, {
      status: 409,
      error: "Conflict",
      message: "The workflow execution is PROCESSED.",
      errorCode: 9200,
    });
    assert.match(String(timestamp), /^\d{4}-\d\d-\d\dT/);
    assert.equal((await complete(href, { authorizationToken: "nope" })).status, 404);
  });

  test("refuses a POST that is not JSON (a page can send text/plain across origins without a preflight): 415, still INITIATED", async () => {
    const account = await jumio.createAccount(accountRequest());
    const body = JSON.stringify({ authorizationToken: account.sdk?.token });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const response = await fetch(new URL("complete", account.web?.href), {
        method: "POST",
        headers: { "Content-Type": type },
        body,
      });
      assert.equal(response.status, 415, type);
    }
    assert.equal(
      mock.workflows().find((item) => item.workflowExecutionId === account.workflowExecution.id)?.status,
      "INITIATED",
    );
  });

  test("refuses an Origin other than its own with 403 and takes its own", async () => {
    const account = await jumio.createAccount(accountRequest());
    const from = (origin: string) =>
      fetch(new URL("complete", account.web?.href), {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin },
        body: JSON.stringify({ authorizationToken: account.sdk?.token }),
      });
    for (const origin of ["https://attacker.example", "null", mock.url.replace("127.0.0.1", "localhost")]) {
      assert.equal((await from(origin)).status, 403, origin);
    }
    const statusOf = () =>
      mock.workflows().find((item) => item.workflowExecutionId === account.workflowExecution.id)?.status;
    assert.equal(statusOf(), "INITIATED");
    assert.equal((await from(mock.url)).status, 204);
    assert.equal(statusOf(), "PROCESSED");
  });

  test("without a callbackUrl nothing is sent", async () => {
    const before = mock.callbacks().length;
    const account = await jumio.createAccount(accountRequest());
    assert.ok(mock.complete(account.workflowExecution.id));
    await mock.callbacksSettled();
    assert.equal(mock.callbacks().length, before);
  });

  test("after completion the page reports its token used up (9200)", async () => {
    const account = await jumio.createAccount(accountRequest());
    mock.complete(account.workflowExecution.id);
    const html = await (await fetch(account.web?.href ?? "")).text();
    assert.equal(pageSession(html).expired, true);
  });
});

describe("callback delivery", () => {
  test("retries after a 500 until the receiver takes it", async () => {
    receiver = await startReceiver([500, 503, 200]);
    const account = await jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
    mock.complete(account.workflowExecution.id);
    await mock.callbacksSettled();
    assert.equal(receiver.received.length, 3);
    assert.equal(receiver.received[2]?.body, receiver.received[0]?.body, "the same callback each time");
    const record = mock.callbacks().find(({ body }) => body.workflowExecution.id === account.workflowExecution.id);
    assert.deepEqual(
      record?.attempts.map(({ status }) => status),
      [500, 503, 200],
    );
    assert.equal(record?.delivered, true);
    assert.equal(record?.pending, false);
  });

  test("follows no redirect: a 3xx is a failed attempt, retried at the same URL", async () => {
    receiver = await startReceiver([307, 308, 200]);
    const account = await jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
    mock.complete(account.workflowExecution.id);
    await mock.callbacksSettled();
    assert.deepEqual(
      receiver.received.map(({ path }) => path),
      Array(3).fill(new URL(receiver.url).pathname),
    );
    const record = mock.callbacks().find(({ body }) => body.workflowExecution.id === account.workflowExecution.id);
    assert.deepEqual(
      record?.attempts.map(({ status }) => status),
      [307, 308, 200],
    );
    assert.equal(record?.delivered, true);
  });

  test("retries a host that is down, then gives up and records why", async () => {
    const url = await deadUrl();
    const account = await jumio.createAccount(accountRequest({ callbackUrl: url }));
    mock.complete(account.workflowExecution.id);
    await mock.callbacksSettled();
    const record = mock.callbacks().find(({ body }) => body.workflowExecution.id === account.workflowExecution.id);
    assert.equal(record?.url, url);
    assert.equal(record?.attempts.length, 4, "one attempt and three retries");
    assert.ok(record?.attempts.every(({ status, error }) => status === undefined && error));
    assert.equal(record?.delivered, false);
  });
});

describe("token lifetime", () => {
  test("expiring the token through the control API: the page posts 9200, status and callback TOKEN_EXPIRED", async () => {
    receiver = await startReceiver();
    const account = await jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
    assert.ok(mock.expireToken(account.sdk?.token ?? ""));
    const html = await (await fetch(account.web?.href ?? "")).text();
    assert.equal(pageSession(html).expired, true);
    assert.match(html, /post\("error", 9200\);/);
    assert.match(html, /role="alert"/);
    const status = await jumio.getWorkflowStatus(account.account.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "TOKEN_EXPIRED");
    await mock.callbacksSettled();
    assert.equal(parseCallback(receiver.received[0]?.body ?? "").workflowExecution.status, "TOKEN_EXPIRED");
    assert.equal((await complete(account.web?.href ?? "", { authorizationToken: account.sdk?.token })).status, 409);
  });

  test("a token that runs out while nobody calls the mock still gets its TOKEN_EXPIRED callback", async () => {
    const time = manualTime();
    const { mock: timed, jumio: client } = await startMock({ now: time.now });
    receiver = await startReceiver();
    try {
      const account = await client.createAccount(accountRequest({ tokenLifetime: "5m", callbackUrl: receiver.url }));
      time.advance(5 * 60_000);
      const started = Date.now();
      while (receiver.received.length === 0 && Date.now() - started < 3000)
        await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(receiver.received.length, 1);
      const body = JSON.parse(receiver.received[0]!.body) as { workflowExecution: { id: string; status: string } };
      assert.deepEqual(body.workflowExecution.id, account.workflowExecution.id);
      assert.equal(body.workflowExecution.status, "TOKEN_EXPIRED");
    } finally {
      await timed.close();
    }
  });

  test("an unopened link expires after its tokenLifetime (default 30m), not before", async () => {
    const time = manualTime();
    const { mock: timed, jumio: client } = await startMock({ now: time.now });
    try {
      const short = await client.createAccount(accountRequest({ tokenLifetime: "5m" }));
      const standard = await client.createAccount(accountRequest());
      const statusOf = async (account: typeof short) =>
        (await client.getWorkflowStatus(account.account.id, account.workflowExecution.id)).workflowExecution.status;
      const expired = async (account: typeof short) =>
        pageSession(await (await fetch(account.web?.href ?? "")).text()).expired;

      time.advance(5 * 60_000 - 1);
      assert.equal(await statusOf(short), "INITIATED");
      time.advance(1);
      assert.equal(await statusOf(short), "TOKEN_EXPIRED");
      assert.equal(await expired(short), true);

      time.advance(25 * 60_000 - 1);
      assert.equal(await statusOf(standard), "INITIATED");
      time.advance(1);
      assert.equal(await expired(standard), true);
      assert.equal(await statusOf(standard), "TOKEN_EXPIRED");
    } finally {
      await timed.close();
    }
  });

  test("a started session idle for 15 minutes is SESSION_EXPIRED and the page posts 9210", async () => {
    const time = manualTime();
    const { mock: timed, jumio: client } = await startMock({ now: time.now });
    try {
      const account = await client.createAccount(accountRequest({ tokenLifetime: "1h" }));
      await (await fetch(account.web?.href ?? "")).text();
      time.advance(15 * 60_000);
      const html = await (await fetch(account.web?.href ?? "")).text();
      assert.equal(pageSession(html).sessionExpired, true);
      assert.match(html, /post\("error", 9210\);/);
      const status = await client.getWorkflowStatus(account.account.id, account.workflowExecution.id);
      assert.equal(status.workflowExecution.status, "SESSION_EXPIRED");
    } finally {
      await timed.close();
    }
  });

  test("a page left open past the session's end: Complete verification is refused with 9210 for the page to report", async () => {
    const time = manualTime();
    const { mock: timed, jumio: client } = await startMock({ now: time.now });
    try {
      const account = await client.createAccount(accountRequest({ tokenLifetime: "1h" }));
      const href = account.web?.href ?? "";
      await (await fetch(href)).text();
      time.advance(16 * 60_000);
      const refused = await complete(href, { authorizationToken: account.sdk?.token });
      assert.equal(refused.status, 409);
      assert.equal(((await refused.json()) as { errorCode: number }).errorCode, 9210);
      const status = await client.getWorkflowStatus(account.account.id, account.workflowExecution.id);
      assert.equal(status.workflowExecution.status, "SESSION_EXPIRED");
    } finally {
      await timed.close();
    }
  });
});

describe("webClientPage", () => {
  const session = { accountId: "a-1", workflowExecutionId: "w-1", authorizationToken: "t-1" };

  test("escapes what it embeds", () => {
    const html = webClientPage({ ...session, customerInternalReference: "</script><script>alert(1)</script>" });
    assert.doesNotMatch(html, /<\/script><script>alert/);
    assert.equal(pageSession(html).customerInternalReference, "</script><script>alert(1)</script>");
  });

  test("tells the mock with the token and the chosen document, reports success only once it agreed, then redirects", () => {
    const html = webClientPage(session);
    const click = html.slice(html.indexOf('getElementById("complete").addEventListener'));
    const order = [
      'fetch("complete"',
      "JSON.stringify({ authorizationToken: session.authorizationToken, documentType })",
      "if (!answer.ok) return fail(",
      'post("success")',
      "finish(session.successUrl",
    ];
    const positions = order.map((part) => click.indexOf(part));
    assert.ok(
      positions.every((position, index) => position >= 0 && (index === 0 || position > (positions[index - 1] ?? 0))),
      String(positions),
    );
    assert.match(html, /target\.searchParams\.set\("acquisitionStatus", status\)/);
    assert.match(html, /target\.searchParams\.set\("errorCode", String\(code\)\)/);
  });
});
