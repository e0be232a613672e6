import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import type { MockJumio } from "../../src/mock/index.js";
import { WORK_CONCURRENCY } from "../../src/server/service/work.js";
import { onEachStore } from "./stores.js";
import {
  type Backend,
  callbackBody,
  type MockAccess,
  mockClient,
  newUser,
  processedWithoutCallback,
  type Started,
  startBackend,
  startMock,
} from "./support.js";

/**
 * The mock's client, whose status lookups of the `held` workflows wait for `release()` and
 * of the `failing` ones fail once; it counts the lookups waiting at once.
 */
function gatedClient(mock: MockAccess) {
  const client = mockClient(mock);
  const held = new Set<string>();
  const failing = new Set<string>();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const waiting = { now: 0, most: 0 };
  const gated: typeof client = {
    ...client,
    async getWorkflowStatus(accountId, id, options) {
      if (failing.delete(id)) throw new Error("Retrieval is down for a moment");
      if (held.has(id)) {
        waiting.most = Math.max(waiting.most, ++waiting.now);
        await released;
        waiting.now--;
      }
      return client.getWorkflowStatus(accountId, id, options);
    },
  };
  return { client: gated, held, failing, release, waiting };
}

const deliver = (started: Started) =>
  fetch(started.callbackUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(callbackBody(started.id, started.accountId)),
  });

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) assert.fail(`waited 5 s for ${what}`);
    await delay(10);
  }
}

onEachStore(({ store }) => {
  let mock: MockJumio;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock.close());

  describe(`a burst of callbacks is answered at once and worked on ${WORK_CONCURRENCY} at a time`, () => {
    let backend: Backend;
    let gate: ReturnType<typeof gatedClient>;
    before(async () => {
      gate = gatedClient(mock);
      backend = await startBackend(mock, store(), {
        client: gate.client,
        retry: { attempts: 2, baseDelayMs: 2000, maxDelayMs: 2000 },
      });
    });
    // Whatever a test left held, so that the service can close.
    after(async () => {
      gate.release();
      await backend.close();
    });

    it("answers every callback while their retrievals wait their turn, then decides each once", {
      timeout: 30_000,
    }, async () => {
      const burst: Started[] = [];
      for (let i = 0; i < WORK_CONCURRENCY + 4; i++) burst.push(await processedWithoutCallback(mock, backend));
      const alice = newUser();
      const hers = await processedWithoutCallback(mock, backend, alice);
      for (const { id } of burst) gate.held.add(id);

      const answers = await Promise.all(burst.map(deliver));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        burst.map(() => 200),
      );
      await until(() => gate.waiting.now === WORK_CONCURRENCY, "the first turns");
      await delay(100);
      assert.equal(gate.waiting.most, WORK_CONCURRENCY, "the others wait for a turn");

      // A user's request does not wait behind them: her workflow is polled at once.
      assert.equal((await backend.requestHref(alice)).status, 409);
      assert.equal((await backend.service.getVerification(hers.id))?.decision, "PASSED");

      gate.release();
      await backend.service.settled();
      assert.deepEqual(
        backend.decisions.map((decision) => decision.workflowExecutionId).sort(),
        [hers, ...burst].map(({ id }) => id).sort(),
      );
      backend.decisions.length = 0;
    });

    it("gives its turn to the next workflow while it waits to try again", { timeout: 30_000 }, async () => {
      const failing: Started[] = [];
      for (let i = 0; i < WORK_CONCURRENCY; i++) failing.push(await processedWithoutCallback(mock, backend));
      const next = await processedWithoutCallback(mock, backend);
      for (const { id } of failing) gate.failing.add(id);

      for (const answer of await Promise.all(failing.map(deliver))) assert.equal(answer.status, 200);
      await until(() => gate.failing.size === 0, "the first tries");
      assert.equal((await deliver(next)).status, 200);
      // Decided while the others wait out their backoff (1 to 2 s).
      await until(() => backend.decisions.length > 0, "a decision");
      assert.equal(backend.decisions[0]?.workflowExecutionId, next.id);

      await backend.service.settled();
      assert.equal(backend.decisions.length, WORK_CONCURRENCY + 1);
      backend.decisions.length = 0;
    });
  });
});
