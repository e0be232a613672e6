import assert from "node:assert/strict";
import { fork, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { openVerificationStore } from "../../src/server/index.js";
import { recordsOf } from "../../src/server/store/open.js";
import { MAX_CALLBACKS_PER_WORKFLOW, type ReceivedCallback } from "../../src/server/store/records.js";
import { onEachStore } from "./stores.js";

const ACCOUNT = "11111111-1111-4111-8111-111111111111";
const SECRET_SHA256 = "0".repeat(64);
let workflows = 0;

type Records = ReturnType<typeof recordsOf>;

const newWorkflowOf = (id: string, accountId = ACCOUNT, secretSha256 = SECRET_SHA256) => ({
  workflowExecutionId: id,
  accountId,
  userReference: `user-${id}`,
  href: "https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=t",
  callbackSecretSha256: secretSha256,
  tokenLifetimeSeconds: 1800,
});

/** A workflow of its own in the store, of `accountId`, whose callback URL's secret hashes to `secretSha256`. */
async function newWorkflow(records: Records, accountId = ACCOUNT, secretSha256 = SECRET_SHA256): Promise<string> {
  const id = `22222222-2222-4222-8222-${String(++workflows).padStart(12, "0")}`;
  assert.ok(await records.leaseUser(`user-${id}`, "test", 60_000));
  assert.ok(await records.insertWorkflow(newWorkflowOf(id, accountId, secretSha256), "test"));
  return id;
}

/** A callback for workflow `id` of ACCOUNT with its secret; `body` stands for the hash of its body. */
const callbackFor = (id: string, body: string, overrides: Partial<ReceivedCallback> = {}): ReceivedCallback => ({
  workflowExecutionId: id,
  accountId: ACCOUNT,
  secretSha256: SECRET_SHA256,
  bodySha256: body,
  status: "PROCESSED",
  sentAt: new Date().toISOString(),
  remoteAddress: undefined,
  ...overrides,
});

/** A workflow of its own in the store, with a recorded callback and so its retrieval queued. */
async function withCallback(records: Records) {
  const id = await newWorkflow(records);
  const callback = (body: string) => records.recordCallback(callbackFor(id, body));
  await callback("the first callback");
  return { id, callback };
}

onEachStore(({ kind, store, postgres }) => {
  it("keeps the work when a callback comes while a poll of it runs (fenced by generation)", async () => {
    const records = recordsOf(store());
    const { id, callback } = await withCallback(records);
    await records.done((await records.claim(id, "retrieve", "me", 60_000))!);
    await records.queuePoll(id);
    const poll = await records.claim(id, "retrieve", "me", 60_000);
    assert.equal(poll?.reason, "poll");
    await callback("a second callback, while the poll ran");
    assert.equal(await records.done(poll!), false, "the poll's end must not delete the callback's work");
    const again = await records.claim(id, "retrieve", "me", 60_000);
    assert.equal(again?.reason, "callback");
  });

  it("holds back a failing retrieval, but not once a callback came while its try ran", async () => {
    const records = recordsOf(store());
    const { id, callback } = await withCallback(records);
    await records.release((await records.claim(id, "retrieve", "me", 60_000))!, "Retrieval failed", 3_600_000);
    assert.equal(await records.claim(id, "retrieve", "me", 60_000), undefined, "held back for an hour");
    await callback("a second callback: due at once");
    const failing = await records.claim(id, "retrieve", "me", 60_000);
    assert.ok(failing);
    await callback("a third callback, while that try ran");
    await records.release(failing, "Retrieval failed", 3_600_000);
    assert.equal(
      (await records.claim(id, "retrieve", "me", 60_000))?.reason,
      "callback",
      "the third callback's work is due",
    );
  });

  it("lets no other holder end, renew or release work it took over", async () => {
    const records = recordsOf(store());
    const { id } = await withCallback(records);
    const expired = await records.claim(id, "retrieve", "first", 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const current = await records.claim(id, "retrieve", "second", 60_000);
    assert.ok(expired && current, "an expired lease is taken over");
    assert.equal(await records.renew(expired, 60_000), false);
    assert.equal(await records.done(expired), false);
    assert.equal(await records.claim(id, "retrieve", "third", 60_000), undefined, "the second holder still has it");
    assert.equal(await records.done(current), true);
  });

  it("stores a workflow or an account only for the holder of its user's lease: one taken over stores nothing", async () => {
    const records = recordsOf(store());
    const id = `33333333-3333-4333-8333-${randomUUID().slice(-12)}`;
    const user = `user-${id}`;
    assert.ok(await records.leaseUser(user, "first", 1));
    await delay(20);
    assert.ok(await records.leaseUser(user, "second", 60_000), "an expired lease is taken over");
    await records.rememberAccount(user, ACCOUNT, "second");
    await records.rememberAccount(user, "44444444-4444-4444-8444-444444444444", "first");
    assert.equal(await records.insertWorkflow(newWorkflowOf(id), "first"), false);
    assert.equal(await records.workflow(id), undefined);
    assert.equal(await records.accountWithoutWorkflow(user), ACCOUNT, "what is remembered stays for the holder");
    await records.releaseUser(user, "second");
    assert.equal(await records.insertWorkflow(newWorkflowOf(id), "first"), false, "nor once it was released");
    assert.ok(await records.leaseUser(user, "second", 60_000));
    assert.equal(await records.insertWorkflow(newWorkflowOf(id), "second"), true);
    assert.equal((await records.latestOfUser(user))?.workflowExecutionId, id);
    assert.equal(await records.accountWithoutWorkflow(user), undefined);
  });

  it("polls a workflow whose recorded callback has no work left, whatever olderThanMs", async () => {
    const records = recordsOf(store());
    const { id } = await withCallback(records);
    await records.done((await records.claim(id, "retrieve", "me", 60_000))!);
    assert.ok((await records.queuePolls(3_600_000)) >= 1);
    assert.equal((await records.claim(id, "retrieve", "me", 60_000))?.reason, "poll");
  });

  it("stores a final state once: the decision's work queued once, the retrieval's ended", async () => {
    const records = recordsOf(store());
    const { id } = await withCallback(records);
    assert.ok(await records.claim(id, "retrieve", "me", 60_000));
    assert.equal(await records.finish(id, "TOKEN_EXPIRED", undefined), true);
    assert.equal(await records.claim(id, "retrieve", "me", 60_000), undefined, "the retrieval's work ended");
    assert.equal((await records.workflow(id))?.status, "TOKEN_EXPIRED");
    const decide = await records.claim(id, "decide", "me", 60_000);
    assert.equal(decide?.reason, "final");
    assert.equal(await records.done(decide!), true);
    assert.equal(await records.finish(id, "PROCESSED", undefined), false, "final already");
    assert.equal(await records.claim(id, "decide", "me", 60_000), undefined, "no second decision queued");
    assert.equal((await records.workflow(id))?.status, "TOKEN_EXPIRED");
  });

  describe("recording a callback: one statement checks it, records it once and queues its retrieval", () => {
    /** An account of its own, and a secret hash never given to anyone yet. */
    const fresh = () => ({ account: randomUUID(), secret: randomUUID() });

    it("answers unknown_workflow for a workflow the store does not know", async () => {
      const records = recordsOf(store());
      const unknown = "99999999-9999-4999-8999-999999999999";
      assert.equal(await records.recordCallback(callbackFor(unknown, "a body")), "unknown_workflow");
      assert.equal(await records.claim(unknown, "retrieve", "me", 60_000), undefined);
    });

    it("refuses a callback naming another account, before its secret, and records nothing", async () => {
      const records = recordsOf(store());
      const { account, secret } = fresh();
      const id = await newWorkflow(records, account, secret);
      const right = { accountId: account, secretSha256: secret };
      const wrong = { ...right, accountId: randomUUID() };
      assert.equal(await records.recordCallback(callbackFor(id, "a body", wrong)), "wrong_account");
      assert.equal(
        await records.recordCallback(callbackFor(id, "a body", { ...wrong, secretSha256: randomUUID() })),
        "wrong_account",
      );
      assert.equal(await records.claim(id, "retrieve", "me", 60_000), undefined, "no work queued");
      // Not a duplicate: the refused one was not recorded.
      assert.equal(await records.recordCallback(callbackFor(id, "a body", right)), "queued");
    });

    it("refuses a secret never given to the workflow's account, also one of another account's workflow", async () => {
      const records = recordsOf(store());
      const mine = fresh();
      const theirs = fresh();
      const id = await newWorkflow(records, mine.account, mine.secret);
      await newWorkflow(records, theirs.account, theirs.secret);
      for (const secretSha256 of [randomUUID(), theirs.secret]) {
        const callback = callbackFor(id, "a body", { accountId: mine.account, secretSha256 });
        assert.equal(await records.recordCallback(callback), "wrong_secret");
      }
      assert.equal(await records.claim(id, "retrieve", "me", 60_000), undefined, "no work queued");
      const right = callbackFor(id, "a body", { accountId: mine.account, secretSha256: mine.secret });
      assert.equal(await records.recordCallback(right), "queued");
    });

    it("takes the secret of another workflow of the same account (an Account Update's callbackUrl)", async () => {
      const records = recordsOf(store());
      const { account, secret } = fresh();
      const older = await newWorkflow(records, account, randomUUID());
      await newWorkflow(records, account, secret);
      const callback = callbackFor(older, "a body", { accountId: account, secretSha256: secret });
      assert.equal(await records.recordCallback(callback), "queued");
      const claim = await records.claim(older, "retrieve", "me", 60_000);
      assert.equal(claim?.reason, "callback");
      assert.equal(claim?.accountId, account, "the claim names the workflow's account, for Retrieval");
    });

    it("records a replayed callback once and leaves its work as it was; another callback queues it again", async () => {
      const records = recordsOf(store());
      const { id, callback } = await withCallback(records);
      const claim = await records.claim(id, "retrieve", "me", 60_000);
      assert.equal(await callback("the first callback"), "duplicate");
      assert.equal(await records.done(claim!), true, "the duplicate did not touch the work's generation");
      assert.equal(await callback("a second callback"), "queued");
      assert.equal((await records.claim(id, "retrieve", "me", 60_000))?.reason, "callback");
    });

    it(`keeps ${MAX_CALLBACKS_PER_WORKFLOW} callbacks of a workflow; one more is not kept and changes nothing`, async () => {
      const records = recordsOf(store());
      const { id, callback } = await withCallback(records);
      for (let index = 2; index <= MAX_CALLBACKS_PER_WORKFLOW; index++) {
        assert.equal(await callback(`callback ${index}`), "queued");
      }
      const claim = await records.claim(id, "retrieve", "me", 60_000);
      assert.equal(await callback("one more"), "not_kept");
      assert.equal(await callback("one more"), "not_kept", "it was not stored: not a duplicate of itself");
      assert.equal(await callback("callback 2"), "duplicate", "a kept one is still known");
      assert.equal(await records.done(claim!), true, "the work's generation is untouched");
    });

    it("records a callback of a final workflow, once, without queuing its retrieval", async () => {
      const records = recordsOf(store());
      const id = await newWorkflow(records);
      await records.finish(id, "TOKEN_EXPIRED", undefined);
      assert.equal(await records.recordCallback(callbackFor(id, "a body", { status: "TOKEN_EXPIRED" })), "recorded");
      assert.equal(await records.claim(id, "retrieve", "me", 60_000), undefined, "no retrieval queued");
      assert.equal(await records.recordCallback(callbackFor(id, "a body", { status: "TOKEN_EXPIRED" })), "duplicate");
    });

    it("deletes rather than hands out the retrieval that a callback racing finish queued", {
      skip: kind !== "postgres" && "two connections make the race: PGlite runs one statement at a time",
    }, async (t) => {
      const records = recordsOf(store());
      const id = await newWorkflow(records);
      await records.recordCallback(callbackFor(id, "a body"));
      const db = new pg.Client({ connectionString: postgres()!.connectionString });
      await db.connect();
      t.after(() => db.end());
      // finish in a transaction not yet committed; the callback sees the workflow open, and waits.
      await db.query("BEGIN");
      await db.query("SELECT * FROM jumio_finish($1, 'TOKEN_EXPIRED', NULL, NULL)", [id]);
      const callback = records.recordCallback(callbackFor(id, "another body", { status: "TOKEN_EXPIRED" }));
      await delay(200);
      await db.query("COMMIT");
      assert.equal(await callback, "queued", "the race: a retrieval queued for a final workflow");
      assert.equal(await records.claim(id, "retrieve", "me", 60_000), undefined);
      const work = await db.query("SELECT kind FROM jumio_work WHERE workflow_execution_id = $1", [id]);
      assert.deepEqual(
        work.rows.map(({ kind }) => kind),
        ["decide"],
        "the decision's work only",
      );
      assert.ok(await records.claim(id, "decide", "me", 60_000), "the decision is still handed out");
    });
  });
});

describe("a PGlite folder belongs to one process", () => {
  const folder = mkdtempSync(join(tmpdir(), "jumio-verification-lock-"));
  const lock = join(folder, "jumio-verification.lock");
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** The scope this process's holder names carry (its pid namespace), as a store it opened wrote it. */
  let ourScope = "";
  before(async () => {
    const store = await openVerificationStore({ dataDir: folder });
    ourScope = /@([0-9a-f]{16})-/.exec(readdirSync(lock)[0]!)![1]!;
    await store.close();
  });
  /**
   * How a holder names itself: as this version does in this process's scope (for a process
   * started an hour ago), or in another's (another container), or as earlier versions did
   * (`{pid}@{scope}-{token}`, `{pid}-{token}`, or a file of the pid).
   */
  type Form = "ours" | "another scope" | "no start" | "v1 name" | "pid file";
  const UNSCOPED: Form[] = ["v1 name", "pid file"];
  /** Leaves the lock of process `pid`, last refreshed `age` ms ago, named in the given form. */
  const leaveLock = (pid: number, age = 0, form: Form = "ours") => {
    rmSync(lock, { recursive: true, force: true });
    if (form !== "pid file") mkdirSync(lock);
    const scoped = (scope: string, start = `.${Date.now() - 3_600_000}`) =>
      join(lock, `${pid}${start}@${scope}-${randomUUID()}`);
    const file = {
      ours: () => scoped(ourScope),
      "another scope": () => scoped("0123456789abcdef"),
      "no start": () => scoped(ourScope, ""),
      "v1 name": () => join(lock, `${pid}-${randomUUID()}`),
      "pid file": () => lock,
    }[form]();
    writeFileSync(file, form === "pid file" ? String(pid) : "");
    const at = new Date(Date.now() - age);
    utimesSync(file, at, at);
  };
  const GONE = 2147483646;
  const MINUTE = 60_000;
  /** An unrelated process that lives on, its pid to name in a lock. */
  const unrelated = () => spawn("sleep", ["60"], { stdio: "ignore" });

  it("refuses a second open in the same process, and a second process while the first has it", async () => {
    const store = await openVerificationStore({ dataDir: folder });
    try {
      await assert.rejects(openVerificationStore({ dataDir: folder }), {
        code: "EBUSY",
        message: /open already in this process/,
      });
      const script = `import("${new URL("../../src/server/index.ts", import.meta.url).pathname}").then(({ openVerificationStore }) => openVerificationStore({ dataDir: ${JSON.stringify(folder)} })).then(() => process.exit(0), (error) => { console.error(error.message); process.exit(3); })`;
      const other = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        encoding: "utf8",
      });
      assert.equal(other.status, 3);
      assert.match(other.stderr, new RegExp(`open in process ${process.pid}`));
    } finally {
      await store.close();
    }
    const again = await openVerificationStore({ dataDir: folder });
    await again.close();
  });

  it("refuses another copy of the package in the same thread, as a bundler makes, as a second open", async () => {
    const copy = (await import(`${new URL("../../src/server/store/open.ts", import.meta.url).href}?copy`)) as {
      openVerificationStore: typeof openVerificationStore;
    };
    assert.notEqual(copy.openVerificationStore, openVerificationStore);
    const store = await openVerificationStore({ dataDir: folder });
    try {
      await assert.rejects(copy.openVerificationStore({ dataDir: folder }), {
        code: "EBUSY",
        message: /open already in this process: open the store and make the service once, and share them/,
      });
    } finally {
      await store.close();
    }
    // Nor does one copy's service take the other's store: the error says why.
    const theirs = await copy.openVerificationStore();
    assert.throws(() => recordsOf(theirs), /made by openVerificationStore\(\) of this copy of jumio-verification/);
    await theirs.close();
  });

  it("refuses a worker thread of this process while another thread has it; lets it have it after", async () => {
    const inThread = () => {
      const worker = new Worker(new URL("./lock-thread.mjs", import.meta.url), { workerData: folder });
      return once(worker, "message").then(([answer]) => answer as { opened: boolean; code?: string; message?: string });
    };
    const store = await openVerificationStore({ dataDir: folder });
    try {
      assert.deepEqual(await inThread(), {
        opened: false,
        code: "EBUSY",
        message: `${folder} is open in another thread of this process: open it in one thread (use PostgreSQL to share it).`,
      });
    } finally {
      await store.close();
    }
    assert.deepEqual(await inThread(), { opened: true });
  });

  it("refuses one of two opens at once in the same process", async () => {
    const [first, second] = await Promise.allSettled([
      openVerificationStore({ dataDir: folder }),
      openVerificationStore({ dataDir: folder }),
    ]);
    const opened = [first, second].filter((result) => result.status === "fulfilled");
    await Promise.all(opened.map((result) => result.value.close()));
    assert.equal(opened.length, 1);
    const refused = [first, second].find((result) => result.status === "rejected");
    assert.match(String(refused?.reason), /open already in this process/);
  });

  it("takes over a lock whose process is gone, or is this one's pid of an earlier process", async () => {
    for (const [form, pid] of [
      ["ours", GONE],
      ["ours", process.pid],
      ["no start", GONE],
    ] as const) {
      leaveLock(pid, 0, form);
      const store = await openVerificationStore({ dataDir: folder });
      await store.close();
    }
  });

  it("takes over a lock named without a start and this pid (an older copy here?) only once unrefreshed for a minute", async () => {
    leaveLock(process.pid, 0, "no start");
    await assert.rejects(openVerificationStore({ dataDir: folder }), {
      code: "EBUSY",
      message: /open in this process by an older copy of jumio-verification, or was in an earlier process with its pid/,
    });
    leaveLock(process.pid, 2 * MINUTE, "no start");
    const store = await openVerificationStore({ dataDir: folder });
    await store.close();
  });

  it("takes over a lock of another pid namespace (a container) or of an earlier version only once unrefreshed for a minute", async () => {
    for (const form of ["another scope", ...UNSCOPED] as const) {
      // Pid 1 in another container, or a pid not in use here: neither says the holder is gone.
      for (const pid of [GONE, process.pid]) {
        leaveLock(pid, 0, form);
        await assert.rejects(
          openVerificationStore({ dataDir: folder }),
          new RegExp(`open in process ${pid} of another host or container, or of an earlier version`),
          form,
        );
        leaveLock(pid, 2 * MINUTE, form);
        const store = await openVerificationStore({ dataDir: folder });
        await store.close();
      }
    }
  });

  it("takes over a lock unrefreshed for over a minute, whose pid another process has now; not a fresh one", async () => {
    const other = unrelated();
    try {
      for (const form of ["ours", "no start", ...UNSCOPED] as const) {
        leaveLock(other.pid!, 2 * MINUTE, form);
        const store = await openVerificationStore({ dataDir: folder });
        await store.close();
        leaveLock(other.pid!, 0, form);
        await assert.rejects(openVerificationStore({ dataDir: folder }), new RegExp(`open in process ${other.pid}`));
      }
    } finally {
      other.kill();
      rmSync(lock, { recursive: true, force: true });
    }
  });

  it("keeps refreshing its lock while open", async (t) => {
    t.mock.timers.enable({ apis: ["setInterval"] });
    const store = await openVerificationStore({ dataDir: folder });
    try {
      const [holder] = readdirSync(lock);
      const file = join(lock, holder!);
      const old = new Date(Date.now() - 2 * MINUTE);
      utimesSync(file, old, old);
      t.mock.timers.tick(10_000);
      for (let wait = 0; statSync(file).mtimeMs < Date.now() - MINUTE && wait < 100; wait++) await delay(10);
      assert.ok(statSync(file).mtimeMs > Date.now() - MINUTE, "refreshed");
    } finally {
      await store.close();
    }
  });

  it("stops using its folder once another process took it over: its calls fail as the store's, and what that one wrote survives this one's close", async (t) => {
    t.mock.timers.enable({ apis: ["setInterval"] });
    rmSync(lock, { recursive: true, force: true });
    const stalled = await openVerificationStore({ dataDir: folder });
    const before = await newWorkflow(recordsOf(stalled));
    rmSync(lock, { recursive: true, force: true }); // as another process does with a lock unrefreshed for a minute
    const other = await openVerificationStore({ dataDir: folder });
    const theirs = await newWorkflow(recordsOf(other));
    await other.close();
    const warned = new Promise((resolve) => process.once("warning", resolve));
    t.mock.timers.tick(10_000);
    assert.match(String(await warned), /was taken over by another process/);
    await assert.rejects(newWorkflow(recordsOf(stalled)), { name: "StoreError" });
    await stalled.close();
    const reopened = await openVerificationStore({ dataDir: folder });
    try {
      assert.ok(await recordsOf(reopened).workflow(theirs), "the other process's workflow is kept");
      assert.ok(await recordsOf(reopened).workflow(before), "and the one written before the takeover");
    } finally {
      await reopened.close();
    }
  });

  it("leaves on close a lock that another process took over", async () => {
    const other = unrelated();
    try {
      for (const form of ["ours", ...UNSCOPED] as const) {
        rmSync(lock, { recursive: true, force: true });
        const store = await openVerificationStore({ dataDir: folder });
        leaveLock(other.pid!, 0, form); // as the other process would, had this one stopped refreshing it
        await store.close();
        await assert.rejects(openVerificationStore({ dataDir: folder }), new RegExp(`open in process ${other.pid}`));
      }
    } finally {
      other.kill();
      rmSync(lock, { recursive: true, force: true });
    }
  });

  it("lets exactly one of several processes opening it at the same moment have it, stale lock or none", async () => {
    const other = unrelated();
    const children = await lockChildren(folder, 6);
    try {
      const stale = [
        () => leaveLock(GONE, 2 * MINUTE, "pid file"),
        () => leaveLock(GONE),
        () => leaveLock(other.pid!, 2 * MINUTE),
      ];
      for (const leave of [() => {}, ...stale, () => {}, ...stale]) {
        leave();
        const results = await children.openAtOnce();
        const opened = results.filter((result) => result.opened);
        assert.equal(opened.length, 1, JSON.stringify(results));
        for (const result of results.filter((result) => !result.opened))
          assert.match(result.message!, new RegExp(`open in process ${opened[0]!.pid}:`));
        await children.close();
      }
    } finally {
      children.end();
      other.kill();
    }
  });
});

interface Opening {
  pid: number;
  opened: boolean;
  message?: string;
}

/** `n` processes (test/service/lock-child.ts) that open `folder` at the same moment, as often as told. */
async function lockChildren(folder: string, n: number) {
  const script = new URL("./lock-child.ts", import.meta.url).pathname;
  const children = Array.from({ length: n }, () =>
    fork(script, [folder], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const answers = () =>
    Promise.all(
      children.map(
        (child) =>
          new Promise<Opening>((resolve, reject) => {
            const exited = (code: number | null) => reject(new Error(`a lock child exited (${code})`));
            child.once("exit", exited);
            child.once("message", (answer: Opening) => {
              child.off("exit", exited);
              resolve(answer);
            });
          }),
      ),
    );
  const told = (message: "close" | { at: number }) => {
    const answered = answers();
    for (const child of children) child.send(message);
    return answered;
  };
  const end = () => {
    for (const child of children) child.kill();
  };
  try {
    await answers(); // ready
  } catch (error) {
    end();
    throw error;
  }
  return { openAtOnce: () => told({ at: Date.now() + 50 }), close: () => told("close"), end };
}

describe("reconcile's polls", () => {
  it("go to the least recently polled workflows first, so that one run's limit holds back none for good", async () => {
    const store = await openVerificationStore();
    try {
      const records = recordsOf(store);
      const ids = [await newWorkflow(records), await newWorkflow(records), await newWorkflow(records)];
      /** Each queued poll done, as the work does it once Retrieval says the workflow is still open. */
      const polled = async () => {
        const done: string[] = [];
        for (const id of ids) {
          const claim = await records.claim(id, "retrieve", "me", 60_000);
          if (claim && (await records.done(claim))) done.push(id);
        }
        return done;
      };
      assert.equal(await records.queuePolls(0, 2), 2);
      assert.deepEqual(await polled(), [ids[0], ids[1]], "the oldest first");
      assert.equal(await records.queuePolls(0, 2), 2);
      assert.deepEqual(await polled(), [ids[0], ids[2]], "the one never polled, then the least recently polled");
    } finally {
      await store.close();
    }
  });
});
