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
  transaction<T>(work: (tx: { query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function pgliteSql(db: PGliteLike): Sql {
  const over = (runner: Pick<PGliteLike, "query">, inTransaction: boolean): Sql => ({
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await runner.query<Row>(text, [...params])).rows,
    transaction: (work) => (inTransaction ? work(over(runner, true)) : db.transaction((tx) => work(over(tx, true)))),
    close: () => db.close(),
  });
  return over(db, false);
}

export function pgSql(pool: PgPool, ownsPool: boolean): Sql {
  const over = (client: PgPoolClient): Sql => ({
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await client.query(text, [...params])).rows as Row[],
    transaction: (work) => work(over(client)),
    close: async () => {},
  });
  return {
    query: async <Row>(text: string, params: readonly unknown[] = []) => (await pool.query(text, [...params])).rows as Row[],
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work(over(client));
        await client.query("COMMIT");
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
