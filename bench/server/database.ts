// The store a bench process opens, as the service's users open it, and one statement on the
// same database from outside the store: on PGlite the store's own instance (one connection, in
// this process), on PostgreSQL a pool of its own.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openVerificationStore, type VerificationStore } from "../../src/server/index.js";

export type StoreKind = "pglite" | "postgres";
export type Query = (text: string, params?: unknown[]) => Promise<unknown[]>;

export interface BenchDatabase {
  store: VerificationStore;
  /** The store's PGlite instance (on PGlite). */
  pglite: PGlite | undefined;
  openMs: number;
  /** One statement outside the store. */
  query: Query;
  /** Closes what `query` uses, then the store. */
  close(): Promise<void>;
}

// openVerificationStore makes its PGlite through PGlite.create: the bench takes hold of it there.
let created: PGlite | undefined;
const createPglite = PGlite.create.bind(PGlite);
(PGlite as unknown as { create: (...args: unknown[]) => Promise<PGlite> }).create = async (...args: unknown[]) => {
  created = await (createPglite as (...args: unknown[]) => Promise<PGlite>)(...args);
  return created;
};

export async function openBenchDatabase(kind: StoreKind, connectionString?: string): Promise<BenchDatabase> {
  const started = performance.now();
  const store = await openVerificationStore(kind === "postgres" ? { connectionString: connectionString! } : {});
  const openMs = performance.now() - started;
  if (kind === "pglite") {
    const db = created;
    if (!db) throw new Error("openVerificationStore did not open PGlite through PGlite.create");
    return {
      store,
      pglite: db,
      openMs,
      query: async (text, params) => (await db.query(text, params)).rows,
      close: () => store.close(),
    };
  }
  // As big as the store's pool (pg's default, 10).
  const pool = new pg.Pool({ connectionString: connectionString!, max: 10 });
  pool.on("error", () => {});
  return {
    store,
    pglite: undefined,
    openMs,
    query: async (text, params) => (await pool.query(text, params)).rows,
    async close() {
      await pool.end();
      await store.close();
    },
  };
}
