import type { WorkflowDetails } from "../schemas/retrieval.js";
import type { Sql } from "./sql.js";

/** The guide's workflow statuses (Retrieval: status); the last three are final. */
export type VerificationStatus = "INITIATED" | "ACQUIRED" | "PROCESSED" | "SESSION_EXPIRED" | "TOKEN_EXPIRED";
export const FINAL_STATUSES: readonly VerificationStatus[] = ["PROCESSED", "SESSION_EXPIRED", "TOKEN_EXPIRED"];
export const isFinal = (status: string): boolean => (FINAL_STATUSES as readonly string[]).includes(status);

/** One verification as the store knows it: the decision comes from Retrieval, never from a callback body. */
export interface Verification {
  workflowExecutionId: string;
  accountId: string;
  /** The user it was created for (Account Create's `userReference`), as stored then. */
  userReference: string;
  status: VerificationStatus;
  /** `details.decision.type`, once PROCESSED. */
  decision?: "PASSED" | "REJECTED" | "WARNING" | "NOT_EXECUTED" | (string & {});
  /** The Retrieval answer the decision came from. */
  details?: WorkflowDetails;
  createdAt: string;
  updatedAt: string;
}

/** A workflow with what only the service sees: its href, its token's time left and its callback secret's hash. */
export interface WorkflowRecord extends Verification {
  href: string;
  /** By the database's clock, which every instance shares. */
  tokenMsLeft: number;
  callbackSecretSha256: string;
}

export interface NewWorkflow {
  workflowExecutionId: string;
  accountId: string;
  userReference: string;
  href: string;
  callbackSecretSha256: string;
  tokenLifetimeSeconds: number;
}

export type WorkKind = "retrieve" | "decide";
export type WorkReason = "callback" | "poll" | "final";

/** A piece of work as one holder took it. */
export interface Claim {
  id: string;
  /** The workflow's Jumio account: what Retrieval is asked with. */
  accountId: string;
  kind: WorkKind;
  holder: string;
  reason: WorkReason;
  generation: number;
  /** Tries of this work since its last callback, this one included. */
  attempts: number;
}

export interface ReceivedCallback {
  workflowExecutionId: string;
  /** The account the callback names: it must be the workflow's. */
  accountId: string;
  /** The hash of the secret in the callback's URL: the workflow's, or another the service gave its account. */
  secretSha256: string;
  bodySha256: string;
  status: string;
  sentAt: string;
  remoteAddress: string | undefined;
}

/**
 * Callbacks kept per workflow (the guide names three final statuses; Jumio may send each more
 * than once): a sender holding a workflow's secret cannot grow the store without bound.
 */
export const MAX_CALLBACKS_PER_WORKFLOW = 100;

/**
 * What became of a callback: refused (and nothing changed), a duplicate, not kept (the
 * workflow has MAX_CALLBACKS_PER_WORKFLOW already; nothing changed), or recorded — with its
 * retrieval queued, unless the workflow was final already.
 */
export type CallbackOutcome =
  | "unknown_workflow"
  | "wrong_account"
  | "wrong_secret"
  | "duplicate"
  | "not_kept"
  | "recorded"
  | "queued";

/** What `forget()` asked Jumio to delete: an account, or one workflow of it. */
export interface Erasure {
  accountId: string;
  /** Only this workflow of the account: another user's workflows are on it too. */
  workflowExecutionId?: string;
  /** Tries of it, this one included. */
  attempts: number;
}

/** What the store deleted of a user, and what is still to delete at Jumio. */
export interface ForgottenUser {
  /** The user's workflows deleted, with their details, callbacks, work and keys. */
  verifications: number;
  /** Their accounts (or workflows) to delete at Jumio. */
  atJumio: number;
  /** Those of them claimed for this call: the rest another call is deleting. */
  claimed: Erasure[];
}

interface ErasureRow {
  account_id: string;
  workflow_execution_id: string;
  attempts: number;
}

const toErasure = (row: ErasureRow): Erasure => ({
  accountId: row.account_id,
  ...(row.workflow_execution_id === "" ? {} : { workflowExecutionId: row.workflow_execution_id }),
  attempts: row.attempts,
});

interface WorkflowRow {
  workflow_execution_id: string;
  account_id: string;
  user_reference: string;
  status: VerificationStatus;
  decision: string | null;
  details: WorkflowDetails | null;
  href: string;
  token_ms_left: number;
  callback_secret_sha256: string;
  created_at: Date;
  updated_at: Date;
}

const FINAL_LIST = `('PROCESSED', 'SESSION_EXPIRED', 'TOKEN_EXPIRED')`;
/** How long forget waits for a row another statement holds before it gives way (under deadlock_timeout's 1 s). */
const FORGET_LOCK_WAIT_MS = 200;
/** PostgreSQL's lock_not_available: lock_timeout passed. */
const LOCK_NOT_AVAILABLE = "55P03";

/** How long an Idempotency-Key answers what it answered first. */
const KEY_LIFETIME = "interval '24 hours'";

const WORKFLOW = `SELECT *, extract(epoch FROM token_expires_at - now()) * 1000 AS token_ms_left FROM jumio_workflows`;
const ms = (param: string) => `(${param}::double precision * interval '1 millisecond')`;
/** Work nobody holds, and not held back for later. */
const FREE = "(w.leased_until IS NULL OR w.leased_until < now()) AND (w.due_at IS NULL OR w.due_at <= now())";

function toRecord(row: WorkflowRow): WorkflowRecord {
  return {
    workflowExecutionId: row.workflow_execution_id,
    accountId: row.account_id,
    userReference: row.user_reference,
    status: row.status,
    ...(row.decision === null ? {} : { decision: row.decision }),
    ...(row.details === null ? {} : { details: row.details }),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    href: row.href,
    tokenMsLeft: row.token_ms_left,
    callbackSecretSha256: row.callback_secret_sha256,
  };
}

/** The public part of a record: no href (it holds the authorization token), no secret. */
export function toVerification(record: WorkflowRecord): Verification {
  const { href: _href, tokenMsLeft: _left, callbackSecretSha256: _secret, ...verification } = record;
  return verification;
}

/** PostgreSQL's jsonb cannot hold U+0000: as Jumio's answer may echo one (the host's own references), it is stored as U+FFFD. */
function storableJson(value: unknown): string {
  const clean = (text: string) => text.replaceAll("\0", "\uFFFD");
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "string") return clean(item);
    if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).map(([key, entry]) => [clean(key), entry]));
  });
}

/** The store's statements; every change two service instances could race on is one statement or one transaction. */
export function createRecords(sql: Sql) {
  const one = async (text: string, params: readonly unknown[]) => {
    const [row] = await sql.query<WorkflowRow>(text, params);
    return row && toRecord(row);
  };

  return {
    /**
     * Stores the workflow while `holder` has the user's lease (locked against a takeover
     * meanwhile); `false` when another holder took it over. The user's account without a
     * workflow, if one was remembered, is forgotten.
     */
    async insertWorkflow(workflow: NewWorkflow, holder: string): Promise<boolean> {
      const rows = await sql.query(
        `WITH held AS (
           SELECT 1 FROM jumio_user_leases WHERE user_reference = $3 AND holder = $7 FOR UPDATE
         ), forgotten AS (
           DELETE FROM jumio_accounts_without_workflow WHERE user_reference = $3 AND EXISTS (SELECT FROM held)
         )
         INSERT INTO jumio_workflows
           (workflow_execution_id, account_id, user_reference, href, callback_secret_sha256, token_expires_at)
         SELECT $1, $2, $3, $4, $5, now() + ${ms("$6")} FROM held
         RETURNING 1`,
        [
          workflow.workflowExecutionId,
          workflow.accountId,
          workflow.userReference,
          workflow.href,
          workflow.callbackSecretSha256,
          workflow.tokenLifetimeSeconds * 1000,
          holder,
        ],
      );
      return rows.length === 1;
    },

    /** Remembers the Jumio account made for a user whose workflow could not be stored, while `holder` has the user's lease. */
    async rememberAccount(user: string, accountId: string, holder: string): Promise<void> {
      await sql.query(
        `WITH held AS (SELECT 1 FROM jumio_user_leases WHERE user_reference = $1 AND holder = $3 FOR UPDATE)
         INSERT INTO jumio_accounts_without_workflow (user_reference, account_id) SELECT $1, $2 FROM held
         ON CONFLICT (user_reference) DO UPDATE SET account_id = EXCLUDED.account_id, created_at = now()`,
        [user, accountId, holder],
      );
    },

    async accountWithoutWorkflow(user: string): Promise<string | undefined> {
      const [row] = await sql.query<{ account_id: string }>(
        "SELECT account_id FROM jumio_accounts_without_workflow WHERE user_reference = $1",
        [user],
      );
      return row?.account_id;
    },

    workflow: (id: string) => one(`${WORKFLOW} WHERE workflow_execution_id = $1`, [id]),

    latestOfUser: (user: string) =>
      one(`${WORKFLOW} WHERE user_reference = $1 ORDER BY created_at DESC LIMIT 1`, [user]),

    byIdempotencyKey: (user: string, key: string) =>
      one(
        `${WORKFLOW} WHERE workflow_execution_id =
           (SELECT workflow_execution_id FROM jumio_idempotency_keys
            WHERE user_reference = $1 AND idempotency_key = $2 AND created_at > now() - ${KEY_LIFETIME})`,
        [user, key],
      ),

    /** Binds the key to the workflow unless it names one already (for a day); the workflow it names either way. */
    async rememberKey(user: string, key: string, id: string): Promise<WorkflowRecord | undefined> {
      await sql.query(
        `INSERT INTO jumio_idempotency_keys (user_reference, idempotency_key, workflow_execution_id)
         VALUES ($1, $2, $3) ON CONFLICT (user_reference, idempotency_key) DO UPDATE
         SET workflow_execution_id = EXCLUDED.workflow_execution_id, created_at = now()
         WHERE jumio_idempotency_keys.created_at <= now() - ${KEY_LIFETIME}`,
        [user, key, id],
      );
      return this.byIdempotencyKey(user, key);
    },

    /** Deletes the keys past their day: a retry comes within seconds, and each new key is a row. */
    async forgetOldKeys(): Promise<void> {
      await sql.query(`DELETE FROM jumio_idempotency_keys WHERE created_at <= now() - ${KEY_LIFETIME}`);
    },

    /** Whether `holder` now holds the user's lease: the right to create their next workflow. */
    async leaseUser(user: string, holder: string, leaseMs: number): Promise<boolean> {
      const rows = await sql.query(
        `INSERT INTO jumio_user_leases (user_reference, holder, leased_until) VALUES ($1, $2, now() + ${ms("$3")})
         ON CONFLICT (user_reference) DO UPDATE SET holder = EXCLUDED.holder, leased_until = EXCLUDED.leased_until
           WHERE jumio_user_leases.leased_until < now()
         RETURNING holder`,
        [user, holder, leaseMs],
      );
      return rows.length === 1;
    },

    /** Holds the user's lease `leaseMs` longer; `false` when another holder took it over. */
    async renewUser(user: string, holder: string, leaseMs: number): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE jumio_user_leases SET leased_until = now() + ${ms("$3")}
         WHERE user_reference = $1 AND holder = $2 RETURNING 1`,
        [user, holder, leaseMs],
      );
      return rows.length === 1;
    },

    async releaseUser(user: string, holder: string): Promise<void> {
      await sql.query("DELETE FROM jumio_user_leases WHERE user_reference = $1 AND holder = $2", [user, holder]);
    },

    /**
     * Checks a callback against its workflow and records it once (a replay is a duplicate),
     * queuing its retrieval unless the workflow is final: one statement (migrations.ts,
     * `jumio_record_callback`), so what was answered 200 is never lost. The secret may be another workflow's of the same account: the guide
     * keeps a `callbackUrl` "per account", so an Account Update's URL also carries the
     * account's older workflows' callbacks.
     */
    async recordCallback(callback: ReceivedCallback): Promise<CallbackOutcome> {
      const [row] = await sql.query<{ outcome: CallbackOutcome }>(
        "SELECT outcome FROM jumio_record_callback($1, $2, $3, $4, $5, $6, $7)",
        [
          callback.workflowExecutionId,
          callback.accountId,
          callback.secretSha256,
          callback.bodySha256,
          callback.status,
          callback.sentAt,
          callback.remoteAddress ?? null,
        ],
      );
      return row?.outcome ?? "unknown_workflow";
    },

    /**
     * Takes the work for `leaseMs` unless another holder has it. What comes back fences this
     * holder's later changes: a takeover changes the holder, a new callback the generation.
     * The retrieval of a final workflow is deleted instead: a callback recorded while `finish`
     * committed may have queued it.
     */
    async claim(id: string, kind: WorkKind, holder: string, leaseMs: number): Promise<Claim | undefined> {
      const [row] = await sql.query<{ account_id: string; reason: WorkReason; generation: number; attempts: number }>(
        `WITH needless AS (
           DELETE FROM jumio_work w USING jumio_workflows f
           WHERE w.workflow_execution_id = $1 AND w.kind = $2 AND w.kind = 'retrieve'
             AND (w.leased_until IS NULL OR w.leased_until < now())
             AND f.workflow_execution_id = w.workflow_execution_id AND f.status IN ${FINAL_LIST}
         )
         UPDATE jumio_work w SET leased_until = now() + ${ms("$4")}, attempts = w.attempts + 1, holder = $3
         FROM jumio_workflows f
         WHERE w.workflow_execution_id = $1 AND w.kind = $2 AND ${FREE}
           AND f.workflow_execution_id = w.workflow_execution_id
           AND NOT (w.kind = 'retrieve' AND f.status IN ${FINAL_LIST})
         RETURNING f.account_id, w.reason, w.generation, w.attempts`,
        [id, kind, holder, leaseMs],
      );
      if (!row) return undefined;
      const { account_id: accountId, reason, generation, attempts } = row;
      return { id, accountId, kind, holder, reason, generation, attempts };
    },

    /** Holds the work `leaseMs` longer; `false` when another holder took it over. */
    async renew(claim: Claim, leaseMs: number): Promise<boolean> {
      const rows = await sql.query(
        `UPDATE jumio_work SET leased_until = now() + ${ms("$4")}
         WHERE workflow_execution_id = $1 AND kind = $2 AND holder = $3 RETURNING 1`,
        [claim.id, claim.kind, claim.holder, leaseMs],
      );
      return rows.length === 1;
    },

    /** Gives the work back for a later try, no sooner than in `holdMs` unless a callback came meanwhile, with why this one failed. */
    async release(claim: Claim, lastError: string | null, holdMs = 0): Promise<void> {
      await sql.query(
        `UPDATE jumio_work SET leased_until = NULL, holder = NULL, last_error = $4,
           due_at = CASE WHEN $5::double precision > 0 AND generation = $6 THEN now() + ${ms("$5")} END
         WHERE workflow_execution_id = $1 AND kind = $2 AND holder = $3`,
        [claim.id, claim.kind, claim.holder, lastError, holdMs, claim.generation],
      );
    },

    /** Ends the work, unless a callback came since it was claimed (then it is released, to be done again). */
    async done(claim: Claim): Promise<boolean> {
      const rows = await sql.query(
        `DELETE FROM jumio_work WHERE workflow_execution_id = $1 AND kind = $2 AND holder = $3 AND generation = $4
         RETURNING 1`,
        [claim.id, claim.kind, claim.holder, claim.generation],
      );
      if (rows.length === 1) return true;
      await this.release(claim, null);
      return false;
    },

    /** The capture was taken: INITIATED becomes ACQUIRED, and nothing else changes. */
    async noteAcquired(id: string): Promise<void> {
      await sql.query(
        `UPDATE jumio_workflows SET status = 'ACQUIRED', updated_at = now()
         WHERE workflow_execution_id = $1 AND status = 'INITIATED'`,
        [id],
      );
    },

    /**
     * Stores the final state and queues the decision's notification, both only the first
     * time, and ends the retrieval work: one statement (migrations.ts, `jumio_finish`), so
     * `onDecision` is queued once.
     */
    async finish(id: string, status: VerificationStatus, details: WorkflowDetails | undefined): Promise<boolean> {
      const [row] = await sql.query<{ finished: boolean }>("SELECT finished FROM jumio_finish($1, $2, $3, $4)", [
        id,
        status,
        details?.decision?.type ?? null,
        details === undefined ? null : storableJson(details),
      ]);
      return row?.finished === true;
    },

    /** Queues a Retrieval poll of one workflow, unless it is final; work queued already is due at once. */
    async queuePoll(id: string): Promise<void> {
      await sql.query(
        `INSERT INTO jumio_work (workflow_execution_id, kind, reason)
         SELECT workflow_execution_id, 'retrieve', 'poll' FROM jumio_workflows
         WHERE workflow_execution_id = $1 AND status NOT IN ${FINAL_LIST}
         ON CONFLICT (workflow_execution_id, kind) DO UPDATE SET due_at = NULL`,
        [id],
      );
    },

    /**
     * Queues a Retrieval poll of the unfinished workflows without work: those no callback
     * mentioned once older than `olderThanMs`, and any whose recorded callback has no work left.
     * The least recently polled first, so that `limit` of them do not hold back the rest.
     */
    async queuePolls(olderThanMs: number, limit = 1000): Promise<number> {
      const rows = await sql.query(
        `WITH due AS (
           SELECT w.workflow_execution_id FROM jumio_workflows w
           WHERE w.status IN ('INITIATED', 'ACQUIRED')
             AND NOT EXISTS (SELECT 1 FROM jumio_work k WHERE k.workflow_execution_id = w.workflow_execution_id)
             AND (w.created_at <= now() - ${ms("$1")}
               OR EXISTS (SELECT 1 FROM jumio_callbacks c WHERE c.workflow_execution_id = w.workflow_execution_id))
           ORDER BY w.polled_at NULLS FIRST, w.created_at LIMIT $2
           -- Not one a forget holds (it would delete it under the INSERT).
           FOR NO KEY UPDATE OF w SKIP LOCKED
         ), queued AS (
           INSERT INTO jumio_work (workflow_execution_id, kind, reason)
           SELECT workflow_execution_id, 'retrieve', 'poll' FROM due
           ON CONFLICT DO NOTHING RETURNING workflow_execution_id
         )
         UPDATE jumio_workflows SET polled_at = now()
         WHERE workflow_execution_id IN (SELECT workflow_execution_id FROM queued) RETURNING 1`,
        [olderThanMs, limit],
      );
      return rows.length;
    },

    /** Ends every lease: on PGlite, whose store is its process's alone, a lease is a dead process's. */
    async voidLeases(): Promise<void> {
      await sql.query("UPDATE jumio_work SET leased_until = NULL, holder = NULL WHERE leased_until IS NOT NULL");
      await sql.query("DELETE FROM jumio_user_leases");
    },

    /**
     * Milliseconds until the first lease of work held by another than `holder` ends (≤ 0: it
     * has), if there is one; but for the work of `mine`, which `holder` is about to claim.
     */
    async othersLeaseEndsInMs(holder: string, mine: readonly string[]): Promise<number | undefined> {
      const [row] = await sql.query<{ ms: number | null }>(
        `SELECT extract(epoch FROM min(leased_until) - now()) * 1000 AS ms FROM jumio_work
         WHERE leased_until IS NOT NULL AND holder IS DISTINCT FROM $1
           AND NOT (workflow_execution_id = ANY($2::text[]))`,
        [holder, mine],
      );
      return row?.ms ?? undefined;
    },

    /**
     * Deletes every row that names the user, and queues what Jumio holds of them for deletion
     * (claimed for `claimMs`): their accounts (`account` too, one known only in memory), but of
     * one another user's workflows are also on only the user's workflows. `busy` (nothing
     * deleted) while a Retrieval or `onDecision` of theirs runs (but `running`), or a row it needs
     * is held. Nothing is deleted that is not queued.
     */
    async forgetUser(
      user: string,
      claimMs: number,
      { account, running }: { account?: string | undefined; running?: string | undefined } = {},
    ): Promise<ForgottenUser | "busy"> {
      return sql
        .transaction(async (tx) => {
          // A callback or finish holding a row this needs (in the other order): forget gives way, as busy.
          await tx.query(`SET LOCAL lock_timeout = '${FORGET_LOCK_WAIT_MS}ms'`);
          // Another user's forget of a shared account waits for this one, then sees what it deleted.
          await tx.query(
            `SELECT 1 FROM jumio_workflows WHERE account_id IN (
             SELECT account_id FROM jumio_workflows WHERE user_reference = $1
             UNION SELECT account_id FROM jumio_accounts_without_workflow WHERE user_reference = $1
             UNION SELECT $2::text)
           ORDER BY workflow_execution_id FOR UPDATE`,
            [user, account ?? null],
          );
          // Locked, so that no claim starts meanwhile; a claim in progress is waited for and seen.
          // `running`: the decision whose onDecision calls forget, which waiting for would never end.
          const work = await tx.query<{ held: boolean }>(
            `SELECT coalesce(k.leased_until > now(), false) AND k.workflow_execution_id IS DISTINCT FROM $2 AS held
           FROM jumio_work k JOIN jumio_workflows w USING (workflow_execution_id) WHERE w.user_reference = $1
           ORDER BY k.workflow_execution_id, k.kind FOR UPDATE OF k`,
            [user, running ?? null],
          );
          if (work.some(({ held }) => held)) return "busy";
          const [row] = await tx.query<{ verifications: number; at_jumio: number; claimed: ErasureRow[] }>(
            `WITH gone AS (
             DELETE FROM jumio_workflows WHERE user_reference = $1 RETURNING account_id, workflow_execution_id
           ), unstored AS (
             DELETE FROM jumio_accounts_without_workflow WHERE user_reference = $1 RETURNING account_id
           ), lease AS (
             DELETE FROM jumio_user_leases WHERE user_reference = $1
           ), owned AS (
             SELECT u.account_id, u.workflow_execution_id, EXISTS (SELECT 1 FROM jumio_workflows other
               WHERE other.account_id = u.account_id AND other.user_reference <> $1) AS shared
             FROM (SELECT account_id, workflow_execution_id FROM gone
               UNION ALL SELECT account_id, '' FROM unstored
               UNION ALL SELECT $3::text, '' WHERE $3::text IS NOT NULL) u
           ), targets AS (
             SELECT DISTINCT account_id, CASE WHEN shared THEN workflow_execution_id ELSE '' END AS workflow_execution_id
             FROM owned WHERE NOT (shared AND workflow_execution_id = '')
           ), claimed AS (
             INSERT INTO jumio_erasures (account_id, workflow_execution_id, attempts, due_at)
             SELECT account_id, workflow_execution_id, 1, now() + ${ms("$2")} FROM targets
             ON CONFLICT (account_id, workflow_execution_id) DO UPDATE
               SET attempts = jumio_erasures.attempts + 1, due_at = EXCLUDED.due_at
               WHERE jumio_erasures.due_at IS NULL OR jumio_erasures.due_at <= now()
             RETURNING account_id, workflow_execution_id, attempts
           )
           SELECT (SELECT count(*) FROM gone)::int AS verifications, (SELECT count(*) FROM targets)::int AS at_jumio,
             (SELECT coalesce(json_agg(claimed), '[]') FROM claimed) AS claimed`,
            [user, claimMs, account ?? null],
          );
          return { verifications: row!.verifications, atJumio: row!.at_jumio, claimed: row!.claimed.map(toErasure) };
        })
        .catch((error: unknown) => {
          if ((error as { cause?: { code?: unknown } }).cause?.code === LOCK_NOT_AVAILABLE) return "busy" as const;
          throw error;
        });
    },

    /** Queues the deletion at Jumio of what nobody will use: an account, or one workflow of it. */
    async queueErasure(accountId: string, workflowExecutionId?: string): Promise<void> {
      await sql.query(
        "INSERT INTO jumio_erasures (account_id, workflow_execution_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        [accountId, workflowExecutionId ?? ""],
      );
    },

    /** Claims for `claimMs` up to `limit` erasures that are due, oldest first, skipping those another call holds. */
    async claimErasures(limit: number, claimMs: number): Promise<Erasure[]> {
      const rows = await sql.query<ErasureRow>(
        `UPDATE jumio_erasures e SET attempts = e.attempts + 1, due_at = now() + ${ms("$2")}
         FROM (SELECT account_id, workflow_execution_id FROM jumio_erasures
               WHERE due_at IS NULL OR due_at <= now() ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
         WHERE e.account_id = due.account_id AND e.workflow_execution_id = due.workflow_execution_id
         RETURNING e.account_id, e.workflow_execution_id, e.attempts`,
        [limit, claimMs],
      );
      return rows.map(toErasure);
    },

    /** Jumio deleted it. */
    async erased(erasure: Erasure): Promise<void> {
      await sql.query("DELETE FROM jumio_erasures WHERE account_id = $1 AND workflow_execution_id = $2", [
        erasure.accountId,
        erasure.workflowExecutionId ?? "",
      ]);
    },

    /** Gives the erasure back, due again in `holdMs`, with why this try failed. */
    async erasureFailed(erasure: Erasure, lastError: string, holdMs: number): Promise<void> {
      await sql.query(
        `UPDATE jumio_erasures SET due_at = now() + ${ms("$4")}, last_error = $3
         WHERE account_id = $1 AND workflow_execution_id = $2`,
        [erasure.accountId, erasure.workflowExecutionId ?? "", lastError, holdMs],
      );
    },

    /** Whether a workflow of the user may go on the account, or why not: forget() is deleting it at Jumio, or it is another user's. */
    async accountUse(accountId: string, user: string): Promise<"open" | "erasing" | "another user's"> {
      const [row] = await sql.query<{ use: "open" | "erasing" | "another user's" }>(
        `SELECT CASE
           WHEN EXISTS (SELECT 1 FROM jumio_erasures WHERE account_id = $1 AND workflow_execution_id = '') THEN 'erasing'
           WHEN EXISTS (SELECT 1 FROM jumio_workflows WHERE account_id = $1 AND user_reference <> $2) THEN 'another user''s'
           ELSE 'open' END AS use`,
        [accountId, user],
      );
      return row!.use;
    },

    /** Workflows with work that nobody holds now and that is due, oldest first. */
    async workflowsWithWork(limit = 10_000): Promise<string[]> {
      const rows = await sql.query<{ workflow_execution_id: string }>(
        `SELECT workflow_execution_id FROM jumio_work w WHERE ${FREE}
         GROUP BY workflow_execution_id ORDER BY min(created_at) LIMIT $1`,
        [limit],
      );
      return rows.map((row) => row.workflow_execution_id);
    },
  };
}

export type Records = ReturnType<typeof createRecords>;
