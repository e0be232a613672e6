import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { openVerificationStore } from "../../src/server/index.js";
import { recordsOf } from "../../src/server/store/open.js";
import { onEachStore } from "./stores.js";

const ACCOUNT = "11111111-1111-4111-8111-111111111111";
let workflows = 0;

/** A workflow of its own in the store, with a recorded callback and so its retrieval queued. */
async function withCallback(records: ReturnType<typeof recordsOf>) {
  const id = `22222222-2222-4222-8222-${String(++workflows).padStart(12, "0")}`;
  await records.insertWorkflow({
    workflowExecutionId: id,
    accountId: ACCOUNT,
    userReference: `user-${id}`,
    href: "https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=t",
    callbackSecretSha256: "0".repeat(64),
    tokenLifetimeSeconds: 1800,
  });
  const callback = (body: string) =>
    records.recordCallback({
      workflowExecutionId: id,
      bodySha256: body,
      status: "PROCESSED",
      sentAt: new Date().toISOString(),
      remoteAddress: undefined,
    });
  await callback("the first callback");
  return { id, callback };
}

onEachStore(({ store }) => {
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

  it("polls a workflow whose recorded callback has no work left, whatever olderThanMs", async () => {
    const records = recordsOf(store());
    const { id } = await withCallback(records);
    await records.done((await records.claim(id, "retrieve", "me", 60_000))!);
    assert.ok((await records.queuePolls(3_600_000)) >= 1);
    assert.equal((await records.claim(id, "retrieve", "me", 60_000))?.reason, "poll");
  });
});

describe("a PGlite folder belongs to one process", () => {
  const folder = mkdtempSync(join(tmpdir(), "jumio-verification-lock-"));
  after(() => rmSync(folder, { recursive: true, force: true }));

  it("refuses a second open in the same process, and a second process while the first has it", async () => {
    const store = await openVerificationStore({ dataDir: folder });
    try {
      await assert.rejects(openVerificationStore({ dataDir: folder }), /open already in this process/);
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

  it("takes over a lock whose process is gone", async () => {
    writeFileSync(join(folder, "jumio-verification.lock"), "2147483646");
    const store = await openVerificationStore({ dataDir: folder });
    await store.close();
  });
});
