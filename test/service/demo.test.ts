import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { startDemoBackend } from "../../demo/server/backend.js";
import { listen } from "../server/support/listen.js";

const COOKIE = "demo-user=0123abcd-0123-4567-89ab-0123456789ab";

/** The demo's backend on `dataDir`, behind a server of its own. */
async function startDemo(dataDir: string) {
  const server = createServer();
  const { url, close } = await listen(server);
  const backend = await startDemoBackend({ pageOrigins: [url], dataDir }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  server.on("request", (request, response) => backend.middleware(request, response, () => response.end()));
  return {
    mockOrigin: backend.allowedOrigins[0],
    async href() {
      const response = await fetch(`${url}/api/verification`, {
        method: "POST",
        headers: { Cookie: COOKIE, Origin: url, "Content-Type": "application/json" },
        body: "{}",
      });
      assert.equal(response.status, 200);
      return (await response.json()) as { href: string; workflowExecutionId: string };
    },
    async close() {
      await backend.close();
      await close();
    },
  };
}

describe("the demo's backend, restarted", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "jumio-verification-demo-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("gives a returning user an href of the simulated Jumio running now, not of the one before", async () => {
    const first = await startDemo(dataDir);
    const before = await first.href();
    assert.equal(new URL(before.href).origin, first.mockOrigin);
    await first.close();

    const second = await startDemo(dataDir);
    try {
      const again = await second.href();
      assert.equal(new URL(again.href).origin, second.mockOrigin);
      assert.notEqual(again.workflowExecutionId, before.workflowExecutionId);
    } finally {
      await second.close();
    }
  });

  it("starts on a simulated Jumio's store left broken, which it empties anyway", async () => {
    await (await startDemo(dataDir)).close();
    writeFileSync(join(dataDir, "simulated", "global", "pg_control"), "not a control file");
    const demo = await startDemo(dataDir);
    try {
      assert.equal(new URL((await demo.href()).href).origin, demo.mockOrigin);
    } finally {
      await demo.close();
    }
  });

  it("does not empty the store of a demo still running on the same folder", async () => {
    const running = await startDemo(dataDir);
    try {
      const before = await running.href();
      await assert.rejects(startDemo(dataDir), /open already/);
      assert.equal(
        (await running.href()).workflowExecutionId,
        before.workflowExecutionId,
        "the same workflow, resumed",
      );
    } finally {
      await running.close();
    }
  });
});
