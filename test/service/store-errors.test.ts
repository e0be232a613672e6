// What the store's errors keep of the database's: its code and message, never a row's values
// (a workflow's row holds the user's href, its authorization token in it).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { inspect } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { pgliteSql, pgSql, type Sql, StoreError } from "../../src/server/store/sql.js";
import { startPostgres, type TestPostgres } from "../support/postgres.js";

const TOKEN = "authorizationToken=eyJhbGciOiJIUzI1NiJ9.secret-of-the-user";

async function refusedInsert(sql: Sql): Promise<unknown> {
  await sql.query("CREATE TABLE IF NOT EXISTS refusing (href text NOT NULL CHECK (href NOT LIKE '%secret%'))");
  return sql
    .query("INSERT INTO refusing (href) VALUES ($1)", [`https://acme.web.amer-1.jumio.ai/web/v4/app?${TOKEN}`])
    .then(
      () => assert.fail("the CHECK constraint should refuse the row"),
      (error: unknown) => error,
    );
}

function assertWithoutValues(error: unknown): void {
  assert.ok(error instanceof StoreError);
  const cause = error.cause as Error & { code?: string };
  assert.equal(cause.code, "23514", "the check violation's SQLSTATE is kept");
  assert.match(cause.message, /refusing/);
  // What console.error(error) and loggers that walk `cause` print.
  const printed = inspect(error, { depth: 10, showHidden: true });
  // PostgreSQL's detail cuts a long value short: the token's start is what it would show.
  assert.ok(!printed.includes("authorizationToken"), printed);
  assert.ok(!JSON.stringify(error).includes("authorizationToken"));
}

describe("a statement the database refuses", () => {
  let postgres: TestPostgres;
  before(async () => {
    postgres = await startPostgres();
  });
  after(async () => {
    await postgres?.stop();
  });

  it("on PGlite: a StoreError whose cause has neither the statement's params nor its query", async () => {
    const sql = pgliteSql(await PGlite.create());
    try {
      assertWithoutValues(await refusedInsert(sql));
    } finally {
      await sql.close();
    }
  });

  it("on PostgreSQL: a StoreError whose cause has not the detail naming the failing row", async () => {
    const sql = pgSql(new pg.Pool({ connectionString: postgres.connectionString }), true);
    try {
      assertWithoutValues(await refusedInsert(sql));
    } finally {
      await sql.close();
    }
  });
});
