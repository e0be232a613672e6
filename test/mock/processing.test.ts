import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import type { MockJumio } from "../../src/mock/index.js";
import type { AccountResponse, JumioClient } from "../../src/server/index.js";
import { accountRequest, manualTime, startMock, startReceiver, waitFor } from "./support.js";

let mock: MockJumio | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

afterEach(async () => {
  await mock?.close();
  await receiver?.close();
  mock = receiver = undefined;
});

/** A mock with the given processing delay, a callback receiver, and one new workflow calling back to it. */
async function setup(options: Parameters<typeof startMock>[0]) {
  const started = await startMock(options);
  mock = started.mock;
  receiver = await startReceiver();
  const account = await started.jumio.createAccount(accountRequest({ callbackUrl: receiver.url }));
  return {
    mock,
    jumio: started.jumio,
    receiver,
    account,
    ids: [account.account.id, account.workflowExecution.id] as const,
  };
}

const statusOf = async (jumio: JumioClient, [accountId, workflowExecutionId]: readonly [string, string]) =>
  (await jumio.getWorkflowStatus(accountId, workflowExecutionId)).workflowExecution.status;

/** The stand-in web client's Complete verification, as its page sends it. */
const completeInPage = (account: AccountResponse) =>
  fetch(new URL("complete", account.web?.href), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ authorizationToken: account.sdk?.token }),
  });

describe("ACQUIRED before PROCESSED", () => {
  test("a completed capture is ACQUIRED, without decision or callback, and PROCESSED with one callback after processingDelayMs", async () => {
    const { mock, jumio, receiver, account, ids } = await setup({ processingDelayMs: 200 });
    const completedAt = Date.now();
    assert.equal((await completeInPage(account)).status, 204, "the page is told success once the capture is taken");

    assert.equal(await statusOf(jumio, ids), "ACQUIRED");
    const details = await jumio.getWorkflowDetails(...ids);
    assert.equal(details.workflow.status, "ACQUIRED");
    assert.equal(details.decision, undefined);
    assert.equal(details.capabilities, undefined);
    assert.equal(details.completedAt, undefined);
    assert.ok(
      details.credentials?.some(({ parts }) => parts?.length),
      "the captured parts are there already",
    );
    assert.deepEqual(await jumio.getWorkflowSteps(...ids), { steps: [] });
    assert.deepEqual(mock.callbacks(), []);

    await waitFor(async () => (await statusOf(jumio, ids)) === "PROCESSED");
    assert.ok(Date.now() - completedAt >= 190, "not before the delay");
    assert.equal((await jumio.getWorkflowDetails(...ids)).decision?.type, "PASSED");
    await waitFor(() => receiver.received.length > 0);
    await mock.callbacksSettled();
    assert.equal(receiver.received.length, 1);
    assert.equal(JSON.parse(receiver.received[0]?.body ?? "{}").workflowExecution.status, "PROCESSED");
  });

  test("processingDelayMs 0: PROCESSED within complete, and the callback is on its way", async () => {
    const { mock, account } = await setup({ processingDelayMs: 0 });
    assert.ok(mock.complete(account.workflowExecution.id));
    const [summary] = mock.workflows();
    assert.equal(summary?.status, "PROCESSED");
    assert.equal(summary?.acquiredAt, summary?.completedAt);
    assert.equal(mock.callbacks().length, 1);
  });

  test("the API channel's finalize answers 200 and leaves the workflow ACQUIRED", async () => {
    const { mock, jumio, ids } = await setup({ processingDelayMs: 60_000 });
    assert.deepEqual((await jumio.finalizeWorkflow(...ids)).workflowExecution, { id: ids[1] });
    assert.equal(await statusOf(jumio, ids), "ACQUIRED");
    assert.equal(mock.complete(ids[1]), false, "taken already");
  });

  test("an injected clock that passes the delay makes it PROCESSED, on the next look", async () => {
    const time = manualTime();
    const { mock, jumio, receiver, account, ids } = await setup({ processingDelayMs: 60_000, now: time.now });
    assert.ok(mock.complete(account.workflowExecution.id));
    time.advance(59_999);
    assert.equal(await statusOf(jumio, ids), "ACQUIRED");
    time.advance(1);
    assert.equal(await statusOf(jumio, ids), "PROCESSED");
    assert.equal(mock.workflows()[0]?.completedAt, new Date(time.now()).toISOString());
    await mock.callbacksSettled();
    assert.equal(receiver.received.length, 1);
  });

  test("a workflow deleted while ACQUIRED is never processed; the others are", async () => {
    const { mock, jumio, receiver, account, ids } = await setup({ processingDelayMs: 100 });
    const deleted = await jumio.updateAccount(ids[0], accountRequest({ callbackUrl: receiver.url }));
    assert.ok(mock.complete(deleted.workflowExecution.id));
    assert.ok(mock.complete(account.workflowExecution.id));
    await jumio.deleteWorkflow(ids[0], deleted.workflowExecution.id);
    await waitFor(() => receiver.received.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await mock.callbacksSettled();
    assert.deepEqual(
      receiver.received.map(({ body }) => JSON.parse(body).workflowExecution.id),
      [account.workflowExecution.id],
    );
  });

  test("reset cancels the processing: no callback comes", async () => {
    const { mock, receiver, account } = await setup({ processingDelayMs: 100 });
    assert.ok(mock.complete(account.workflowExecution.id));
    mock.reset();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await mock.callbacksSettled();
    assert.deepEqual(mock.callbacks(), []);
    assert.equal(receiver.received.length, 0);
  });

  test("refuses a processingDelayMs that is not a whole number of ms", async () => {
    for (const processingDelayMs of [-1, 1.5, Number.NaN, 2 ** 31]) {
      await assert.rejects(startMock({ processingDelayMs }), RangeError);
    }
  });
});
