// A throwaway PostgreSQL for one test file: a fresh cluster in a temporary directory on a free
// port, or, with JUMIO_TEST_DATABASE_URL set, a fresh database on that server.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

export interface TestPostgres {
  /** `postgresql://…` for pg's `Client` or `Pool`. */
  connectionString: string;
  /** Takes the server away: open connections end, new ones are refused. Its data stays. */
  pause(): Promise<void>;
  /** Brings it back on the same data and port. */
  resume(): Promise<void>;
  /** Takes it away for good, its data with it. */
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server of its own (`initdb`, `pg_ctl`; as root as the `postgres` user,
 * since both refuse root), without durability (fsync off): `stop()` it at the end of the file.
 * With JUMIO_TEST_DATABASE_URL, creates a database of a random name there instead (dropped by
 * `stop()`), reached through a local relay that `pause()` closes; the server itself runs on.
 */
export function startPostgres(): Promise<TestPostgres> {
  const url = process.env.JUMIO_TEST_DATABASE_URL;
  return url ? startOnServer(url) : startLocal();
}

const execFileAsync = promisify(execFile);
const asRoot = process.getuid?.() === 0;

function binDir(): string {
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian) ? readdirSync(debian).filter((name) => /^\d+$/.test(name)) : [];
  const dirs = [
    ...versions.sort((a, b) => Number(b) - Number(a)).map((version) => join(debian, version, "bin")),
    ...(process.env.PATH ?? "").split(delimiter).filter(Boolean),
  ];
  const dir = dirs.find((path) => existsSync(join(path, "initdb")) && existsSync(join(path, "pg_ctl")));
  if (!dir)
    throw new Error(
      "No PostgreSQL (initdb, pg_ctl) for the tests: run `npm run prerequisites`, or set JUMIO_TEST_DATABASE_URL.",
    );
  return dir;
}

async function run(bin: string, program: string, args: string[], cwd: string): Promise<void> {
  const path = join(bin, program);
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, args];
  try {
    await execFileAsync(file, argv, { cwd });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${program} ${args.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function postgresOwner(): { uid: number; gid: number } {
  const id = (flag: string) => Number.parseInt(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout, 10);
  const owner = { uid: id("-u"), gid: id("-g") };
  if (Number.isNaN(owner.uid) || Number.isNaN(owner.gid)) {
    throw new Error(
      "As root the tests run PostgreSQL as the `postgres` user, and there is none: run `npm run prerequisites`.",
    );
  }
  return owner;
}

// Servers a crashed test file left running end with it.
const running = new Map<string, { bin: string; data: string }>();
process.on("exit", () => {
  for (const [base, { bin, data }] of running) {
    const args = ["-D", data, "-m", "immediate", "stop"];
    const pgCtl = join(bin, "pg_ctl");
    spawnSync(asRoot ? "runuser" : pgCtl, asRoot ? ["-u", "postgres", "--", pgCtl, ...args] : args, {
      cwd: base,
      stdio: "ignore",
    });
    rmSync(base, { recursive: true, force: true });
  }
});

async function startLocal(): Promise<TestPostgres> {
  const bin = binDir();
  const base = mkdtempSync(join(tmpdir(), "jumio-pg-"));
  const data = join(base, "data");
  const log = join(base, "postgres.log");
  try {
    if (asRoot) {
      const { uid, gid } = postgresOwner();
      chownSync(base, uid, gid);
    }
    await run(
      bin,
      "initdb",
      ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      base,
    );
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  let up = false;
  const start = async () => {
    const options = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      await run(bin, "pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "start"], base);
    } catch (error) {
      const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-10).join("\n") : "";
      throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
    }
    up = true;
    running.set(base, { bin, data });
  };
  const halt = async () => {
    if (!up) return;
    await run(bin, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"], base);
    up = false;
  };

  // The free port can be taken again before the server binds it: then another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt === 3) {
        rmSync(base, { recursive: true, force: true });
        throw error;
      }
    }
  }

  return {
    connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    pause: halt,
    resume: () => (up ? Promise.resolve() : start()),
    async stop() {
      await halt();
      running.delete(base);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Where pg would connect for `url`: a TCP host and port, or a Unix socket (`?host=/dir`). */
function serverAddress(url: URL): { host: string; port: number } | { path: string } {
  const host = url.searchParams.get("host") ?? (url.hostname.replace(/^\[|\]$/g, "") || "localhost");
  const port = Number(url.port || 5432);
  return host.startsWith("/") ? { path: `${host}/.s.PGSQL.${port}` } : { host, port };
}

async function startOnServer(url: string): Promise<TestPostgres> {
  const name = `jumio_test_${randomBytes(6).toString("hex")}`;
  await admin(url, `CREATE DATABASE ${name}`);

  const target = new URL(url);
  const address = serverAddress(target);
  const sockets = new Set<Socket>();
  const relay = createServer((socket) => {
    const upstream = connect(address);
    for (const [from, to] of [
      [socket, upstream],
      [upstream, socket],
    ] as const) {
      sockets.add(from);
      from.pipe(to);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) =>
      relay.once("error", reject).listen(port, "127.0.0.1", () => {
        relay.off("error", reject);
        resolve();
      }),
    );
  const close = () => {
    if (!relay.listening) return Promise.resolve();
    const closed = new Promise<void>((resolve) => relay.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    return closed;
  };
  await listen(0);
  const { port } = relay.address() as AddressInfo;

  const relayed = new URL(url);
  relayed.hostname = "127.0.0.1";
  relayed.port = String(port);
  relayed.pathname = `/${name}`;
  relayed.searchParams.delete("host");
  return {
    connectionString: relayed.href,
    pause: close,
    resume: () => (relay.listening ? Promise.resolve() : listen(port)),
    async stop() {
      await close();
      await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
