import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { CLI_USAGE, DEFAULT_CLI_PORT, describeStartedMock, parseCliArgs } from "../../src/mock/cli.js";
import { createJumioClient, jumioClientOptionsFromEnv } from "../../src/server/index.js";
import { accountRequest, USER_AGENT } from "./support.js";

const BIN = fileURLToPath(new URL("../../bin/jumio-verification-mock.js", import.meta.url));
const HOOKS = fileURLToPath(new URL("./bin-hooks.mjs", import.meta.url));

// A failed assertion must not leave a mock running, and the test process waiting for it.
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill("SIGKILL");
});

/** Runs the bin as `npx jumio-verification-mock` would, on the sources (see bin-hooks.mjs). */
function runBin(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", HOOKS, BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** The `.env` block the CLI prints: the paragraph after the one that names `.env`. */
function envBlock(stdout: string): string {
  const paragraphs = stdout.split("\n\n");
  const block = paragraphs[paragraphs.findIndex((paragraph) => paragraph.includes(".env")) + 1] ?? "";
  assert.match(block, /^JUMIO_CLIENT_ID=/, "the block follows its title");
  return block;
}

/** The `.env` block as dotenv reads it. */
const printedEnv = (stdout: string) => parseEnv(envBlock(stdout)) as Record<string, string>;

describe("parseCliArgs", () => {
  test("defaults to port 5174", () => {
    assert.deepEqual(parseCliArgs([]), { help: false, options: { port: DEFAULT_CLI_PORT } });
    assert.equal(DEFAULT_CLI_PORT, 5174);
  });

  test("reads --port N, --port=N, --host and the credentials", () => {
    assert.deepEqual(parseCliArgs(["--port", "8080", "--host=::1", "--client-id", "id", "--client-secret=a=b"]), {
      help: false,
      options: { port: 8080, host: "::1", clientId: "id", clientSecret: "a=b" },
    });
    assert.deepEqual(parseCliArgs(["--port=0"]), { help: false, options: { port: 0 } });
  });

  test("reads --processing-delay-ms, 0 included", () => {
    assert.deepEqual(parseCliArgs(["--processing-delay-ms", "0"]), {
      help: false,
      options: { port: DEFAULT_CLI_PORT, processingDelayMs: 0 },
    });
    assert.deepEqual(parseCliArgs(["--processing-delay-ms=250"]), {
      help: false,
      options: { port: DEFAULT_CLI_PORT, processingDelayMs: 250 },
    });
    assert.throws(
      () => parseCliArgs(["--processing-delay-ms", "-5"]),
      /--processing-delay-ms must be 0 to 2147483647, not -5/,
    );
    assert.throws(() => parseCliArgs(["--processing-delay-ms", "1.5"]), /--processing-delay-ms/);
    assert.match(CLI_USAGE, /--processing-delay-ms 1500/);
  });

  test("refuses a bad port, a missing value and an unknown flag", () => {
    assert.throws(() => parseCliArgs(["--port", "http"]), /--port must be 0 to 65535, not http/);
    assert.throws(() => parseCliArgs(["--port", "70000"]), /--port/);
    assert.throws(() => parseCliArgs(["--host"]), /--host needs a value/);
    assert.throws(() => parseCliArgs(["--verbose"]), /Unknown argument: --verbose/);
  });

  test("refuses credentials that an .env line or HTTP Basic would change", () => {
    for (const value of ["a:b", "two words", 'quo"te', "hash#tag", "dollar$1", "é"]) {
      assert.throws(
        () => parseCliArgs(["--client-id", value]),
        /--client-id may hold only letters, digits and \. _ ~ \+ \/ = -/,
      );
      assert.throws(() => parseCliArgs([`--client-secret=${value}`]), /--client-secret may hold only/);
    }
  });

  test("--help wins", () => {
    assert.deepEqual(parseCliArgs(["--port", "1", "--help"]), { help: true });
  });
});

describe("describeStartedMock", () => {
  const started = { url: "http://127.0.0.1:5174", clientId: "id-1", clientSecret: "secret-1" };

  test("prints an .env block for jumioClientOptionsFromEnv and the element's allowed-origins", () => {
    const text = describeStartedMock(started);
    assert.match(text, /^Simulated Jumio listening on http:\/\/127\.0\.0\.1:5174\n/);
    assert.deepEqual(printedEnv(text), {
      JUMIO_CLIENT_ID: "id-1",
      JUMIO_CLIENT_SECRET: "secret-1",
      JUMIO_BASE_URL: "http://127.0.0.1:5174",
      JUMIO_ALLOWED_ORIGINS: "http://127.0.0.1:5174",
    });
    assert.ok(text.includes('<jumio-verification allowed-origins="http://127.0.0.1:5174" …>'));
    assert.ok(text.includes("...jumioClientOptionsFromEnv(process.env)"));
    assert.ok(text.includes('callbackSource: "any"'));
    assert.ok(text.includes("http://127.0.0.1:5174/__mock"));
    assert.doesNotMatch(text, /trusts http: only/);
  });

  test("is the block docs/mock.md shows for the defaults", () => {
    const defaults = {
      url: `http://127.0.0.1:${DEFAULT_CLI_PORT}`,
      clientId: "mock-client-id",
      clientSecret: "mock-client-secret",
    };
    const doc = readFileSync(fileURLToPath(new URL("../../docs/mock.md", import.meta.url)), "utf8");
    assert.ok(doc.includes(`\`\`\`sh\n${envBlock(describeStartedMock(defaults))}\n\`\`\`\n`));
  });

  test("says when the element cannot trust the mock's address", () => {
    const text = describeStartedMock({ ...started, url: "http://127.0.0.2:5174" });
    assert.match(text, /It trusts http: only on localhost, 127\.0\.0\.1 and \[::1\]: start the mock on one of them/);
    assert.doesNotMatch(describeStartedMock({ ...started, url: "http://localhost:5174" }), /trusts http: only/);
  });
});

describe("bin/jumio-verification-mock.js", () => {
  test("serves on the port asked for, prints it and stops cleanly on SIGINT", async () => {
    const run = runBin(["--port", "0", "--client-id", "cli-id"]);
    while (!/listening on (http:\S+)/.test(run.output().stdout)) {
      if (run.child.exitCode !== null) assert.fail(run.output().stderr);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const url = /listening on (http:\S+)/.exec(run.output().stdout)?.[1] ?? "";
    assert.match(run.output().stdout, /^JUMIO_CLIENT_ID=cli-id$/m);
    const index = (await (await fetch(`${url}/__mock`)).json()) as { clientId: string };
    assert.equal(index.clientId, "cli-id");
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, [0, null]);
    await assert.rejects(fetch(`${url}/status`), "the port is closed");
  });

  test("prints an .env block that points a client at it", async () => {
    const run = runBin(["--port", "0", "--client-secret", "cli-secret"]);
    while (!run.output().stdout.includes("Ctrl+C")) {
      if (run.child.exitCode !== null) assert.fail(run.output().stderr);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const env = printedEnv(run.output().stdout);
    assert.equal(env.JUMIO_CLIENT_SECRET, "cli-secret");
    const jumio = createJumioClient({ ...jumioClientOptionsFromEnv(env), userAgent: USER_AGENT });
    const account = await jumio.createAccount(accountRequest());
    const status = await jumio.getWorkflowStatus(account.account.id, account.workflowExecution.id);
    assert.equal(status.workflowExecution.status, "INITIATED");
    assert.equal(new URL(account.web?.href ?? "").origin, env.JUMIO_ALLOWED_ORIGINS, "the element must trust it");
    assert.ok(run.output().stdout.includes(`allowed-origins="${env.JUMIO_ALLOWED_ORIGINS}"`));
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, [0, null]);
  });

  test("exits 1 on an address other machines could reach, and never listens", async () => {
    const run = runBin(["--port", "0", "--host", "0.0.0.0"]);
    assert.deepEqual(await run.exited, [1, null]);
    assert.match(run.output().stderr, /^Could not start the simulated Jumio: host must be a loopback address/);
    assert.equal(run.output().stdout, "");
  });

  test("exits 2 with the usage on a bad argument, 0 with it on --help", async () => {
    const bad = runBin(["--port", "x"]);
    assert.deepEqual(await bad.exited, [2, null]);
    assert.match(bad.output().stderr, /--port must be 0 to 65535/);
    assert.ok(bad.output().stderr.includes(CLI_USAGE));
    const help = runBin(["--help"]);
    assert.deepEqual(await help.exited, [0, null]);
    assert.ok(help.output().stdout.includes(CLI_USAGE));
  });
});
