// What the specs that build an app from the packed package share: the package as `npm pack`
// makes it, free ports, and the app's processes (a dev server, a backend, the CLI mock).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify, stripVTControlCharacters } from "node:util";

const ROOT = new URL("../../../", import.meta.url).pathname;
export const run = promisify(execFile);

/** The environment a user's shell gives the app: not this process's NODE_ENV, which an in-process vite dev server of another spec sets to development. */
export function userEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV: _, ...env } = process.env;
  return env;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Installs this package into `dir` as users get it: `npm pack` (of the built `dist`), then `npm install` of that file. */
export async function installPacked(dir: string): Promise<void> {
  const packed = mkdtempSync(join(tmpdir(), "jumio-verification-pack-"));
  try {
    const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packed], {
      cwd: ROOT,
    });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    await run("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", join(packed, filename)], {
      cwd: dir,
    });
  } finally {
    rmSync(packed, { recursive: true, force: true });
  }
}

export interface Started {
  /** Every line it printed so far, stdout and stderr, without terminal colours. */
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

/** Starts `command` and resolves once a line of its output matches `ready`; its stderr also goes to the test's. */
export async function start(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp },
): Promise<Started> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  await new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (colored) => {
        const line = stripVTControlCharacters(colored);
        lines.push(line);
        if (options.ready.test(line)) resolve();
      });
    }
    void exited.then(() => reject(new Error(`${command} exited before it was ready:\n${lines.join("\n")}`)));
  });
  return {
    lines,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
