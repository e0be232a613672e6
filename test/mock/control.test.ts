import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { MockJumio, MockWorkflowSummary } from "../../src/mock/index.js";
import { createJumioClient, JumioApiError, type JumioClient } from "../../src/server/index.js";
import { accountRequest, issueAccessToken, pageSession, startMock, startReceiver } from "./support.js";

let mock: MockJumio;
let jumio: JumioClient;

before(async () => {
  ({ mock, jumio } = await startMock());
});
after(() => mock.close());

const control = (path: string, body?: unknown) =>
  fetch(`${mock.url}/__mock${path}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });

describe("the control API's guard", () => {
  test("refuses a POST that is not JSON (what a web page could send across origins) and changes nothing", async () => {
    const account = await jumio.createAccount(accountRequest());
    const posts: RequestInit[] = [
      { headers: { "Content-Type": "text/plain" }, body: "{}" },
      { headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "{}" },
      { body: new Blob(["{}"]) }, // no Content-Type at all
    ];
    for (const init of posts) {
      const response = await fetch(`${mock.url}/__mock/reset`, { method: "POST", ...init });
      assert.equal(response.status, 415);
    }
    assert.ok(mock.accounts().some((item) => item.id === account.account.id));
  });
});

describe("failure injection", () => {
  test("the next call to a path answers 503 and the client's retry of a GET recovers", async () => {
    const account = await jumio.createAccount(accountRequest());
    const path = `/api/v1/accounts/${account.account.id}/workflow-executions/${account.workflowExecution.id}/status`;
    const answered: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith(path)) answered.push(response.status);
      return response;
    };
    const client = createJumioClient({
      clientId: mock.clientId,
      clientSecret: mock.clientSecret,
      region: "amer-1",
      userAgent: "Acme Onboarding/2.1",
      baseUrls: mock.baseUrls,
      retry: { baseDelayMs: 5 },
      fetch: counting,
    });
    mock.failNext({ path, status: 503 });
    const status = await client.getWorkflowStatus(account.account.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "INITIATED");
    assert.deepEqual(answered, [503, 200]);
  });

  test("more failures than the client retries reach the caller with the status and a JSON body", async () => {
    mock.failNext({ path: "/status", status: 503, times: 3, retryAfter: 0 });
    await assert.rejects(jumio.getServiceStatus(), (error: unknown) => {
      assert.ok(error instanceof JumioApiError);
      assert.equal(error.status, 503);
      assert.match(String((error.body as { message: string }).message), /Injected/);
      return true;
    });
    assert.deepEqual(await jumio.getServiceStatus(), { status: "UP" }, "the rule is used up");
  });

  test("a POST is not retried: Account Create fails once", async () => {
    const answer = await control("/fail-next", { path: "/api/v1/accounts", method: "POST", status: 500 });
    assert.equal(answer.status, 204);
    await assert.rejects(
      jumio.createAccount(accountRequest()),
      (error: unknown) => (error as JumioApiError).status === 500,
    );
    assert.ok((await jumio.createAccount(accountRequest())).web?.href);
  });

  test("a rule limited to a method leaves the others alone, and a trailing * matches a prefix", async () => {
    const account = await jumio.createAccount(accountRequest());
    mock.failNext({ path: `/api/v1/accounts/${account.account.id}/*`, method: "DELETE", status: 500, times: 10 });
    assert.ok(await jumio.getWorkflowDetails(account.account.id, account.workflowExecution.id));
    await assert.rejects(jumio.deleteWorkflow(account.account.id, account.workflowExecution.id), JumioApiError);
    mock.reset();
  });

  test("the token endpoint and the web client can fail too", async () => {
    const { mock: other, jumio: client } = await startMock();
    try {
      other.failNext({ path: "/oauth2/token", status: 401 });
      await assert.rejects(
        client.getServiceStatus().then(() => client.createAccount(accountRequest())),
        JumioApiError,
      );
      other.failNext({ path: "/web/v4/app", status: 502 });
      const account = await client.createAccount(accountRequest());
      assert.equal((await fetch(account.web?.href ?? "")).status, 502);
      assert.equal((await fetch(account.web?.href ?? "")).status, 200);
    } finally {
      await other.close();
    }
  });

  test("an invalid rule is refused with the offending paths", async () => {
    const answer = await control("/fail-next", { path: "status", status: 99 });
    assert.equal(answer.status, 400);
    const { issues } = (await answer.json()) as { issues: { path: string }[] };
    assert.deepEqual(issues.map(({ path }) => path).sort(), ["path", "status"]);
    assert.throws(() => mock.failNext({ path: "/status", status: 700 }), /status/);
  });
});

describe("lost callbacks", () => {
  const drops: [string, (count: number) => Promise<void>][] = [
    ["dropCallbacks(n)", async (count) => mock.dropCallbacks(count)],
    [
      "POST /__mock/drop-callbacks",
      async (count) => assert.equal((await control("/drop-callbacks", { count })).status, 204),
    ],
  ];
  for (const [name, drop] of drops) {
    test(`${name}: the first finished workflow's callback never reaches the host, the second one's does`, async () => {
      const receiver = await startReceiver();
      try {
        const [first, second] = [
          await jumio.createAccount(accountRequest({ callbackUrl: receiver.url })),
          await jumio.createAccount(accountRequest({ callbackUrl: receiver.url })),
        ].map(({ workflowExecution }) => workflowExecution.id);
        await drop(1);
        assert.ok(mock.complete(first ?? ""));
        assert.ok(mock.complete(second ?? ""));
        await mock.callbacksSettled();
        assert.deepEqual(
          receiver.received.map(({ body }) => JSON.parse(body).workflowExecution.id),
          [second],
        );
        const recordOf = (id: string | undefined) =>
          mock.callbacks().find(({ body }) => body.workflowExecution.id === id);
        assert.deepEqual(
          { ...recordOf(first), body: undefined },
          {
            url: receiver.url,
            body: undefined,
            attempts: [],
            delivered: false,
            pending: false,
            dropped: true,
          },
        );
        assert.equal(recordOf(second)?.dropped, false);
        assert.equal(recordOf(second)?.delivered, true);
      } finally {
        await receiver.close();
      }
    });
  }

  test("reset forgets the callbacks still to drop; a bad count is refused", async () => {
    const receiver = await startReceiver();
    try {
      mock.dropCallbacks(2);
      mock.reset();
      const account = await jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
      assert.ok(mock.complete(account.workflowExecution.id));
      await mock.callbacksSettled();
      assert.equal(receiver.received.length, 1);
      assert.throws(() => mock.dropCallbacks(-1), /count/);
      assert.equal((await control("/drop-callbacks", { count: 1.5 })).status, 400);
      assert.equal((await control("/drop-callbacks", {})).status, 400);
      const index = (await (await control("")).json()) as { control: Record<string, string> };
      assert.ok("POST /__mock/drop-callbacks" in index.control);
    } finally {
      await receiver.close();
    }
  });
});

describe("control API over HTTP", () => {
  test("GET / and GET /__mock describe the mock without its secret", async () => {
    for (const path of ["/", "/__mock"]) {
      const index = (await (await fetch(mock.url + path)).json()) as Record<string, unknown>;
      assert.deepEqual(index.baseUrls, mock.baseUrls);
      assert.ok("POST /__mock/fail-next" in (index.control as object));
      assert.doesNotMatch(JSON.stringify(index), new RegExp(mock.clientSecret));
    }
  });

  test("lists accounts and workflows, expires a token, completes a workflow, lists callbacks and resets", async () => {
    const receiver = await startReceiver();
    try {
      const first = await jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
      const second = await jumio.updateAccount(first.account.id, accountRequest());

      const accounts = (await (await control("/accounts")).json()) as { id: string; workflowExecutionIds: string[] }[];
      assert.deepEqual(accounts.find(({ id }) => id === first.account.id)?.workflowExecutionIds, [
        first.workflowExecution.id,
        second.workflowExecution.id,
      ]);
      const workflows = (await (await control("/workflows")).json()) as MockWorkflowSummary[];
      const summary = workflows.find(({ workflowExecutionId }) => workflowExecutionId === first.workflowExecution.id);
      assert.equal(summary?.status, "INITIATED");
      assert.equal(summary?.href, first.web?.href);
      assert.equal(summary?.authorizationToken, first.sdk?.token);
      assert.equal(summary?.callbackUrl, receiver.url);
      assert.deepEqual(
        summary?.credentials.map(({ category }) => category),
        ["ID", "SELFIE", "FACEMAP"],
      );

      assert.equal(
        (await control("/complete", { workflowExecutionId: first.workflowExecution.id, documentType: "PASSPORT" }))
          .status,
        204,
      );
      assert.equal((await control("/complete", { workflowExecutionId: first.workflowExecution.id })).status, 409);
      assert.equal((await control("/complete", { workflowExecutionId: "nope" })).status, 404);
      await mock.callbacksSettled();
      const callbacks = (await (await control("/callbacks")).json()) as { url: string; delivered: boolean }[];
      assert.deepEqual(callbacks.at(-1), { ...callbacks.at(-1), url: receiver.url, delivered: true });

      assert.equal((await control("/expire-token", { workflowExecutionId: second.workflowExecution.id })).status, 204);
      assert.equal(pageSession(await (await fetch(second.web?.href ?? "")).text()).expired, true);
      assert.equal((await control("/expire-token", { token: "never-issued" })).status, 404);
      assert.equal((await control("/expire-token", { token: "" })).status, 400);

      assert.equal((await control("/reset", {})).status, 204);
      assert.deepEqual(await (await control("/workflows")).json(), []);
      assert.deepEqual(await (await control("/callbacks")).json(), []);
      await assert.rejects(jumio.getWorkflowStatus(first.account.id, first.workflowExecution.id), JumioApiError);
    } finally {
      await receiver.close();
    }
  });

  test("expired access tokens are refused with 401, and the client fetches a new one and goes on", async () => {
    await jumio.getWorkflowStatus("a", "b").catch(() => undefined); // the client now holds a token
    const issue = () => issueAccessToken(mock);
    const statusWith = async (token: string) =>
      (
        await fetch(`${mock.url}/api/v1/accounts/a`, {
          method: "DELETE",
          headers: { Authorization: `Bearer ${token}`, "User-Agent": "test" },
        })
      ).status;

    const token = await issue();
    assert.equal(await statusWith(token), 404, "accepted, and the account is unknown");
    const answer = (await (await control("/expire-access-tokens", {})).json()) as { expired: number };
    assert.ok(answer.expired >= 2, "the test's token and the client's");
    assert.equal(await statusWith(token), 401);

    const single = await issue();
    assert.ok(mock.expireToken(single));
    assert.equal(await statusWith(single), 401);

    assert.ok((await jumio.createAccount(accountRequest())).account.id);
  });

  test("an unknown control path is a 404; control paths are never failure-injected", async () => {
    assert.equal((await control("/nothing")).status, 404);
    mock.failNext({ path: "/__mock/*", status: 500 });
    assert.equal((await control("/workflows")).status, 200);
    mock.reset();
  });
});
