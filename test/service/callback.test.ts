import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inspect } from "node:util";
import type { MockJumio } from "../../src/mock/index.js";
import { JUMIO_CALLBACK_HOSTNAMES } from "../../src/server/index.js";
import { SECRET_PARAMETER } from "../../src/server/service/callback-secret.js";
import { MAX_CALLBACKS_PER_WORKFLOW } from "../../src/server/store/records.js";
import { onEachStore } from "./stores.js";
import {
  type Backend,
  callbackBody,
  newUser,
  processedWithoutCallback,
  type Started,
  startBackend,
  startMock,
} from "./support.js";

const JUMIO_ADDRESS = "203.0.113.7";

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function refusal(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error: { code: string } };
  return [response.status, body.error.code];
}

onEachStore(({ kind, store }) => {
  let mock: MockJumio;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());

  describe("forged callbacks change nothing", () => {
    let backend: Backend;
    before(async () => {
      // Behind one proxy (the test itself, on 127.0.0.1), with a Jumio callback address to come from.
      backend = await startBackend(mock, store(), {
        callbackSource: "jumio",
        trustProxy: 1,
        resolve: async (hostname) => (hostname === JUMIO_CALLBACK_HOSTNAMES.US ? [JUMIO_ADDRESS] : []),
      });
    });
    after(() => backend.close());

    async function assertUnchanged(started: Started) {
      await backend.service.settled();
      const verification = await backend.service.getVerification(started.id);
      assert.equal(verification?.status, "INITIATED");
      assert.equal(verification?.decision, undefined);
      assert.deepEqual(backend.decisions, []);
    }

    it("refuses a callback from an address that is not Jumio's (403)", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const response = await post(started.callbackUrl, callbackBody(started.id, started.accountId), {
        "X-Forwarded-For": "198.51.100.1",
      });
      assert.deepEqual(await refusal(response), [403, "not_from_jumio"]);
      await assertUnchanged(started);
    });

    it("refuses a spoofed left-most X-Forwarded-For of Jumio's address (403)", async () => {
      const started = await processedWithoutCallback(mock, backend);
      // The attacker wrote Jumio's address; the proxy appended the attacker's own.
      const response = await post(started.callbackUrl, callbackBody(started.id, started.accountId), {
        "X-Forwarded-For": `${JUMIO_ADDRESS}, 198.51.100.1`,
      });
      assert.deepEqual(await refusal(response), [403, "not_from_jumio"]);
      await assertUnchanged(started);
    });

    it("refuses a callback without the workflow's secret, or with another workflow's (403)", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const other = await processedWithoutCallback(mock, backend);
      const fromJumio = { "X-Forwarded-For": JUMIO_ADDRESS };
      const bare = new URL(started.callbackUrl);
      bare.search = "";
      assert.deepEqual(await refusal(await post(bare.href, callbackBody(started.id, started.accountId), fromJumio)), [
        403,
        "missing_secret",
      ]);
      assert.deepEqual(
        await refusal(await post(other.callbackUrl, callbackBody(started.id, started.accountId), fromJumio)),
        [403, "wrong_secret"],
      );
      await assertUnchanged(started);
    });

    it("answers 404 for a workflow the store does not know", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const unknown = "99999999-9999-4999-8999-999999999999";
      const response = await post(started.callbackUrl, callbackBody(unknown, started.accountId), {
        "X-Forwarded-For": JUMIO_ADDRESS,
      });
      assert.deepEqual(await refusal(response), [404, "unknown_workflow"]);
      assert.equal(await backend.service.getVerification(unknown), null);
      await assertUnchanged(started);
    });

    it("refuses a callback naming another account than the workflow's (403)", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const other = await processedWithoutCallback(mock, backend);
      const response = await post(started.callbackUrl, callbackBody(started.id, other.accountId), {
        "X-Forwarded-For": JUMIO_ADDRESS,
      });
      assert.deepEqual(await refusal(response), [403, "wrong_account"]);
      await assertUnchanged(started);
    });

    it("refuses malformed callbacks: not JSON, not the guide's shape, an unknown status, over 64 KiB", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const fromJumio = { "X-Forwarded-For": JUMIO_ADDRESS };
      const url = started.callbackUrl;
      assert.deepEqual(await refusal(await post(url, "{not json", fromJumio)), [400, "invalid_callback"]);
      assert.deepEqual(await refusal(await post(url, { workflowExecution: { id: started.id } }, fromJumio)), [
        400,
        "invalid_callback",
      ]);
      const unknownStatus = callbackBody(started.id, started.accountId);
      unknownStatus.workflowExecution.status = "PASSED";
      assert.deepEqual(await refusal(await post(url, unknownStatus, fromJumio)), [400, "invalid_callback"]);
      const huge = callbackBody(started.id, started.accountId, { padding: "x".repeat(70 * 1024) });
      assert.deepEqual(await refusal(await post(url, huge, fromJumio)), [413, "body_too_large"]);
      await assertUnchanged(started);
    });

    it("takes a callback from Jumio's address the proxy appended, and records the decision", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const response = await post(started.callbackUrl, callbackBody(started.id, started.accountId), {
        "X-Forwarded-For": `198.51.100.1, ${JUMIO_ADDRESS}`,
      });
      assert.equal(response.status, 200);
      await backend.service.settled();
      assert.equal((await backend.service.getVerification(started.id))?.decision, "PASSED");
      assert.equal(backend.decisions.length, 1);
      backend.decisions.length = 0;
    });
  });

  describe("a callback hostname that does not resolve", () => {
    let backend: Backend;
    before(async () => {
      // The US data center's hostname resolves; the EU's and Singapore's lookups fail.
      backend = await startBackend(mock, store(), {
        callbackSource: "jumio",
        trustProxy: 1,
        resolve: async (hostname) => {
          if (hostname === JUMIO_CALLBACK_HOSTNAMES.US) return [JUMIO_ADDRESS];
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
        },
      });
    });
    after(() => backend.close());

    it("answers 503 to an address it cannot place (it may be that data center's), recording nothing", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const response = await post(started.callbackUrl, callbackBody(started.id, started.accountId), {
        "X-Forwarded-For": "198.51.100.1",
      });
      assert.deepEqual(await refusal(response), [503, "source_unverifiable"]);
      await backend.service.settled();
      assert.equal((await backend.service.getVerification(started.id))?.status, "INITIATED");
      assert.deepEqual(backend.decisions, []);
    });

    it("takes a callback from an address of a hostname that resolved", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const response = await post(started.callbackUrl, callbackBody(started.id, started.accountId), {
        "X-Forwarded-For": JUMIO_ADDRESS,
      });
      assert.equal(response.status, 200);
      await backend.service.settled();
      assert.equal((await backend.service.getVerification(started.id))?.decision, "PASSED");
    });
  });

  describe("the decision is the store's, never the callback body's", () => {
    let backend: Backend;
    before(async () => {
      backend = await startBackend(mock, store());
    });
    after(() => backend.close());

    it("records a callback naming another user against the workflow's own user", async () => {
      const alice = newUser();
      const started = await processedWithoutCallback(mock, backend, alice);
      const response = await post(
        started.callbackUrl,
        callbackBody(started.id, started.accountId, { userReference: "mallory" }),
      );
      assert.equal(response.status, 200);
      await backend.service.settled();
      const verification = await backend.service.getVerification(started.id);
      assert.equal(verification?.userReference, alice);
      assert.equal(verification?.details?.workflow.id, started.id);
      assert.deepEqual(
        backend.decisions.map((decision) => decision.userReference),
        [alice],
      );
      backend.decisions.length = 0;
    });

    it("takes an older workflow's callback on the account's newer callbackUrl (the guide keeps it per account)", async () => {
      const user = newUser();
      const older = (await (await backend.requestHref(user)).json()) as {
        workflowExecutionId: string;
        accountId: string;
      };
      mock.dropCallbacks(1);
      assert.ok(mock.expireToken(older.workflowExecutionId));
      const newer = (await (await backend.requestHref(user)).json()) as {
        workflowExecutionId: string;
        accountId: string;
      };
      assert.equal(newer.accountId, older.accountId);
      const newerUrl = mock.workflows().find((workflow) => workflow.workflowExecutionId === newer.workflowExecutionId)!
        .callbackUrl!;
      await backend.service.settled();
      backend.decisions.length = 0;
      const body = callbackBody(older.workflowExecutionId, older.accountId);
      body.workflowExecution.status = "TOKEN_EXPIRED";
      assert.equal((await post(newerUrl, body)).status, 200);
      await backend.service.settled();
      assert.equal((await backend.service.getVerification(older.workflowExecutionId))?.status, "TOKEN_EXPIRED");
    });

    it("records a replayed callback once: one decision, one onDecision", async () => {
      const started = await processedWithoutCallback(mock, backend);
      const body = callbackBody(started.id, started.accountId);
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(started.callbackUrl, body)));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        Array(10).fill(200),
      );
      await backend.service.settled();
      const replay = await post(started.callbackUrl, { ...body, callbackSentAt: "2026-12-03T11:00:00.000Z" });
      assert.equal(replay.status, 200);
      await backend.service.settled();
      assert.equal(backend.decisions.length, 1);
      assert.equal((await backend.service.getVerification(started.id))?.status, "PROCESSED");
      backend.decisions.length = 0;
    });

    it(`answers 200 to a callback over the workflow's ${MAX_CALLBACKS_PER_WORKFLOW}, keeps none of it and tells onError`, async () => {
      const started = await processedWithoutCallback(mock, backend);
      const sentAt = (index: number) => new Date(Date.parse("2026-12-03T10:00:00.000Z") + index).toISOString();
      for (let index = 0; index <= MAX_CALLBACKS_PER_WORKFLOW; index++) {
        const body = callbackBody(started.id, started.accountId, { callbackSentAt: sentAt(index) });
        assert.equal((await post(started.callbackUrl, body)).status, 200);
      }
      await backend.service.settled();
      assert.equal(backend.decisions.length, 1);
      const [report, ...more] = backend.errors.filter((error) => error.workflowExecutionId === started.id);
      assert.deepEqual(more, []);
      assert.equal(report?.stage, "callback");
      assert.match(String(report?.error), new RegExp(`has ${MAX_CALLBACKS_PER_WORKFLOW} callbacks recorded already`));
      const secret = new URL(started.callbackUrl).searchParams.get(SECRET_PARAMETER);
      assert.ok(secret);
      assert.ok(!inspect(report, { depth: 10, showHidden: true }).includes(secret), "onError never names the secret");
      backend.decisions.length = 0;
    });
  });

  if (kind === "postgres") {
    it("calls onDecision once when two instances on one PostgreSQL receive the callback at once", async () => {
      const slow = { decisionDelayMs: 300 };
      const [first, second] = await Promise.all([startBackend(mock, store(), slow), startBackend(mock, store(), slow)]);
      try {
        const started = await processedWithoutCallback(mock, first);
        const body = callbackBody(started.id, started.accountId);
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, index) =>
            post(started.callbackUrl.replace(first.url, (index % 2 ? second : first).url), body),
          ),
        );
        assert.deepEqual(
          answers.map((answer) => answer.status),
          Array(10).fill(200),
        );
        await Promise.all([first.service.settled(), second.service.settled()]);
        assert.equal(first.decisions.length + second.decisions.length, 1);
        assert.equal((await second.service.getVerification(started.id))?.decision, "PASSED");
      } finally {
        await first.close();
        await second.close();
      }
    });
  }
});
