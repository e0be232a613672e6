import { after, before, describe } from "node:test";
import { openVerificationStore, type VerificationStore } from "../../src/server/index.js";
import { startPostgres, type TestPostgres } from "../support/postgres.js";

export interface StoreUnderTest {
  kind: "pglite" | "postgres";
  store(): VerificationStore;
  /** The PostgreSQL server, for the postgres kind. */
  postgres(): TestPostgres | undefined;
}

/** Defines the same tests on PGlite in memory and on a real PostgreSQL, each opened once for the file. */
export function onEachStore(define: (target: StoreUnderTest) => void): void {
  for (const kind of ["pglite", "postgres"] as const) {
    describe(kind, () => {
      let store: VerificationStore;
      let postgres: TestPostgres | undefined;
      before(async () => {
        if (kind === "postgres") postgres = await startPostgres();
        store = await openVerificationStore(postgres ? { connectionString: postgres.connectionString } : {});
      });
      after(async () => {
        await store?.close();
        await postgres?.stop();
      });
      define({ kind, store: () => store, postgres: () => postgres });
    });
  }
}
