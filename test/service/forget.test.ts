// The service's forget(): a user's verifications leave the store at once, their accounts leave
// Jumio (Delete API: "Deletes the account and all related workflows"), retried until Jumio confirms.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { it, type TestContext } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import pg from "pg";
import type { MockJumio } from "../../src/mock/index.js";
import { toHref } from "../../src/server/handler.js";
import {
  JumioApiError,
  type Verification,
  type VerificationHref,
  type VerificationServiceOptions,
} from "../../src/server/index.js";
import { SECRET_PARAMETER, secretHash } from "../../src/server/service/callback-secret.js";
import { recordsOf, sqlOf } from "../../src/server/store/open.js";
import { onEachStore } from "./stores.js";
import {
  type Backend,
  callbackBody,
  gatedFetch,
  hrefOf,
  isAccountCreate,
  madeWhileRefused,
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

  /** Rows of any of the store's tables that hold one of `values` anywhere (SQL the service never runs). */
  async function rowsHolding(values: string[]): Promise<string[]> {
    const sql = sqlOf(store());
    const tables = await sql.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'jumio\\_%' AND tablename <> 'jumio_migrations'",
    );
    assert.equal(tables.length, 7, "the service's tables are all looked at");
    const found: string[] = [];
    for (const { name } of tables) {
      const rows = await sql.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t WHERE t::text LIKE ANY($1)`, [
        values.map((value) => `%${value}%`),
      ]);
      found.push(...rows.map(({ row }) => `${name}: ${row}`));
    }
    return found;
  }

  /** A verification of `user` that the mock PROCESSED and the service decided. */
  async function decided(mock: MockJumio, backend: Backend, user: string, init?: RequestInit) {
    const href = await hrefOf(await backend.requestHref(user, init));
    assert.ok(mock.complete(href.workflowExecutionId));
    await quiet(mock, backend);
    assert.equal((await backend.service.getVerification(href.workflowExecutionId))?.decision, "PASSED");
    return href;
  }

  it("deletes the user's verifications from the store and their account at Jumio; another user's stay", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const other = newUser();
    const mine = await decided(mock, backend, user, { headers: { "Idempotency-Key": `key-${user}` } });
    const theirs = await hrefOf(await backend.requestHref(other));

    assert.deepEqual(await backend.service.forget(user), { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });

    assert.equal(await backend.service.getVerification(mine.workflowExecutionId), null);
    assert.equal(await recordsOf(store()).latestOfUser(user), undefined);
    assert.ok(!hasAccount(mock, mine.accountId), "Jumio has the account no more");
    assert.deepEqual(await rowsHolding([user, mine.workflowExecutionId, mine.accountId]), []);
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
    assert.deepEqual(await rowsHolding([id]), []);
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
    assert.deepEqual(await rowsHolding([user, mine.workflowExecutionId, "PASSED"]), []);
    assert.ok(hasAccount(mock, mine.accountId), "Jumio still has it");

    assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 1);
    assert.ok(!hasAccount(mock, mine.accountId));
    assert.deepEqual(await rowsHolding([mine.accountId]), []);
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

  /** Starts forgetting `user`, and checks that it still waits 200 ms later. */
  async function stillForgetting(backend: Backend, user: string, why: string) {
    let settled = false;
    const forgetting = backend.service.forget(user).finally(() => (settled = true));
    await delay(200);
    assert.equal(settled, false, `forget waits ${why}`);
    // Wrapped: an async function's returned promise would be awaited with it.
    return { forgetting };
  }

  /** A second user's workflow on `accountId`, as a version before the service refused that left it. */
  async function sharedBy(mock: MockJumio, user: string, accountId: string): Promise<VerificationHref> {
    const request = {
      customerInternalReference: `ref-${randomUUID()}`,
      userReference: user,
      workflowDefinition: { key: 10013 },
    };
    const href = toHref(await mockClient(mock).updateAccount(accountId, request));
    const records = recordsOf(store());
    assert.ok(await records.leaseUser(user, "an older version", 60_000));
    const stored = { ...href, userReference: user, callbackSecretSha256: "0".repeat(64), tokenLifetimeSeconds: 1800 };
    assert.ok(await records.insertWorkflow(stored, "an older version"));
    await records.releaseUser(user, "an older version");
    return href;
  }

  it("deletes only the user's workflows of an account that another user's verifications are on", async (t) => {
    const { mock, backend } = await world(t);
    const owner = newUser();
    const guest = newUser();
    const owners = await hrefOf(await backend.requestHref(owner));
    const guests = await sharedBy(mock, guest, owners.accountId);

    assert.deepEqual(await backend.service.forget(guest), { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });

    assert.deepEqual(mock.accounts().find(({ id }) => id === owners.accountId)?.workflowExecutionIds, [
      owners.workflowExecutionId,
    ]);
    assert.equal((await backend.service.getVerification(owners.workflowExecutionId))?.userReference, owner);
    assert.equal(await backend.service.getVerification(guests.workflowExecutionId), null);
  });

  it("keeps a user's next workflow on their own account that an older version shared, saying nothing", async (t) => {
    const { mock, backend } = await world(t);
    const owner = newUser();
    const owners = await hrefOf(await backend.requestHref(owner));
    await sharedBy(mock, newUser(), owners.accountId);
    mock.dropCallbacks(1);
    assert.ok(mock.expireToken(owners.workflowExecutionId));

    const next = await hrefOf(await backend.requestHref(owner));
    assert.notEqual(next.workflowExecutionId, owners.workflowExecutionId);
    assert.equal(next.accountId, owners.accountId);
    assert.deepEqual(backend.errors, []);
  });

  it("deletes a shared account whole once its other user's forget committed while this one ran", {
    skip: kind !== "postgres" && "two forgets at once need two connections to one PostgreSQL",
  }, async (t) => {
    const { mock, backend } = await world(t);
    const owner = newUser();
    const guest = newUser();
    const owners = await hrefOf(await backend.requestHref(owner));
    await sharedBy(mock, guest, owners.accountId);
    // Another instance's forget of the guest has deleted their rows, and not committed yet.
    const other = new pg.Client({ connectionString: postgres()!.connectionString });
    await other.connect();
    t.after(() => other.end());
    await other.query("BEGIN");
    await other.query("DELETE FROM jumio_workflows WHERE user_reference = $1", [guest]);

    const { forgetting } = await stillForgetting(backend, owner, "for the other forget's rows");
    await other.query("COMMIT");

    assert.deepEqual(await forgetting, { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });
    assert.ok(!hasAccount(mock, owners.accountId), "nobody is left on the account: it is deleted whole");
  });

  /** A backend whose calls to Jumio that `holds` picks wait for `gate.open()` once `gate.reached` resolved. */
  async function gatedWorld(
    t: TestContext,
    holds: Parameters<typeof gatedFetch>[0],
    options: Partial<VerificationServiceOptions> = {},
  ) {
    const mock = await startMock();
    const gate = gatedFetch(holds);
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
    const { mock, backend, gate } = await gatedWorld(t, isAccountCreate);
    const user = newUser();
    const making = backend.requestHref(user);
    await gate.reached;
    const { forgetting } = await stillForgetting(backend, user, "while Jumio makes the account");
    gate.open();
    const made = await hrefOf(await making);

    assert.deepEqual(await forgetting, { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });
    assert.equal(await backend.service.getVerification(made.workflowExecutionId), null);
    assert.ok(!hasAccount(mock, made.accountId));
  });

  it("says to try again when the user's verification is being made for longer than leaseMs, and deletes nothing", async (t) => {
    const { backend, gate } = await gatedWorld(t, isAccountCreate, { leaseMs: 150 });
    const user = newUser();
    const making = backend.requestHref(user);
    await gate.reached;
    await assert.rejects(backend.service.forget(user), {
      name: "Error",
      code: "EBUSY",
      message: "forget: this user's verification is being made, or its Retrieval or onDecision runs; try again.",
    });
    gate.open();
    const made = await hrefOf(await making);
    assert.equal((await backend.service.getVerification(made.workflowExecutionId))?.userReference, user);
  });

  it("waits for a Retrieval in flight, then deletes what it stored", async (t) => {
    const { mock, backend, gate } = await gatedWorld(t, (url, method) => method === "GET" && url.endsWith("/status"));
    const user = newUser();
    const { workflowExecutionId: id } = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(id));
    await gate.reached;
    const { forgetting } = await stillForgetting(backend, user, "while Retrieval answers");
    gate.open();

    assert.equal((await forgetting).verifications, 1);
    assert.equal(backend.decisions.length, 1, "onDecision came before forget resolved");
    await quiet(mock, backend);
    assert.equal(await backend.service.getVerification(id), null);
    assert.deepEqual(await rowsHolding([user, id]), []);
  });

  it("waits for the user's onDecision to return, so that the host's copy it deletes next is the last", async (t) => {
    const saved = new Map<string, Verification>();
    let entered!: () => void;
    const deciding = new Promise<void>((resolve) => (entered = resolve));
    let returned = false;
    const { mock, backend } = await startWorld(
      t,
      store(),
      {},
      {
        onDecision: async (verification) => {
          entered();
          await delay(300); // the host's own database write
          saved.set(verification.userReference, verification);
          returned = true;
        },
      },
    );
    const user = newUser();
    const { workflowExecutionId: id } = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(id));
    await deciding;

    assert.equal((await backend.service.forget(user)).verifications, 1);
    assert.ok(returned, "forget resolved after onDecision returned");
    saved.delete(user);
    await quiet(mock, backend);
    assert.equal(saved.has(user), false);
    assert.deepEqual(await rowsHolding([user, id]), []);
  });

  it("forgets the user from within their onDecision (keep the decision, erase the rest)", async (t) => {
    let service!: Backend["service"];
    const results: unknown[] = [];
    const { mock, backend } = await startWorld(
      t,
      store(),
      {},
      {
        onDecision: async (verification) => void results.push(await service.forget(verification.userReference)),
        leaseMs: 1000,
      },
    );
    service = backend.service;
    const user = newUser();
    const { workflowExecutionId: id, accountId } = await hrefOf(await backend.requestHref(user));
    assert.ok(mock.complete(id));
    await quiet(mock, backend);

    assert.deepEqual(results, [{ verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 }]);
    assert.ok(!hasAccount(mock, accountId));
    assert.deepEqual(await rowsHolding([user, id]), []);
  });

  it("gives way to a callback that holds the workflow's work row, rather than deadlock with it", {
    skip: kind !== "postgres" && "PGlite runs one statement at a time",
    timeout: 20_000,
  }, async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const { id, accountId, callbackUrl } = await processedWithoutCallback(mock, backend, user);
    const db = new pg.Client({ connectionString: postgres()!.connectionString });
    await db.connect();
    t.after(() => db.end());
    // The retrieval of an earlier callback (ACQUIRED, say) is still queued: a new callback upserts it.
    await db.query("INSERT INTO jumio_work (workflow_execution_id, kind, reason) VALUES ($1, 'retrieve', 'callback')", [
      id,
    ]);
    // A callback's statement in flight: it holds the work row and is about to check the workflow's key.
    await db.query("BEGIN");
    await db.query("SELECT * FROM jumio_record_callback($1, $2, $3, $4, 'PROCESSED', now(), NULL)", [
      id,
      accountId,
      secretHash(new URL(callbackUrl).searchParams.get(SECRET_PARAMETER)!),
      "0".repeat(64),
    ]);
    const started = performance.now();
    assert.equal(await recordsOf(store()).forgetUser(user, 60_000), "busy");
    assert.ok(performance.now() - started < 900, "it gave way before PostgreSQL's deadlock_timeout");
    await db.query("COMMIT");

    assert.equal((await backend.service.forget(user)).verifications, 1);
  });

  it("deletes the account the store noted for a user whose workflow it could not keep", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const made = await madeWhileRefused(store(), mock, backend, user, ["jumio_workflows"]);
    assert.equal(await recordsOf(store()).accountWithoutWorkflow(user), made.id);

    assert.deepEqual(await backend.service.forget(user), { verifications: 0, deletedAtJumio: 1, pendingAtJumio: 0 });
    assert.ok(!hasAccount(mock, made.id));
    assert.deepEqual(await rowsHolding([user, made.id]), []);
  });

  it("deletes the account only this process remembers (the store could not note it), and never uses it again", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const tables = ["jumio_workflows", "jumio_accounts_without_workflow"];
    const made = await madeWhileRefused(store(), mock, backend, user, tables);

    assert.deepEqual(await backend.service.forget(user), { verifications: 0, deletedAtJumio: 1, pendingAtJumio: 0 });
    assert.ok(!hasAccount(mock, made.id));
    const next = await hrefOf(await backend.requestHref(user));
    assert.notEqual(next.accountId, made.id, "the user's next verification is on a new account");
  });

  it("counts an account Jumio no longer has as deleted, and says so to onError", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const mine = await hrefOf(await backend.requestHref(user));
    await mockClient(mock).deleteAccount(mine.accountId);

    assert.deepEqual(await backend.service.forget(user), { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });
    const [note] = backend.errors;
    assert.equal(note?.stage, "erasure");
    assert.match(String(note.error), new RegExp(`Jumio has no account ${mine.accountId} to delete \\(404\\)`));
    assert.deepEqual(await rowsHolding([mine.accountId]), [], "nothing is left to try again");
  });

  it("spaces out a deletion Jumio keeps failing: not asked again at every reconcile", async (t) => {
    const { mock, backend } = await world(t);
    const user = newUser();
    const mine = await hrefOf(await backend.requestHref(user));
    // forget's try and reconcile's first 5 fail; the 7th would succeed.
    mock.failNext({ path: `/api/v1/accounts/${mine.accountId}`, method: "DELETE", status: 503, times: 6 });
    assert.equal((await backend.service.forget(user)).pendingAtJumio, 1);
    for (let run = 0; run < 5; run++) {
      assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 0);
    }
    assert.equal(backend.errors.filter(({ stage }) => stage === "erasure").length, 6);

    assert.equal((await backend.service.reconcile({ olderThanMs: 60_000 })).erased, 0, "held back about a minute");
    assert.ok(hasAccount(mock, mine.accountId));
    assert.equal(backend.errors.filter(({ stage }) => stage === "erasure").length, 6, "Jumio was not asked");
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
