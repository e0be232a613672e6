// A small request/answer channel over Node's IPC between bench/server/run.ts and the processes
// it forks (the handlers' process, the mock's): every call is bounded in time.
import { type ChildProcess, fork } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

type Command = (args: never) => unknown;
type Commands = Record<string, Command>;

interface Call {
  id: number;
  command: string;
  args: unknown;
}

type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** In a forked process: answers the parent's calls with `commands`, then tells it that it is ready. */
export function serve(commands: Commands): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error("Run this file through bench/server/run.ts: it talks to its parent over IPC.");
  process.on("message", (message: Call) => {
    void (async () => {
      let answer: Answer;
      try {
        const command = commands[message.command];
        if (!command) throw new Error(`unknown command ${message.command}`);
        answer = { id: message.id, ok: true, result: await command(message.args as never) };
      } catch (error) {
        answer = {
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
      }
      send(answer);
    })();
  });
  // The parent going away ends this process too: nothing is left running.
  process.on("disconnect", () => process.exit(0));
  send({ ready: true });
}

export interface Child {
  pid: number;
  call<Result>(command: string, args?: unknown, timeoutMs?: number): Promise<Result>;
  /** Ends it (SIGTERM, then SIGKILL after 5 s) and waits for its exit. */
  stop(): Promise<void>;
}

/** Forks `file` under tsx and waits (at most `readyTimeoutMs`) until it serves. */
export function start(
  file: string,
  argv: string[],
  options: { execArgv?: string[]; readyTimeoutMs?: number } = {},
): Promise<Child> {
  const child: ChildProcess = fork(file, argv, {
    execArgv: ["--import", "tsx", ...(options.execArgv ?? [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve(value: unknown): void; reject(error: Error): void; timer: NodeJS.Timeout }
  >();
  let exited: Error | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = new Error(`${file} exited (${signal ?? code})`);
      for (const { reject, timer } of pending.values()) {
        clearTimeout(timer);
        reject(exited);
      }
      pending.clear();
      resolve();
    }),
  );
  child.on("message", (message: Answer | { ready: true }) => {
    if ("ready" in message) return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(`${file}: ${message.error}`));
  });

  const handle: Child = {
    pid: child.pid!,
    call<Result>(command: string, args?: unknown, timeoutMs = 120_000) {
      if (exited) return Promise.reject(exited);
      const id = nextId++;
      return new Promise<Result>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${file}: ${command} took over ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        child.send({ id, command, args } satisfies Call);
      });
    },
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(killer);
    },
  };

  return new Promise<Child>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${file} did not start within ${options.readyTimeoutMs ?? 60_000} ms`));
    }, options.readyTimeoutMs ?? 60_000);
    child.once("message", () => {
      clearTimeout(timer);
      resolve(handle);
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(exited);
    });
  });
}

let profiler: Session | undefined;

/** Commands of a forked process: a V8 CPU profile of itself, from profileStart to profileStop. */
export const profiling = {
  async profileStart() {
    profiler = new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
    await profiler.post("Profiler.start");
  },
  /** Writes the profile (a .cpuprofile for Chrome DevTools or speedscope) to `path`. */
  async profileStop(path: string) {
    if (!profiler) throw new Error("no profile running");
    const { profile } = await profiler.post("Profiler.stop");
    profiler.disconnect();
    profiler = undefined;
    await writeFile(path, JSON.stringify(profile));
    return path;
  },
};
