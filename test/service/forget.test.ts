// The service's forget(): a user's verifications leave the store at once, their accounts leave
// Jumio (Delete API: "Deletes the account and all related workflows"), retried until Jumio confirms.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it, type TestContext } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { MockJumio } from "../../src/mock/index.js";
import { JumioApiError, type VerificationHref, type VerificationServiceOptions } from "../../src/server/index.js";
import { recordsOf } from "../../src/server/store/open.js";
import { onEachStore } from "./stores.js";
import {
  type Backend,
  callbackBody,
  gatedFetch,
  hrefOf,
  isAccountCreate,
  mockClient,
  newUser,
  processedWithoutCallback,
  quiet,
  startBackend,
  startMock,
  startWorld,
} from "./support.js";

const hasAccount = (mock: MockJumio, accountId: string) => mock.accounts().some(({ id }) => id === accountId);

/** The host's href endpoint for `user`, naming the Jumio account it remembered for them. */
function hrefOnAccount(backend: Backend, user: string, accountId: string): Promise<Response> {
  const handler = backend.service.hrefHandler(() => ({
    request: {
      customerInternalReference: `ref-${randomUUID()}`,
      userReference: user,
      workflowDefinition: { key: 10013 },
    },
    accountId,
  }));
  return handler(new Request(`${backend.url}/verification`, { method: "POST" }));
}

/** Fails Jumio's next deletion of the account. */
const failDeletion = (mock: MockJumio, accountId: string) =>
  mock.failNext({ path: `/api/v1/accounts/${accountId}`, method: "DELETE", status: 503 });

onEachStore(({ kind, store, postgres }) => {
  const world = (t: TestContext) => startWorld(t, store());

  /** Rows of any of the store's tables that hold one of `values` anywhere (PostgreSQL: read with SQL the service never runs). */
  async function rowsHolding(t: TestContext, values: string[]): Promise<string[]> {
    if (kind !== "postgres") return [];
    const db = new pg.Client({ connectionString: postgres()!.connectionString });
    await db.connect();
    t.after(() => db.end());
    const tables = await db.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'jumio\\_%' AND tablename <> 'jumio_migrations'",
    );
    assert.ok(tables.rows.length >= 7, "the service's tables are all looked at");
    const found: string[] = [];
    for (const { name } of tables.rows) {
      const { rows } = await db.query(`SELECT t::text AS row FROM ${name} t WHERE t::text LIKE ANY($1)`, [
        values.map((value) => `%${value}%`),
      ]);
      found.push(...rows.map(({ row }) => `${name}: ${row}`));
    }
    return found;
  }

  /** A verification of `user` that the mock PROCESSED and the service decided. */
  async function decided(mock: MockJumio, backend: Backend, user: string): Promise<VerificationHref> {
    const href = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(href.workflowExecutionId));
    await quiet(mock, backend);
    assert.equal((await backend.service.getVerification(href.workflowExecutionId))?.decision, "PASSED");
    return href;
  }

  it("deletes the user's verifications from the store and their account at Jumio; another user's stay", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const other = newUser();
    const mine = await decided(mock, backend, user);
    const theirs = await hrefOf(await backend.requestHref(other));

    assert.deepEqual(await backend.service.forget(user), { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });

    assert.equal(await backend.service.getVerification(mine.workflowExecutionId), null);
    assert.equal(await recordsOf(store()).latestOfUser(user), undefined);
    assert.ok(!hasAccount(mock, mine.accountId), "Jumio has the account no more");
    assert.deepEqual(await rowsHolding(t, [user, mine.workflowExecutionId, mine.accountId]), []);
    assert.equal((await backend.service.getVerification(theirs.workflowExecutionId))?.userReference, other);
    assert.ok(hasAccount(mock, theirs.accountId));
    assert.deepEqual(backend.errors, []);
  });

  it("refuses a callback of a forgotten workflow, and records nothing", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const { id, accountId, callbackUrl } = await processedWithoutCallback(mock, backend, user);
    assert.equal((await backend.service.forget(user)).verifications, 1);

    const answer = await fetch(callbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(callbackBody(id, accountId)),
    });
    assert.equal(answer.status, 404);
    assert.equal(((await answer.json()) as { error: { code: string } }).error.code, "unknown_workflow");
    await quiet(mock, backend);
    assert.equal(await backend.service.getVerification(id), null);
    assert.deepEqual(backend.decisions, []);
    assert.deepEqual(await rowsHolding(t, [id]), []);
  });

  it("forgets the user in the store at once when Jumio fails the deletion; reconcile deletes the account", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const mine = await decided(mock, backend, user);
    failDeletion(mock, mine.accountId);

    assert.deepEqual(await backend.service.forget(user), { verifications: 1, deletedAtJumio: 0, pendingAtJumio: 1 });

    const [failure] = backend.errors;
    assert.equal(failure?.stage, "erasure");
    assert.ok(failure.error instanceof JumioApiError && failure.error.status === 503);
    assert.equal(await backend.service.getVerification(mine.workflowExecutionId), null);
    // What waits for Jumio names the account only: nothing of the user, their workflow or decision.
    assert.deepEqual(await rowsHolding(t, [user, mine.workflowExecutionId, "PASSED"]), []);
    assert.ok(hasAccount(mock, mine.accountId), "Jumio still has it");

    assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 1);
    assert.ok(!hasAccount(mock, mine.accountId));
    assert.deepEqual(await rowsHolding(t, [mine.accountId]), []);
    assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 0);
  });

  it("leaves a deletion Jumio failed to the next service that starts on the store", async (t) => {
    const mock = await startMock();
    t.after(() => mock.close());
    const first = await startBackend(mock, store());
    const user = newUser();
    const mine = await decided(mock, first, user);
    failDeletion(mock, mine.accountId);
    assert.equal((await first.service.forget(user)).pendingAtJumio, 1);
    await first.close();

    const next = await startBackend(mock, store());
    t.after(() => next.close());
    await next.service.settled();
    assert.ok(!hasAccount(mock, mine.accountId), "its start's reconcile deleted the account");
  });

  it("makes the user's next verification on a new account, not on the one Jumio is still to delete", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const mine = await decided(mock, backend, user);
    failDeletion(mock, mine.accountId);
    assert.equal((await backend.service.forget(user)).pendingAtJumio, 1);

    // The host remembered the account (onAccount, say) and names it again.
    const next = await hrefOf(await hrefOnAccount(backend, user, mine.accountId));
    assert.notEqual(next.accountId, mine.accountId);
    assert.deepEqual(
      mock.accounts().find(({ id }) => id === mine.accountId)?.workflowExecutionIds,
      [mine.workflowExecutionId],
      "no workflow was added to the account being deleted",
    );
    assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 1);
    assert.equal((await backend.service.getVerification(next.workflowExecutionId))?.userReference, user);
    assert.ok(hasAccount(mock, next.accountId));
  });

  it("deletes only the user's workflows of an account that another user's verifications are on", async (t) => {
    const { mock, backend } = await world(t);
    const owner = newUser();
    const guest = newUser();
    const owners = await hrefOf(await backend.requestHref(owner));
    const guests = await hrefOf(await hrefOnAccount(backend, guest, owners.accountId));
    assert.equal(guests.accountId, owners.accountId);

    assert.deepEqual(await backend.service.forget(guest), { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });

    assert.deepEqual(mock.accounts().find(({ id }) => id === owners.accountId)?.workflowExecutionIds, [
      owners.workflowExecutionId,
    ]);
    assert.equal((await backend.service.getVerification(owners.workflowExecutionId))?.userReference, owner);
    assert.equal(await backend.service.getVerification(guests.workflowExecutionId), null);
  });

  /** A backend whose Account Create waits for `open()` once `reached` resolved. */
  async function gatedCreate(t: TestContext, options: Partial<VerificationServiceOptions> = {}) {
    const mock = await startMock();
    const gate = gatedFetch(isAccountCreate);
    const backend = await startBackend(mock, store(), { client: mockClient(mock, { fetch: gate.fetch }), ...options });
    t.after(async () => {
      gate.open();
      await quiet(mock, backend);
      await backend.close();
      await mock.close();
    });
    return { mock, backend, gate };
  }

  it("waits for a request that is making the user's verification, and deletes that one too", async (t) => {
    const { mock, backend, gate } = await gatedCreate(t);
    const user = newUser();
    const making = backend.requestHref(user);
    await gate.reached;
    let forgotten = false;
    const forgetting = backend.service.forget(user).finally(() => (forgotten = true));
    await delay(200);
    assert.equal(forgotten, false, "forget waits while Jumio makes the account");
    gate.open();
    const made = await hrefOf(await making);

    assert.deepEqual(await forgetting, { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });
    assert.equal(await backend.service.getVerification(made.workflowExecutionId), null);
    assert.ok(!hasAccount(mock, made.accountId));
  });

  it("says to try again when the user's verification is being made for longer than leaseMs, and deletes nothing", async (t) => {
    const { backend, gate } = await gatedCreate(t, { leaseMs: 150 });
    const user = newUser();
    const making = backend.requestHref(user);
    await gate.reached;
    await assert.rejects(backend.service.forget(user), {
      name: "Error",
      message: "forget: a request is making this user's verification; try again once it is made.",
    });
    gate.open();
    const made = await hrefOf(await making);
    assert.equal((await backend.service.getVerification(made.workflowExecutionId))?.userReference, user);
  });

  it("stores nothing of a workflow whose retrieval was in flight when the user was forgotten", async (t) => {
    const mock = await startMock();
    const gate = gatedFetch((url, method) => method === "GET" && url.endsWith("/status"));
    const backend = await startBackend(mock, store(), { client: mockClient(mock, { fetch: gate.fetch }) });
    t.after(async () => {
      gate.open();
      await quiet(mock, backend);
      await backend.close();
      await mock.close();
    });
    const user = newUser();
    const { workflowExecutionId: id } = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(id));
    await gate.reached;
    assert.equal((await backend.service.forget(user)).verifications, 1);
    gate.open();
    await quiet(mock, backend);

    assert.equal(await backend.service.getVerification(id), null);
    assert.deepEqual(backend.decisions, [], "no onDecision for a forgotten user");
    assert.deepEqual(await rowsHolding(t, [user, id]), []);
  });

  it("answers a user it never had with nothing deleted", async (t) => {
    const { mock, backend } = await world(t);
    const other = await hrefOf(await backend.requestHref(newUser()));
    assert.deepEqual(await backend.service.forget(newUser()), {
      verifications: 0,
      deletedAtJumio: 0,
      pendingAtJumio: 0,
    });
    assert.ok(await backend.service.getVerification(other.workflowExecutionId));
    assert.ok(hasAccount(mock, other.accountId));
  });

  it("refuses a userReference that no user can have, and deletes nothing", async (t) => {
    const { mock, backend } = await world(t);
    const other = await hrefOf(await backend.requestHref(newUser()));
    for (const bad of ["", "x".repeat(101), 42, undefined, null]) {
      await assert.rejects(backend.service.forget(bad as string), {
        name: "TypeError",
        message: "forget: userReference must be the user's reference, 1 to 100 characters.",
      });
    }
    assert.ok(await backend.service.getVerification(other.workflowExecutionId));
    assert.equal(mock.accounts().length, 1);
  });

  it("refuses to forget once the service is closed, and deletes nothing", async (t) => {
    const mock = await startMock();
    t.after(() => mock.close());
    const backend = await startBackend(mock, store());
    const user = newUser();
    const mine = await hrefOf(await backend.requestHref(user));
    await backend.close();
    await assert.rejects(backend.service.forget(user), { message: "forget: the service is closed." });
    assert.equal((await recordsOf(store()).workflow(mine.workflowExecutionId))?.userReference, user);
    assert.ok(hasAccount(mock, mine.accountId));
  });
});
