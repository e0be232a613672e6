import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { startPostgres, type TestPostgres } from "./postgres.js";

async function query(connectionString: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  client.on("error", () => {}); // the server going away while the client is idle
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("startPostgres", () => {
  let postgres: TestPostgres;
  before(async () => {
    postgres = await startPostgres();
  });
  after(() => postgres?.stop());

  it("answers a query", async () => {
    assert.deepEqual(await query(postgres.connectionString, "SELECT 1 AS one"), [{ one: 1 }]);
  });

  it("refuses queries while paused, and after resume() has kept what was written before", async () => {
    await query(postgres.connectionString, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
    const open = new pg.Client({ connectionString: postgres.connectionString });
    open.on("error", () => {});
    await open.connect();

    await postgres.pause();
    await assert.rejects(open.query("SELECT 1"));
    await assert.rejects(query(postgres.connectionString, "SELECT 1"));

    await postgres.resume();
    assert.deepEqual(await query(postgres.connectionString, "SELECT id FROM kept"), [{ id: 7 }]);
    await open.end().catch(() => {});
  });

  it("is gone after stop()", async () => {
    const other = await startPostgres();
    await query(other.connectionString, "SELECT 1");
    await other.stop();
    await assert.rejects(query(other.connectionString, "SELECT 1"));
  });
});
