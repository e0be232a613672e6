import type { Sql } from "./sql.js";

/** Serializes migrations of several instances starting at once on one PostgreSQL. */
const MIGRATION_LOCK = 0x6a756d696f; // "jumio"

/** Each entry runs once, in order, in one transaction; never edit one that has shipped: add another. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE jumio_workflows (
     workflow_execution_id text PRIMARY KEY,
     account_id text NOT NULL,
     user_reference text NOT NULL,
     callback_secret_sha256 text NOT NULL,
     href text NOT NULL,
     status text NOT NULL DEFAULT 'INITIATED',
     decision text,
     details jsonb,
     token_expires_at timestamptz NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE INDEX jumio_workflows_by_user ON jumio_workflows (user_reference, created_at DESC);
   CREATE INDEX jumio_workflows_unfinished ON jumio_workflows (created_at)
     WHERE status IN ('INITIATED', 'ACQUIRED');

   CREATE TABLE jumio_callbacks (
     workflow_execution_id text NOT NULL REFERENCES jumio_workflows ON DELETE CASCADE,
     body_sha256 text NOT NULL,
     status text NOT NULL,
     sent_at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     remote_address text,
     PRIMARY KEY (workflow_execution_id, body_sha256)
   );

   CREATE TABLE jumio_work (
     workflow_execution_id text NOT NULL REFERENCES jumio_workflows ON DELETE CASCADE,
     kind text NOT NULL CHECK (kind IN ('retrieve', 'decide')),
     reason text NOT NULL CHECK (reason IN ('callback', 'poll', 'final')),
     attempts integer NOT NULL DEFAULT 0,
     generation integer NOT NULL DEFAULT 0,
     holder text,
     leased_until timestamptz,
     last_error text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (workflow_execution_id, kind)
   );

   CREATE TABLE jumio_idempotency_keys (
     user_reference text NOT NULL,
     idempotency_key text NOT NULL,
     workflow_execution_id text NOT NULL REFERENCES jumio_workflows ON DELETE CASCADE,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (user_reference, idempotency_key)
   );

   CREATE TABLE jumio_user_leases (
     user_reference text PRIMARY KEY,
     holder text NOT NULL,
     leased_until timestamptz NOT NULL
   );`,
  // A callback's secret may be another workflow's of its account (an Account Update's callbackUrl).
  `CREATE INDEX jumio_workflows_by_account_secret ON jumio_workflows (account_id, callback_secret_sha256);`,
  // recordCallback's one statement, as a function: a connection plans it once, not at every callback.
  // ($1 workflow execution id, $2 account id, $3 secret hash, $4 body hash, $5 status, $6 sent at, $7 address.)
  `CREATE FUNCTION jumio_record_callback(text, text, text, text, text, timestamptz, text)
     RETURNS TABLE (outcome text) LANGUAGE plpgsql AS $$
   BEGIN
     RETURN QUERY
     WITH workflow AS (
       SELECT w.workflow_execution_id, w.status, w.account_id = $2 AS same_account,
         (w.callback_secret_sha256 = $3 OR EXISTS (SELECT 1 FROM jumio_workflows other
           WHERE other.account_id = w.account_id AND other.callback_secret_sha256 = $3)) AS secret_known
       FROM jumio_workflows w WHERE w.workflow_execution_id = $1
     ), recorded AS (
       INSERT INTO jumio_callbacks (workflow_execution_id, body_sha256, status, sent_at, remote_address)
       SELECT workflow.workflow_execution_id, $4, $5, $6, $7 FROM workflow
       WHERE workflow.same_account AND workflow.secret_known
       ON CONFLICT DO NOTHING RETURNING 1
     ), queued AS (
       INSERT INTO jumio_work (workflow_execution_id, kind, reason)
       SELECT workflow.workflow_execution_id, 'retrieve', 'callback' FROM workflow
       WHERE workflow.status NOT IN ('PROCESSED', 'SESSION_EXPIRED', 'TOKEN_EXPIRED') AND EXISTS (SELECT 1 FROM recorded)
       ON CONFLICT (workflow_execution_id, kind)
         DO UPDATE SET reason = 'callback', generation = jumio_work.generation + 1
       RETURNING 1
     )
     SELECT CASE
         WHEN NOT workflow.same_account THEN 'wrong_account'
         WHEN NOT workflow.secret_known THEN 'wrong_secret'
         WHEN EXISTS (SELECT 1 FROM queued) THEN 'queued'
         WHEN EXISTS (SELECT 1 FROM recorded) THEN 'recorded'
         ELSE 'duplicate'
       END
     FROM workflow; END
   $$`,
  // finish()'s one statement, as a function for the same reason ($1 id, $2 status, $3 decision, $4 details).
  `CREATE FUNCTION jumio_finish(text, text, text, jsonb)
     RETURNS TABLE (finished boolean) LANGUAGE plpgsql AS $$
   BEGIN
     RETURN QUERY
     WITH updated AS (
       UPDATE jumio_workflows SET status = $2, decision = $3, details = $4, updated_at = now()
       WHERE workflow_execution_id = $1 AND status NOT IN ('PROCESSED', 'SESSION_EXPIRED', 'TOKEN_EXPIRED')
       RETURNING workflow_execution_id
     ), decide AS (
       INSERT INTO jumio_work (workflow_execution_id, kind, reason)
       SELECT updated.workflow_execution_id, 'decide', 'final' FROM updated ON CONFLICT DO NOTHING
     ), ended AS (
       DELETE FROM jumio_work WHERE workflow_execution_id = $1 AND kind = 'retrieve'
     )
     SELECT EXISTS (SELECT 1 FROM updated); END
   $$`,
  // When reconcile last queued a poll of the workflow: the least recently polled go first.
  "ALTER TABLE jumio_workflows ADD COLUMN polled_at timestamptz",
  // The record of migration 3, keeping at most 100 callbacks a workflow (records.ts,
  // MAX_CALLBACKS_PER_WORKFLOW): one more is 'not_kept' and changes nothing, as a duplicate.
  `CREATE OR REPLACE FUNCTION jumio_record_callback(text, text, text, text, text, timestamptz, text)
     RETURNS TABLE (outcome text) LANGUAGE plpgsql AS $$
   BEGIN
     RETURN QUERY
     WITH workflow AS (
       SELECT w.workflow_execution_id, w.status, w.account_id = $2 AS same_account,
         (w.callback_secret_sha256 = $3 OR EXISTS (SELECT 1 FROM jumio_workflows other
           WHERE other.account_id = w.account_id AND other.callback_secret_sha256 = $3)) AS secret_known,
         (SELECT count(*) FROM (SELECT 1 FROM jumio_callbacks c
           WHERE c.workflow_execution_id = $1 LIMIT 100) kept) = 100 AS full
       FROM jumio_workflows w WHERE w.workflow_execution_id = $1
     ), recorded AS (
       INSERT INTO jumio_callbacks (workflow_execution_id, body_sha256, status, sent_at, remote_address)
       SELECT workflow.workflow_execution_id, $4, $5, $6, $7 FROM workflow
       WHERE workflow.same_account AND workflow.secret_known AND NOT workflow.full
       ON CONFLICT DO NOTHING RETURNING 1
     ), queued AS (
       INSERT INTO jumio_work (workflow_execution_id, kind, reason)
       SELECT workflow.workflow_execution_id, 'retrieve', 'callback' FROM workflow
       WHERE workflow.status NOT IN ('PROCESSED', 'SESSION_EXPIRED', 'TOKEN_EXPIRED') AND EXISTS (SELECT 1 FROM recorded)
       ON CONFLICT (workflow_execution_id, kind)
         DO UPDATE SET reason = 'callback', generation = jumio_work.generation + 1
       RETURNING 1
     )
     SELECT CASE
         WHEN NOT workflow.same_account THEN 'wrong_account'
         WHEN NOT workflow.secret_known THEN 'wrong_secret'
         WHEN EXISTS (SELECT 1 FROM queued) THEN 'queued'
         WHEN EXISTS (SELECT 1 FROM recorded) THEN 'recorded'
         WHEN workflow.full AND NOT EXISTS (SELECT 1 FROM jumio_callbacks c
           WHERE c.workflow_execution_id = $1 AND c.body_sha256 = $4) THEN 'not_kept'
         ELSE 'duplicate'
       END
     FROM workflow; END
   $$`,
  // When reconcile may try a Retrieval that keeps failing again (null: now). A new callback
  // (its generation) makes it due at once and starts its count of tries over.
  `ALTER TABLE jumio_work ADD COLUMN due_at timestamptz;
   CREATE FUNCTION jumio_work_due_again() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN NEW.due_at := NULL; NEW.attempts := 0; RETURN NEW; END
   $$;
   CREATE TRIGGER jumio_work_new_generation BEFORE UPDATE OF generation ON jumio_work
     FOR EACH ROW WHEN (NEW.generation <> OLD.generation) EXECUTE FUNCTION jumio_work_due_again();`,
  // The Jumio account of a user whose workflow the store did not keep: their retry updates it, whichever instance gets it.
  `CREATE TABLE jumio_accounts_without_workflow (
     user_reference text PRIMARY KEY,
     account_id text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   );`,
  // What forget() has still to delete at Jumio, naming no user: an account ('' for the workflow),
  // or one workflow of an account another user's workflows are on. due_at also holds a claim.
  `CREATE TABLE jumio_erasures (
     account_id text NOT NULL,
     workflow_execution_id text NOT NULL DEFAULT '',
     attempts integer NOT NULL DEFAULT 0,
     due_at timestamptz,
     last_error text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (account_id, workflow_execution_id)
   );`,
];

export async function migrate(sql: Sql): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(
      "CREATE TABLE IF NOT EXISTS jumio_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const [row] = await tx.query<{ version: number | null }>("SELECT max(version) AS version FROM jumio_migrations");
    for (let version = (row?.version ?? 0) + 1; version <= MIGRATIONS.length; version++) {
      for (const statement of MIGRATIONS[version - 1]!.split(/;\s*$/m).filter((text) => text.trim() !== "")) {
        await tx.query(statement);
      }
      await tx.query("INSERT INTO jumio_migrations (version) VALUES ($1)", [version]);
    }
  });
}
