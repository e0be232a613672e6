import { createHash, randomUUID } from "node:crypto";
import {
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { hostname } from "node:os";
import { basename, join, resolve } from "node:path";
import { migrate } from "./migrations.js";
import { createRecords, type Records } from "./records.js";
import { type PGliteLike, type PgPool, pgliteSql, pgSql, type Sql } from "./sql.js";

export type VerificationStoreOptions =
  /** PGlite (embedded PostgreSQL) on disk in this folder; without it, in memory. One process per folder. */
  | { dataDir?: string }
  /** PostgreSQL at this URL: several service instances can share it. */
  | { connectionString: string }
  /** PostgreSQL through your own `pg.Pool` (left open by `close()`). */
  | { pool: PgPool };

/** Where the verification service keeps workflows, callbacks and the work still to do. */
export interface VerificationStore {
  readonly kind: "pglite" | "postgres";
  /** Releases the database (PGlite, or the pool it made). */
  close(): Promise<void>;
}

const internals = new WeakMap<VerificationStore, Records>();
const databases = new WeakMap<VerificationStore, Sql>();

/** @internal The statements over a store opened by `openVerificationStore`. */
export function recordsOf(store: VerificationStore): Records {
  const records = internals.get(store);
  if (!records)
    throw new TypeError(
      "Pass a store made by openVerificationStore() of this copy of jumio-verification (a bundler may load two).",
    );
  return records;
}

/** @internal The store's database, for tests that read what no statement of the service reads. */
export function sqlOf(store: VerificationStore): Sql {
  recordsOf(store);
  return databases.get(store)!;
}

async function load<Module>(name: string): Promise<Module> {
  try {
    // Left to Node: a bundler (Next.js's Turbopack, webpack) cannot resolve a computed import.
    return (await import(/* webpackIgnore: true */ name)) as Module;
  } catch (error) {
    const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND";
    if (!missing) throw error;
    throw new Error(`openVerificationStore needs the ${name} package: npm install ${name}`, { cause: error });
  }
}

const code = (error: unknown) => (error as { code?: string }).code;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) === "EPERM";
  }
};

/** A holder refreshes its lock this often; one left unrefreshed for STALE_MS is taken over (its pid may be another's now). */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;

/**
 * The holders (`{pid}.{start}@{scope}-{token}`) of the PGlite locks this thread holds or is
 * taking: one set for every copy of this module in the thread (a bundler may make several).
 */
const HELD = Symbol.for("jumio-verification.pglite-holders");
const shared = globalThis as typeof globalThis & { [HELD]?: Set<string> };
shared[HELD] ??= new Set<string>();
const held = shared[HELD];

/**
 * Where this process's pid means what it says: this machine, this boot, this pid namespace (a
 * container has its own, where pid 1 is common). Another scope's holder is judged by its
 * refreshes alone.
 */
const scope = (async () => {
  const read = (what: Promise<string>) => what.catch(() => "");
  const parts = [
    hostname(),
    await read(readFile("/proc/sys/kernel/random/boot_id", "utf8")),
    await read(readlink("/proc/self/ns/pid")),
  ];
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
})();

/**
 * When this process started, in ms of the monotonic clock (wall-clock steps do not move it): the
 * same in its worker threads, another for an earlier process that had its pid.
 */
const started = Math.round(Number(process.hrtime.bigint() / 1_000_000n) - process.uptime() * 1000);
const isThisProcess = (pid: number, start: number) => pid === process.pid && Math.abs(start - started) < 1000;

/**
 * A holder file's pid, start and scope (a name of 2026-12 has no start); none for the names of
 * earlier versions (`{pid}-{token}`, or a file holding the pid).
 */
const holderOf = (name: string) => /^(\d+)(?:\.(\d+))?@([0-9a-f]{16})-/.exec(name) ?? undefined;

/**
 * Takes the folder for this thread: two processes or threads (or two opens in one) on one
 * PGlite folder lose each other's writes without an error.
 *
 * The lock is a folder, `jumio-verification.lock`, holding one empty file named after its
 * holder, `{pid}.{start}@{scope}-{random token}`, whose mtime the holder refreshes. A process
 * takes the lock by renaming a folder it prepared onto it, which succeeds only while the lock
 * is absent or empty: so a lock is never seen half written, and only one process takes it. A
 * holder whose process is gone (in this scope), or that has not refreshed its file for a
 * minute, is removed by unlinking that file: a name no other holder has, so a live lock is
 * never removed in its place. A holder that finds its lock taken over calls `lost`.
 */
async function lockFolder(dataDir: string, lost: () => void): Promise<() => Promise<void>> {
  const folder = resolve(dataDir);
  const lock = join(folder, "jumio-verification.lock");
  const holder = `${process.pid}.${started}@${await scope}-${randomUUID()}`;
  const mine = `${lock}-${holder}`;
  held.add(holder);
  try {
    await mkdir(mine, { recursive: true });
    await writeFile(join(mine, holder), "");
    for (;;) {
      try {
        await rename(mine, lock);
        break;
      } catch (error) {
        if (!["ENOTEMPTY", "EEXIST", "ENOTDIR"].includes(code(error)!)) throw error;
      }
      await removeStaleHolders(lock, dataDir, await scope);
    }
  } catch (error) {
    held.delete(holder);
    await rm(mine, { recursive: true, force: true });
    throw error;
  }
  let released = false;
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(join(lock, holder), now, now).catch((error) => {
      if (released || code(error) !== "ENOENT") return;
      clearInterval(heartbeat);
      process.emitWarning(
        `${dataDir} was taken over by another process or thread: this one left its lock unrefreshed too long, and stops using the store.`,
      );
      lost();
    });
  }, HEARTBEAT_MS).unref();
  return async () => {
    released = true;
    clearInterval(heartbeat);
    // Only this process's holder file; the lock folder only if then empty (not another's lock).
    await unlink(join(lock, holder)).catch(() => {});
    await rmdir(lock).catch(() => {});
    held.delete(holder);
  };
}

/** The error of an open refused because the folder is another's: `code` "EBUSY", as Node names a busy resource. */
const busy = (message: string) => Object.assign(new Error(message), { code: "EBUSY" });

/** Removes the lock's holders whose process is gone or that went unrefreshed; throws if one is alive. */
async function removeStaleHolders(lock: string, dataDir: string, ourScope: string): Promise<void> {
  let holders: string[];
  try {
    holders = (await readdir(lock)).map((name) => join(lock, name));
  } catch (error) {
    if (code(error) === "ENOENT") return;
    if (code(error) !== "ENOTDIR") throw error;
    holders = [lock]; // a file holding only a pid, as an earlier version wrote
  }
  for (const path of holders) {
    const name = basename(path);
    if (held.has(name))
      throw busy(
        `${dataDir} is open already in this process: open the store and make the service once, and share them.`,
      );
    const [, pidText, startText, theirScope] = holderOf(name) ?? [];
    const pid = path === lock ? Number(await readFile(lock, "utf8").catch(() => "")) : Number.parseInt(name, 10);
    const found = await stat(path).catch(() => undefined);
    if (found === undefined) continue;
    // The pid file replaced by a lock folder meanwhile: look again.
    if (path === lock && found.isDirectory()) return;
    const age = Date.now() - found.mtimeMs;
    const fresh = age < STALE_MS;
    const one = "a PGlite folder belongs to one process (use PostgreSQL for several)";
    const byAge = `(refreshed ${Math.round(age / 1000)} s ago; taken over once a minute old): ${one}.`;
    const theirPid = Number(pidText);
    if (theirScope !== ourScope) {
      if (fresh)
        throw busy(
          `${dataDir} is open in process ${pid} of another host or container, or of an earlier version ${byAge}`,
        );
    } else if (fresh && isThisProcess(theirPid, Number(startText))) {
      throw busy(
        `${dataDir} is open in another thread of this process: open it in one thread (use PostgreSQL to share it).`,
      );
    } else if (fresh && theirPid === process.pid && startText === undefined) {
      throw busy(
        `${dataDir} is open in this process by an older copy of jumio-verification, or was in an earlier process ` +
          `with its pid ${byAge}`,
      );
    } else if (fresh && theirPid !== process.pid && isAlive(theirPid)) {
      throw busy(`${dataDir} is open in process ${pid}: ${one}.`);
    }
    // Gone, unrefreshed, or of an earlier process that had this pid (another start): taken over.
    await unlink(path).catch(async (error) => {
      if (code(error) === "ENOENT") return; // taken over already
      // The pid file replaced by a lock folder meanwhile (EISDIR on Linux, EPERM on macOS): look again.
      if (path !== lock || !(await stat(lock).catch(() => undefined))?.isDirectory()) throw error;
    });
  }
}

/**
 * The PGlite on a folder until another process takes the folder over: from then on it refuses
 * every statement, and is left unclosed, since a clean close writes its own pages and a
 * checkpoint into the other's folder.
 */
function untilTakenOver(db: PGliteLike, takenOver: () => boolean, dataDir: string): PGliteLike {
  const check = () => {
    if (takenOver())
      throw new Error(`${dataDir} was taken over by another process or thread: this store no longer uses it.`);
  };
  const checked = (runner: Pick<PGliteLike, "query">): Pick<PGliteLike, "query"> => ({
    query: (text, params) => {
      check();
      return runner.query(text, params);
    },
  });
  return {
    ...checked(db),
    transaction: (work) => {
      check();
      return db.transaction((tx) => work(checked(tx)));
    },
    close: () => (takenOver() ? Promise.resolve() : db.close()),
  };
}

async function connect(options: VerificationStoreOptions): Promise<[VerificationStore["kind"], Sql]> {
  if ("pool" in options) return ["postgres", pgSql(options.pool, false)];
  if ("connectionString" in options) {
    const { default: pg } = await load<{ default: { Pool: new (config: object) => PgPool } }>("pg");
    // A database that stops answering fails a request within seconds (a 503), rather than holding it.
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      connectionTimeoutMillis: 5000,
      query_timeout: 10_000,
    });
    // An idle connection the server dropped (a restart) is an event, not a crash: the pool replaces it.
    pool.on("error", () => {});
    return ["postgres", pgSql(pool, true)];
  }
  const { PGlite } = await load<{ PGlite: { create(dataDir?: string): Promise<PGliteLike> } }>("@electric-sql/pglite");
  if (options.dataDir === undefined) return ["pglite", pgliteSql(await PGlite.create())];
  let takenOver = false;
  const unlock = await lockFolder(options.dataDir, () => {
    takenOver = true;
  });
  try {
    const sql = pgliteSql(untilTakenOver(await PGlite.create(options.dataDir), () => takenOver, options.dataDir));
    let closing: Promise<void> | undefined;
    return ["pglite", { ...sql, close: () => (closing ??= sql.close().finally(unlock)) }];
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * Opens the store and brings its tables up to date: PGlite in memory when given nothing,
 * on disk with `dataDir`, or PostgreSQL with `connectionString` or `pool`.
 */
export async function openVerificationStore(options: VerificationStoreOptions = {}): Promise<VerificationStore> {
  const [kind, sql] = await connect(options);
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => {});
    throw error;
  }
  const store: VerificationStore = { kind, close: () => sql.close() };
  const records = createRecords(sql);
  if (kind === "pglite") await records.voidLeases();
  internals.set(store, records);
  databases.set(store, sql);
  return store;
}
