import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CLI_USAGE, DEFAULT_CLI_PORT, describeStartedMock, parseCliArgs } from "../../src/mock/cli.js";

const BIN = fileURLToPath(new URL("../../bin/jumio-verification-mock.js", import.meta.url));
const HOOKS = fileURLToPath(new URL("./bin-hooks.mjs", import.meta.url));

/** Runs the bin as `npx jumio-verification-mock` would, on the sources (see bin-hooks.mjs). */
function runBin(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", HOOKS, BIN, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe("parseCliArgs", () => {
  test("defaults to port 5174", () => {
    assert.deepEqual(parseCliArgs([]), { help: false, options: { port: DEFAULT_CLI_PORT } });
    assert.equal(DEFAULT_CLI_PORT, 5174);
  });

  test("reads --port N, --port=N, --host and the credentials", () => {
    assert.deepEqual(parseCliArgs(["--port", "8080", "--host=0.0.0.0", "--client-id", "id", "--client-secret=a=b"]), {
      help: false,
      options: { port: 8080, host: "0.0.0.0", clientId: "id", clientSecret: "a=b" },
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

  test("--help wins", () => {
    assert.deepEqual(parseCliArgs(["--port", "1", "--help"]), { help: true });
  });
});

describe("describeStartedMock", () => {
  test("prints the URL, the credentials and every base URL", () => {
    const url = "http://127.0.0.1:5174";
    const baseUrls = { auth: `${url}/oauth2/token`, account: url, api: url, retrieval: url, status: `${url}/status` };
    const text = describeStartedMock({ url, baseUrls, clientId: "id-1", clientSecret: "secret-1" });
    assert.match(text, /listening on http:\/\/127\.0\.0\.1:5174\n/);
    assert.match(text, /client id: +id-1/);
    assert.match(text, /client secret: +secret-1/);
    for (const [name, value] of Object.entries(baseUrls)) assert.match(text, new RegExp(`${name}: +${value}\\n`));
    assert.match(text, /"baseUrls":\{"auth":"http:\/\/127\.0\.0\.1:5174\/oauth2\/token"/);
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
    assert.match(run.output().stdout, /client id: +cli-id/);
    const index = (await (await fetch(`${url}/__mock`)).json()) as { clientId: string };
    assert.equal(index.clientId, "cli-id");
    run.child.kill("SIGINT");
    assert.deepEqual(await run.exited, [0, null]);
    await assert.rejects(fetch(`${url}/status`), "the port is closed");
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
