import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
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

/** @internal The statements over a store opened by `openVerificationStore`. */
export function recordsOf(store: VerificationStore): Records {
  const records = internals.get(store);
  if (!records) throw new TypeError("Pass a store made by openVerificationStore().");
  return records;
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

/** The PGlite folders this process has open. */
const openDirs = new Set<string>();

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
};

/**
 * Takes the folder for this process: two processes (or two opens in one) on one PGlite folder
 * lose each other's writes without an error. A lock whose process is gone is taken over.
 */
async function lockFolder(dataDir: string): Promise<() => Promise<void>> {
  const folder = resolve(dataDir);
  const lock = join(folder, "jumio-verification.lock");
  if (openDirs.has(folder))
    throw new Error(`${dataDir} is open already in this process: open the store once and share it.`);
  await mkdir(folder, { recursive: true });
  for (;;) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      openDirs.add(folder);
      return async () => {
        openDirs.delete(folder);
        await rm(lock, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
    const holder = Number(await readFile(lock, "utf8").catch(() => ""));
    if (holder > 0 && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `${dataDir} is open in process ${holder}: a PGlite folder belongs to one process (use PostgreSQL for several).`,
      );
    }
    await rm(lock, { force: true });
  }
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
  const unlock = await lockFolder(options.dataDir);
  try {
    const sql = pgliteSql(await PGlite.create(options.dataDir));
    return ["pglite", { ...sql, close: () => sql.close().finally(unlock) }];
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
  return store;
}
