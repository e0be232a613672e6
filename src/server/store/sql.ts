/** The database failed (unreachable, timed out, refused a statement): a `503` for whoever asked. */
export class StoreError extends Error {
  override readonly name = "StoreError";
}

/**
 * The driver's error without what it holds of the statement: PGlite's `query` and `params`,
 * PostgreSQL's `detail` ("Failing row contains …") carry a row's values, a user's href among them.
 */
function withoutValues(error: unknown): Error {
  const { name, message, stack, code }: Error & { code?: unknown } = error instanceof Error ? error : new Error();
  return Object.assign(new Error(message), { name, stack }, typeof code === "string" ? { code } : {});
}

/** Runs `work`, turning what the database throws into a `StoreError` (once). */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError("The verification store failed.", { cause: withoutValues(error) });
  }
}

/** The little of a database the store needs: the same SQL runs on PGlite and on PostgreSQL. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the store uses of a `pg.Pool`: typed here so that the package needs no `@types/pg`. */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  on(event: "error", listener: (error: Error) => void): unknown;
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}

export interface PgPoolClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  release(error?: Error | boolean): void;
}

/** What the store uses of a PGlite instance. */
export interface PGliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  transaction<T>(
    work: (tx: { query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> }) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

export function pgliteSql(db: PGliteLike): Sql {
  const over = (runner: Pick<PGliteLike, "query">, inTransaction: boolean): Sql => ({
    query: <Row>(text: string, params: readonly unknown[] = []) =>
      guarded(async () => (await runner.query<Row>(text, [...params])).rows),
    transaction: (work) =>
      inTransaction ? work(over(runner, true)) : guarded(() => db.transaction((tx) => work(over(tx, true)))),
    close: () => db.close(),
  });
  return over(db, false);
}

export function pgSql(pool: PgPool, ownsPool: boolean): Sql {
  const over = (client: PgPoolClient): Sql => ({
    query: <Row>(text: string, params: readonly unknown[] = []) =>
      guarded(async () => (await client.query(text, [...params])).rows as Row[]),
    transaction: (work) => work(over(client)),
    close: async () => {},
  });
  return {
    query: <Row>(text: string, params: readonly unknown[] = []) =>
      guarded(async () => (await pool.query(text, [...params])).rows as Row[]),
    async transaction(work) {
      const client = await guarded(() => pool.connect());
      let broken: Error | undefined;
      try {
        await guarded(() => client.query("BEGIN"));
        const result = await work(over(client));
        await guarded(() => client.query("COMMIT"));
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollback: unknown) => {
          broken = rollback instanceof Error ? rollback : new Error(String(rollback));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      if (ownsPool) await pool.end();
    },
  };
}
