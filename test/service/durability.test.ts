import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { MockJumio } from "../../src/mock/index.js";
import { openVerificationStore, type VerificationStoreOptions } from "../../src/server/index.js";
import { holdAfterFailure } from "../../src/server/service/work.js";
import { startPostgres, type TestPostgres } from "../support/postgres.js";
import { onEachStore } from "./stores.js";
import { type Backend, callbackBody, newUser, quiet, startBackend, startMock } from "./support.js";

const CHILD = new URL("./child-service.ts", import.meta.url).pathname;
const LEASE_MS = 300;

async function startHref(backend: { url: string }, user = newUser()) {
  const response = await fetch(`${backend.url}/verification`, { method: "POST", headers: { "X-Test-User": user } });
  assert.equal(response.status, 200);
  return (await response.json()) as { workflowExecutionId: string; accountId: string };
}

/** Runs the service in a child process whose Retrieval never answers; resolves with its URL and a way to SIGKILL it. */
async function startChild(store: VerificationStoreOptions, mock: MockJumio, leaseMs = LEASE_MS) {
  const env = { ...process.env, STORE: JSON.stringify(store), MOCK: JSON.stringify(mock), LEASE_MS: String(leaseMs) };
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value } = await Promise.race([
      lines.next(),
      exited.then(() => assert.fail("the child service exited before it said it")),
    ]);
    return JSON.parse(value as string) as { url?: string; retrieving?: true };
  };
  const { url } = await next();
  return {
    url: url!,
    /** Resolves once the child has claimed a workflow's work and waits on its Retrieval. */
    async retrieving() {
      assert.equal((await next()).retrieving, true);
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

describe("a process killed after the callback's 200 and before the retrieval", () => {
  let mock: MockJumio;
  let postgres: TestPostgres;
  const dataDir = mkdtempSync(join(tmpdir(), "jumio-verification-store-"));
  before(async () => {
    mock = await startMock();
    postgres = await startPostgres();
  });
  after(async () => {
    await mock.close();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The killed process's lease on its work: on PGlite longer than the test waits, since only the
  // store's opening can end it in time; on PostgreSQL, which other instances share, a short one.
  for (const [kind, options, leaseMs] of [
    ["PGlite on disk", () => ({ dataDir }), 60_000],
    ["PostgreSQL", () => ({ connectionString: postgres.connectionString }), LEASE_MS],
  ] as const) {
    it(`loses nothing: the next process finishes it, its lease notwithstanding (${kind})`, async () => {
      const child = await startChild(options(), mock, leaseMs);
      const { workflowExecutionId: id } = await startHref(child);
      assert.ok(mock.complete(id));
      await mock.callbacksSettled();
      assert.equal(mock.callbacks().find((record) => record.body.workflowExecution.id === id)?.delivered, true);
      await child.retrieving();
      await child.kill();

      // On start the service finishes recorded work; it polls only workflows older than an hour,
      // so this decision can only come from the callback the killed process recorded. The killed
      // process held that work: PGlite's store, one process's alone, ends its leases on open;
      // on PostgreSQL the service comes back for the work when the lease ends.
      const store = await openVerificationStore(options());
      const backend = await startBackend(mock, store, { leaseMs: 60_000 });
      try {
        for (let waited = 0; (await backend.service.getVerification(id))?.decision === undefined; waited += 50) {
          assert.ok(waited < 5_000, "decided within 5 s");
          await delay(50);
        }
        await backend.service.settled();
        assert.equal((await backend.service.getVerification(id))?.decision, "PASSED");
        assert.deepEqual(
          backend.decisions.map((decision) => decision.workflowExecutionId),
          [id],
        );
      } finally {
        await backend.close();
        await store.close();
      }
    });
  }
});

describe("the database stopped", () => {
  let mock: MockJumio;
  let postgres: TestPostgres;
  let backend: Backend;
  let store: Awaited<ReturnType<typeof openVerificationStore>>;
  before(async () => {
    mock = await startMock({ callbackRetryDelaysMs: [250, 500, 1000, 2000, 4000, 8000] });
    postgres = await startPostgres();
    store = await openVerificationStore({ connectionString: postgres.connectionString });
    backend = await startBackend(mock, store);
  });
  after(async () => {
    await backend.close();
    await store.close();
    await mock.close();
    await postgres.stop();
  });

  it("answers the callback 503 while it is down, and loses nothing once it is back", async () => {
    const { workflowExecutionId: id } = await startHref(backend);
    await postgres.pause();
    assert.ok(mock.complete(id));
    const record = () => mock.callbacks().find((callback) => callback.body.workflowExecution.id === id);
    while (!record()?.attempts.some((attempt) => attempt.status === 503)) await delay(50);
    await postgres.resume();
    await quiet(mock, backend);
    assert.equal(record()?.delivered, true);
    assert.equal(record()?.attempts[0]?.status, 503);
    assert.equal((await backend.service.getVerification(id))?.decision, "PASSED");
    assert.equal(backend.decisions.length, 1);
    assert.ok(backend.errors.some((error) => error.stage === "callback"));
  });
});

describe("holdAfterFailure: how reconcile() spaces a Retrieval that keeps failing", () => {
  const ceiling = () => 1; // the longest wait of each step, without jitter
  it("holds nothing back after the retries that follow a callback, nor after reconcile()'s first 5 tries", () => {
    for (let attempts = 1; attempts < 10; attempts++)
      assert.equal(holdAfterFailure("retrieve", attempts, 5, ceiling), 0);
  });
  it("then waits a minute, doubling, at most an hour", () => {
    const holds = [10, 11, 12, 15, 24].map((attempts) => holdAfterFailure("retrieve", attempts, 5, ceiling));
    assert.deepEqual(holds, [60_000, 120_000, 240_000, 1_920_000, 3_600_000]);
  });
  it("never holds back onDecision, the host's own code", () => {
    assert.equal(holdAfterFailure("decide", 50, 5, ceiling), 0);
  });
});

onEachStore(({ kind, store, postgres }) => {
  let mock: MockJumio;
  let backend: Backend;
  before(async () => {
    mock = await startMock();
    backend = await startBackend(mock, store(), { retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 20 } });
  });
  after(async () => {
    await backend.close();
    await mock.close();
  });

  /** The workflow is PASSED and `onDecision` was called once, for it alone (the calls are then forgotten). */
  async function decidedOnce(id: string) {
    assert.equal((await backend.service.getVerification(id))?.decision, "PASSED");
    assert.deepEqual(
      backend.decisions.map((decision) => decision.workflowExecutionId),
      [id],
    );
    backend.decisions.length = 0;
  }

  it("retries a failing Retrieval 5 times, then leaves it for reconcile()", async () => {
    const { workflowExecutionId: id } = await startHref(backend);
    mock.failNext({ path: "/api/v1/accounts/*", method: "GET", status: 500, times: 5 });
    assert.ok(mock.complete(id));
    await quiet(mock, backend);
    const failures = backend.errors.filter((error) => error.stage === "retrieval" && error.workflowExecutionId === id);
    assert.equal(failures.length, 5);
    assert.equal((await backend.service.getVerification(id))?.status, "INITIATED");
    assert.equal(backend.decisions.length, 0);

    const result = await backend.service.reconcile({ olderThanMs: 3_600_000 });
    assert.equal(result.worked, 1);
    await decidedOnce(id);
  });

  describe("a Retrieval still failing when reconcile() tries it", () => {
    /** A workflow whose Retrieval failed 5 times after its callback and in 5 runs of reconcile(). */
    async function heldBack() {
      const { workflowExecutionId: id, accountId } = await startHref(backend);
      mock.failNext({ path: "/api/v1/accounts/*", method: "GET", status: 404, times: 10 });
      assert.ok(mock.complete(id));
      await quiet(mock, backend);
      for (let run = 0; run < 5; run++)
        assert.equal((await backend.service.reconcile({ olderThanMs: 3_600_000 })).worked, 1);
      const failures = () => backend.errors.filter((error) => error.workflowExecutionId === id).length;
      assert.equal(failures(), 10);
      return { id, accountId, failures };
    }

    it("is held back: the next reconcile() does not ask Jumio again", async () => {
      const { id, failures } = await heldBack();
      assert.equal((await backend.service.reconcile({ olderThanMs: 3_600_000 })).worked, 0);
      assert.equal(failures(), 10, "no eleventh try");
      assert.equal((await backend.service.getVerification(id))?.status, "INITIATED");
      if (kind === "postgres") {
        // A minute later, as its due time passed: it is tried again.
        const client = new pg.Client({ connectionString: postgres()!.connectionString });
        await client.connect();
        await client.query("UPDATE jumio_work SET due_at = now() WHERE workflow_execution_id = $1", [id]);
        await client.end();
        assert.equal((await backend.service.reconcile({ olderThanMs: 3_600_000 })).worked, 1);
        await backend.service.settled();
        await decidedOnce(id);
      }
    });

    it("is due at once when a new callback comes", async () => {
      const { id, accountId } = await heldBack();
      const callbackUrl = mock.workflows().find((workflow) => workflow.workflowExecutionId === id)?.callbackUrl;
      const body = callbackBody(id, accountId, { callbackSentAt: new Date().toISOString() });
      const response = await fetch(callbackUrl!, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200);
      await backend.service.settled();
      await decidedOnce(id);
    });
  });

  it("finds a workflow whose callback was lost by polling it, once it is older than olderThanMs", async () => {
    const { workflowExecutionId: id } = await startHref(backend);
    mock.dropCallbacks(1);
    assert.ok(mock.complete(id));
    await quiet(mock, backend);
    assert.equal((await backend.service.reconcile({ olderThanMs: 3_600_000 })).polled, 0);
    assert.equal((await backend.service.getVerification(id))?.status, "INITIATED");

    assert.ok((await backend.service.reconcile({ olderThanMs: 0 })).polled >= 1);
    await backend.service.settled();
    await decidedOnce(id);
  });

  if (kind === "postgres") {
    it("decides once when two instances reconcile the same lost callback at once", async () => {
      const slow = { decisionDelayMs: 300 };
      const [first, other] = await Promise.all([startBackend(mock, store(), slow), startBackend(mock, store(), slow)]);
      try {
        const { workflowExecutionId: id } = await startHref(first);
        mock.dropCallbacks(1);
        assert.ok(mock.complete(id));
        await quiet(mock, first, other);
        await Promise.all([first, other].map((each) => each.service.reconcile({ olderThanMs: 0 })));
        await quiet(mock, first, other);
        assert.equal((await other.service.getVerification(id))?.decision, "PASSED");
        assert.deepEqual(
          [...first.decisions, ...other.decisions].map((decision) => decision.workflowExecutionId),
          [id],
        );
      } finally {
        await first.close();
        await other.close();
      }
    });
  }

  it("runs reconcile() itself every reconcileEveryMs: a lost callback is found without a call", async () => {
    const scheduled = await startBackend(mock, store(), { reconcileEveryMs: 200, reconcileOlderThanMs: 0 });
    try {
      const { workflowExecutionId: id } = await startHref(scheduled);
      mock.dropCallbacks(1);
      assert.ok(mock.complete(id));
      for (let tries = 0; tries < 50 && !(await scheduled.service.getVerification(id))?.decision; tries++)
        await delay(100);
      assert.equal((await scheduled.service.getVerification(id))?.decision, "PASSED");
    } finally {
      await scheduled.close();
    }
  });

  if (kind === "postgres") {
    it("keeps the lease of an onDecision that runs longer than leaseMs: another instance does not call it again", async () => {
      const slow = { leaseMs: 300, decisionDelayMs: 1200, reconcileEveryMs: false as const };
      const [first, other] = await Promise.all([startBackend(mock, store(), slow), startBackend(mock, store(), slow)]);
      try {
        const { workflowExecutionId: id } = await startHref(first);
        assert.ok(mock.complete(id));
        await mock.callbacksSettled();
        while (first.decisions.length === 0) await delay(20);
        await delay(600); // two leases long, inside the first instance's onDecision
        await other.service.reconcile({ olderThanMs: 3_600_000 });
        await Promise.all([first.service.settled(), other.service.settled()]);
        assert.deepEqual(
          [...first.decisions, ...other.decisions].map((decision) => decision.workflowExecutionId),
          [id],
        );
      } finally {
        await first.close();
        await other.close();
      }
    });
  }

  it("retries onDecision when it throws, and calls it until it succeeds", async () => {
    let calls = 0;
    const flaky = await startBackend(mock, store(), {
      retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      onDecision: () => {
        calls++;
        if (calls < 3) throw new Error("the host's database is busy");
      },
    });
    try {
      const { workflowExecutionId: id } = await startHref(flaky);
      assert.ok(mock.complete(id));
      await quiet(mock, flaky);
      assert.equal(calls, 3);
      assert.equal(flaky.errors.filter((error) => error.stage === "decision").length, 2);
      assert.equal((await flaky.service.reconcile({ olderThanMs: 3_600_000 })).worked, 0, "nothing is left to do");
    } finally {
      await flaky.close();
    }
  });
});
