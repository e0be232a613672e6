import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { MockJumio } from "../../src/mock/index.js";
import { openVerificationStore } from "../../src/server/index.js";
import { WORK_CONCURRENCY } from "../../src/server/service/work.js";
import { startPostgres, type TestPostgres } from "../support/postgres.js";
import { onEachStore } from "./stores.js";
import {
  type Backend,
  callbackBody,
  type MockAccess,
  mockClient,
  newUser,
  processedWithoutCallback,
  quiet,
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

describe("a dead instance's lapsed lease on work this instance has waiting for its turn", () => {
  let postgres: TestPostgres;
  before(async () => {
    postgres = await startPostgres();
  });
  after(() => postgres.stop());

  it("sets no timer that wakes again and again while the work waits", async () => {
    const mock = await startMock();
    const real = new pg.Pool({ connectionString: postgres.connectionString });
    const seen: string[] = [];
    // The store's statements, counted, on a pool of the test's own.
    const pool = {
      connect: () => real.connect(),
      on: (event: "error", listener: (error: Error) => void) => real.on(event, listener),
      end: () => real.end(),
      query: (text: string, values?: unknown[]) => {
        seen.push(text);
        return real.query(text, values);
      },
    };
    const store = await openVerificationStore({ pool });
    const backend = await startBackend(mock, store, { reconcileEveryMs: false, decisionDelayMs: 2000 });
    try {
      const href = async () =>
        ((await (await backend.requestHref(newUser())).json()) as { workflowExecutionId: string }).workflowExecutionId;
      const busy = await Promise.all(Array.from({ length: WORK_CONCURRENCY }, href));
      const waiting = await href();
      for (const id of busy) mock.complete(id);
      while (backend.decisions.length < WORK_CONCURRENCY) await delay(10);
      // Every turn is in a slow onDecision. Another instance claimed this retrieval and died; its lease has lapsed.
      await real.query(
        `INSERT INTO jumio_work (workflow_execution_id, kind, reason, holder, leased_until)
         VALUES ($1, 'retrieve', 'callback', 'a dead instance', now() - interval '1 second')`,
        [waiting],
      );
      mock.complete(waiting);
      await mock.callbacksSettled();
      seen.length = 0;
      await backend.service.reconcile({ olderThanMs: 3_600_000 });
      await delay(1000);
      const leaseLookups = seen.filter((text) => text.includes("min(leased_until)")).length;
      assert.ok(leaseLookups <= 2, `${leaseLookups} lookups of the next lease in 1 s`);
      await quiet(mock, backend);
      assert.equal((await backend.service.getVerification(waiting))?.status, "PROCESSED");
      assert.equal(backend.decisions.length, WORK_CONCURRENCY + 1);
    } finally {
      await backend.close();
      await store.close();
      await real.end();
      await mock.close();
    }
  });
});

describe("reconcile() on its schedule, behind a slow Jumio", () => {
  it("goes on finding lost callbacks on schedule while an onDecision a run started never settles", async (t) => {
    const mock = await startMock();
    const store = await openVerificationStore();
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const decided: string[] = [];
    t.mock.timers.enable({ apis: ["setInterval"] });
    const backend = await startBackend(mock, store, {
      reconcileEveryMs: 1000,
      reconcileOlderThanMs: 0,
      // The host's first decision hangs (a fetch without a timeout, say).
      onDecision: async ({ workflowExecutionId }) => {
        decided.push(workflowExecutionId);
        if (decided.length === 1) await blocked;
      },
    });
    try {
      const lose = async () => {
        const href = (await (await backend.requestHref(newUser())).json()) as { workflowExecutionId: string };
        mock.dropCallbacks(1);
        assert.ok(mock.complete(href.workflowExecutionId));
        await mock.callbacksSettled();
        return href.workflowExecutionId;
      };
      const hung = await lose();
      t.mock.timers.tick(1000);
      while (decided.length === 0) await delay(10);
      const later = await lose();
      t.mock.timers.tick(1000);
      for (let waited = 0; decided.length < 2 && waited < 300; waited++) await delay(10);
      assert.deepEqual(decided, [hung, later]);
    } finally {
      unblock();
      await backend.close();
      await store.close();
      await mock.close();
    }
  });

  it("leaves to a run still going the workflows it listed: each workflow's Retrieval is tried once a run", async (t) => {
    const mock = await startMock();
    const store = await openVerificationStore();
    const client = mockClient(mock);
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    let lookups = 0;
    const slow: typeof client = {
      ...client,
      async getWorkflowStatus() {
        lookups++;
        await opened;
        throw new Error("Retrieval is down");
      },
    };
    // The schedule's interval is mocked: each tick is one scheduled run's turn.
    t.mock.timers.enable({ apis: ["setInterval"] });
    const backend = await startBackend(mock, store, { client: slow, reconcileEveryMs: 1000, reconcileOlderThanMs: 0 });
    try {
      const ids: string[] = [];
      for (let index = 0; index < 6; index++) {
        const href = (await (await backend.requestHref(newUser())).json()) as { workflowExecutionId: string };
        ids.push(href.workflowExecutionId);
      }
      mock.dropCallbacks(ids.length);
      for (const id of ids) assert.ok(mock.complete(id));
      await mock.callbacksSettled();
      t.mock.timers.tick(1000);
      while (lookups < 4) await delay(10); // a run works on 4 workflows at once; 2 wait their turn in it
      t.mock.timers.tick(1000); // the next run's time, while the first one waits on Jumio
      await delay(200);
      open();
      await backend.service.settled();
      assert.equal(lookups, ids.length);
    } finally {
      await backend.close();
      await store.close();
      await mock.close();
    }
  });
});
