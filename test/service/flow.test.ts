import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import type { MockJumio } from "../../src/mock/index.js";
import { onEachStore } from "./stores.js";
import { type Backend, mockClient, newUser, quiet, startBackend, startMock } from "./support.js";

onEachStore(({ store }) => {
  let mock: MockJumio;
  let backend: Backend;
  before(async () => {
    mock = await startMock({ processingDelayMs: 300 });
    backend = await startBackend(mock, store());
  });
  after(async () => {
    await backend.close();
    await mock.close();
  });

  it("takes a verification from href to the decision: ACQUIRED, the callback, PROCESSED, onDecision once", async () => {
    const user = newUser();
    const response = await backend.requestHref(user);
    assert.equal(response.status, 200);
    const href = (await response.json()) as { href: string; accountId: string; workflowExecutionId: string };
    assert.match(href.href, /\/web\/v4\/app\?authorizationToken=/);
    const id = href.workflowExecutionId;
    assert.deepEqual(
      { ...(await backend.service.getVerification(id)), createdAt: "", updatedAt: "" },
      {
        workflowExecutionId: id,
        accountId: href.accountId,
        userReference: user,
        status: "INITIATED",
        createdAt: "",
        updatedAt: "",
      },
    );

    assert.ok(mock.complete(id));
    await backend.service.reconcile({ olderThanMs: 0 });
    assert.equal(
      (await backend.service.getVerification(id))?.status,
      "ACQUIRED",
      "a poll sees the capture before processing",
    );
    assert.equal(backend.decisions.length, 0);

    await new Promise((resolve) => setTimeout(resolve, 400));
    await quiet(mock, backend);
    const [callback] = mock.callbacks().filter((record) => record.body.workflowExecution.id === id);
    assert.equal(callback?.delivered, true);
    const verification = await backend.service.getVerification(id);
    assert.equal(verification?.status, "PROCESSED");
    assert.equal(verification?.decision, "PASSED");
    assert.equal(verification?.details?.workflow.id, id);
    assert.equal(verification?.userReference, user);
    assert.deepEqual(backend.decisions, [verification]);
    assert.deepEqual(backend.errors, []);
  });

  it("stores a Retrieval answer holding U+0000, which jsonb cannot hold, with U+FFFD in its place", async () => {
    // Jumio's details echo the host's own references, a NUL included.
    const client = mockClient(mock);
    const echoing: typeof client = {
      ...client,
      async getWorkflowDetails(...args) {
        const details = await client.getWorkflowDetails(...args);
        return { ...details, workflow: { ...details.workflow, "note\0": "crm\0-4711" } };
      },
    };
    const other = await startBackend(mock, store(), { client: echoing });
    try {
      const href = (await (await other.requestHref(newUser())).json()) as { workflowExecutionId: string };
      assert.ok(mock.complete(href.workflowExecutionId));
      await new Promise((resolve) => setTimeout(resolve, 400));
      await quiet(mock, other);
      const verification = await other.service.getVerification(href.workflowExecutionId);
      assert.equal(verification?.status, "PROCESSED");
      const workflow: Record<string, unknown> = verification?.details?.workflow ?? {};
      assert.equal(workflow["note\uFFFD"], "crm\uFFFD-4711");
      assert.deepEqual(other.decisions, [verification]);
      assert.deepEqual(other.errors, []);
    } finally {
      await other.close();
    }
  });
});
