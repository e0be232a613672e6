// The backend examples of the docs, run as written against the simulated Jumio: the Express
// server in a process of its own, the Next.js route handlers mounted on node:http. Needs `dist`
// (npm test builds first): the examples import the package by its name.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { setTimeout as delay } from "node:timers/promises";
import { promisify } from "node:util";
import type { MockJumio } from "../../src/mock/index.js";
import { toNodeListener, type VerificationService, type VerificationStore } from "../../src/server/index.js";
import { listen } from "../server/support/listen.js";
import { startMock } from "./support.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);

async function freePort(): Promise<number> {
  const probe = await listen(createServer());
  await probe.close();
  return Number(new URL(probe.url).port);
}

function exampleEnv(mock: MockJumio, origin: string, dataDir: string): Record<string, string> {
  return {
    JUMIO_BASE_URL: mock.url,
    JUMIO_CLIENT_ID: mock.clientId,
    JUMIO_CLIENT_SECRET: mock.clientSecret,
    JUMIO_DATA_DIR: dataDir,
    PUBLIC_ORIGIN: origin,
  };
}

/** Asks for the signed-in user's href as the element would, completes it in the mock, and returns its id. */
async function verify(mock: MockJumio, origin: string, user: string): Promise<string> {
  const refused = await fetch(`${origin}/api/jumio/verification`, { method: "POST" });
  assert.equal(refused.status, 401, "no session, no verification");
  const response = await fetch(`${origin}/api/jumio/verification`, {
    method: "POST",
    headers: { Cookie: `session=${user}` },
  });
  assert.equal(response.status, 200);
  const { workflowExecutionId } = (await response.json()) as { workflowExecutionId: string };
  assert.ok(mock.complete(workflowExecutionId));
  await mock.callbacksSettled();
  return workflowExecutionId;
}

describe("the backend examples", () => {
  let mock: MockJumio;
  const dataDir = mkdtempSync(join(tmpdir(), "jumio-verification-examples-"));
  before(async () => {
    mock = await startMock();
  });
  after(async () => {
    await mock.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("type-check as written (strict), against the built package", async () => {
    await run("npx", ["tsc", "-p", "examples/tsconfig.json"], { cwd: ROOT });
    await run("npx", ["tsc", "-p", "examples/next/tsconfig.json"], { cwd: ROOT });
  });

  it("Express: examples/express/server.ts stores the decision, calls onDecision and forgets the user", async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const env = { ...process.env, ...exampleEnv(mock, origin, join(dataDir, "express")), PORT: String(port) };
    const server = spawn(process.execPath, ["--import", "tsx", "examples/express/server.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => server.once("exit", resolve));
    try {
      await createInterface({ input: server.stdout })[Symbol.asyncIterator]().next();
      const id = await verify(mock, origin, "alice");
      let decision: Response | undefined;
      for (let tries = 0; tries < 100 && decision?.status !== 200; tries++) {
        decision = await fetch(`${origin}/api/jumio/decision`, { headers: { Cookie: "session=alice" } });
        if (decision.status !== 200) await delay(50);
      }
      assert.deepEqual(
        { ...((await decision!.json()) as object), createdAt: 0, updatedAt: 0, details: 0 },
        {
          workflowExecutionId: id,
          accountId: mock.workflows().find((w) => w.workflowExecutionId === id)?.accountId,
          userReference: "alice",
          status: "PROCESSED",
          decision: "PASSED",
          createdAt: 0,
          updatedAt: 0,
          details: 0,
        },
      );
      assert.equal((await fetch(`${origin}/api/jumio/decision`, { headers: { Cookie: "session=bob" } })).status, 404);

      const accountId = mock.workflows().find((w) => w.workflowExecutionId === id)?.accountId;
      const erasure = await fetch(`${origin}/api/jumio/verification`, {
        method: "DELETE",
        headers: { Cookie: "session=alice" },
      });
      assert.deepEqual(await erasure.json(), { verifications: 1, deletedAtJumio: 1, pendingAtJumio: 0 });
      assert.ok(!mock.accounts().some((account) => account.id === accountId), "Jumio has alice's account no more");
      assert.equal((await fetch(`${origin}/api/jumio/decision`, { headers: { Cookie: "session=alice" } })).status, 404);
    } finally {
      server.kill("SIGTERM");
      await exited;
    }
  });

  it("Next.js: the route handlers of examples/next store the decision and call onDecision", async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    Object.assign(process.env, exampleEnv(mock, origin, join(dataDir, "next")));
    type Route = Partial<Record<string, (request: Request) => Response | Promise<Response>>>;
    const routes = new Map<string, Route>();
    for (const name of readdirSync(join(ROOT, "examples/next/app/api/jumio"))) {
      routes.set(`/api/jumio/${name}`, await import(join(ROOT, `examples/next/app/api/jumio/${name}/route.ts`)));
    }
    const { decisions } = (await import(join(ROOT, "examples/users.ts"))) as typeof import("../../examples/users.js");
    // Typed here: the Next.js example is checked with its own tsconfig (bundler resolution).
    const { jumio } = (await import(join(ROOT, "examples/next/lib/jumio.ts"))) as {
      jumio: () => Promise<{ service: VerificationService; store: VerificationStore }>;
    };
    // What `next start` does for these files: a request to the route's path calls the function named for its method.
    const server = createServer(
      toNodeListener(
        async (request) =>
          routes.get(new URL(request.url).pathname)?.[request.method]?.(request) ?? new Response(null, { status: 404 }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    let started: Awaited<ReturnType<typeof jumio>> | undefined;
    try {
      // A start that failed (the database down) is not kept: the next request starts again.
      process.env.DATABASE_URL = "postgres://127.0.0.1:1/down";
      await assert.rejects(jumio(), /verification store failed/);
      delete process.env.DATABASE_URL;
      started = await jumio();
      const { service } = started;
      const id = await verify(mock, origin, "carol");
      await service.settled();
      assert.equal(decisions.get("carol")?.workflowExecutionId, id);
      assert.equal(decisions.get("carol")?.decision, "PASSED");
      const decision = await fetch(`${origin}/api/jumio/decision`, { headers: { Cookie: "session=carol" } });
      assert.equal(((await decision.json()) as { decision?: string }).decision, "PASSED");
      assert.equal((await fetch(`${origin}/api/jumio/decision`, { headers: { Cookie: "session=dave" } })).status, 404);
    } finally {
      delete process.env.DATABASE_URL;
      await started?.service.close();
      await started?.store.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("are what the docs show: each marked code block is its file, byte for byte", () => {
    const marked = /<!-- (examples\/[\w./-]+) -->\n```\w*\n([\s\S]*?)```/g;
    let count = 0;
    for (const doc of ["README.md", ...readdirSync(join(ROOT, "docs")).map((name) => `docs/${name}`)]) {
      for (const [, file, block] of readFileSync(join(ROOT, doc), "utf8").matchAll(marked)) {
        assert.equal(block, readFileSync(join(ROOT, file!), "utf8"), `${doc}: the block marked ${file}`);
        count++;
      }
    }
    assert.ok(count >= 4, `only ${count} marked blocks`);
  });
});
