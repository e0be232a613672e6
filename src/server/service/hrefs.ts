import { backoffDelay } from "../../retry.js";
import type { JumioClient } from "../client.js";
import type { Clock } from "../clock.js";
import { JumioApiError, JumioResponseError } from "../errors.js";
import { sendAccount, toHref, type VerificationAccount, type VerificationHref } from "../handler.js";
import { type AccountRequest, DEFAULT_TOKEN_LIFETIME, lifetimeSeconds } from "../schemas/account.js";
import { isFinal, type Records, toVerification, type Verification, type WorkflowRecord } from "../store/records.js";
import { StoreError } from "../store/sql.js";
import { mintCallbackSecret } from "./callback-secret.js";
import { keepLease, LEASE_WAIT } from "./lease.js";
import type { Report } from "./report.js";
import type { Worker } from "./work.js";

/** An answer other than an href: the user's last verification does not allow a new one. */
export class HrefRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface HrefOptions {
  records: Records;
  client: Pick<JumioClient, "createAccount" | "updateAccount" | "getWorkflowStatus" | "getWorkflowDetails">;
  worker: Worker;
  callbackUrl: URL;
  /** Whether a user whose last verification was PROCESSED may start another. */
  allowRetry: (last: Verification) => boolean;
  /** This instance's name in the user leases. */
  holder: string;
  leaseMs: number;
  clock: Clock;
  report: Report;
  /** Aborted by `close()`. */
  signal: AbortSignal;
}

const hrefOf = ({ href, accountId, workflowExecutionId }: WorkflowRecord): VerificationHref => ({
  href,
  accountId,
  workflowExecutionId,
});

/**
 * One open workflow per user: a request resumes the user's last workflow while it is open,
 * or creates the next one (Account Update on the user's Jumio account) once its token or
 * session ended. Creating is leased per user in the store, so that concurrent requests, in
 * this process or another, create one workflow.
 */
export function createHrefs(options: HrefOptions) {
  const { records, client, clock } = options;
  const flights = new Map<string, Promise<VerificationHref>>();

  /** The last workflow's href while it is open; `undefined` when a new one may start. */
  async function resume(stored: WorkflowRecord): Promise<VerificationHref | undefined> {
    const id = stored.workflowExecutionId;
    let last = stored;
    let status: string = last.status;
    if (!isFinal(status)) {
      try {
        status = (await client.getWorkflowStatus(last.accountId, id)).workflowExecution.status;
      } catch (error) {
        options.report(error, "href", id);
      }
      if (status === "ACQUIRED") await records.noteAcquired(id);
      if (isFinal(status)) {
        // Recorded first (decision included), so that allowRetry sees what the store will keep.
        await options.worker.poll(id);
        last = (await records.workflow(id)) ?? last;
        // Not recorded (Retrieval failed meanwhile): a decision is still to come, an expiry is known.
        if (!isFinal(last.status) && status === "PROCESSED") status = "ACQUIRED";
      }
    }
    if (status === "INITIATED" && last.tokenMsLeft > 0) return hrefOf(last);
    // Its token ended, yet Jumio still has it open: a journey started in time runs on in its
    // session ("15 minutes … reset for each action"), and a second workflow beside it would
    // give the user two decisions.
    if (status === "INITIATED" && (await client.getWorkflowDetails(last.accountId, id)).startedAt !== undefined) {
      throw new HrefRefusal(
        409,
        "verification_in_progress",
        "The last verification was started and its session is still open.",
      );
    }
    if (status === "ACQUIRED") {
      throw new HrefRefusal(
        409,
        "verification_in_progress",
        "The last verification was submitted and is being processed.",
      );
    }
    if (status === "PROCESSED" && !options.allowRetry(toVerification(last))) {
      throw new HrefRefusal(409, "verification_complete", "The last verification has its decision.");
    }
    return undefined;
  }

  /**
   * Accounts Jumio made whose workflow the store did not keep (it failed, or Jumio gave no
   * href): the user's retry updates it rather than make another. Kept in the store for any
   * instance (newer than the user's last stored workflow: storing one forgets it), and here for
   * when the store is what failed, with the user's last workflow then (`after`): a newer one
   * stored since makes it stale.
   */
  const unstored = new Map<string, { accountId: string; after: string | undefined }>();
  async function rememberAccount(user: string, accountId: string, after: string | undefined): Promise<void> {
    unstored.set(user, { accountId, after });
    await records
      .rememberAccount(user, accountId, options.holder)
      .catch((error: unknown) => options.report(error, "store"));
  }
  async function accountWithoutWorkflow(user: string, after: string | undefined): Promise<string | undefined> {
    const remembered = unstored.get(user);
    return (
      (await records.accountWithoutWorkflow(user)) ??
      (remembered && remembered.after === after ? remembered.accountId : undefined)
    );
  }

  /**
   * Whether the user's next workflow may go on `accountId`: not when forget() is deleting it at
   * Jumio, nor, `named` by account(), when it holds another user's workflows: a new account then.
   */
  async function accountFor(user: string, accountId: string, named: boolean): Promise<boolean> {
    const use = await records.accountUse(accountId, user);
    if (use === "another user's" && named) {
      const why = `account() named Jumio account ${accountId}, which holds another user's verification`;
      options.report(new Error(`${why}: the user gets an account of their own.`), "href");
      return false;
    }
    return use !== "erasing";
  }

  /**
   * Account Update of the user's account, or Create; an account Jumio no longer has ("404 Not
   * Found (in case of a failed update scenario)": deleted, say) gives way to a new one.
   */
  async function send(user: string, accountId: string | undefined, request: AccountRequest) {
    try {
      return await sendAccount(client, accountId, request);
    } catch (error) {
      if (accountId === undefined || !(error instanceof JumioApiError && error.status === 404)) throw error;
      options.report(error, "href");
      unstored.delete(user);
      return sendAccount(client, undefined, request);
    }
  }

  /**
   * A new workflow for the user, on `accountId` or a new account; `after` is the user's last
   * stored workflow. `undefined` when another instance took the user's lease over meanwhile:
   * its workflow is the user's.
   */
  async function create(
    user: string,
    wanted: VerificationAccount,
    accountId: string | undefined,
    after: string | undefined,
  ): Promise<VerificationHref | undefined> {
    const secret = mintCallbackSecret(options.callbackUrl);
    const request = { ...wanted.request, callbackUrl: secret.url };
    const response = await send(user, accountId, request).catch(async (error: unknown) => {
      if (error instanceof JumioResponseError && error.accountId !== undefined)
        await rememberAccount(user, error.accountId, after);
      throw error;
    });
    let href: VerificationHref;
    try {
      href = toHref(response);
    } catch (error) {
      await rememberAccount(user, response.account.id, after);
      throw error;
    }
    let stored: boolean;
    try {
      stored = await records.insertWorkflow(
        {
          ...href,
          userReference: user,
          callbackSecretSha256: secret.sha256,
          tokenLifetimeSeconds: lifetimeSeconds(request.tokenLifetime ?? DEFAULT_TOKEN_LIFETIME),
        },
        options.holder,
      );
    } catch (error) {
      await rememberAccount(user, href.accountId, after);
      const what = `Jumio account ${href.accountId} (workflow ${href.workflowExecutionId}) was made, but the store could not keep it`;
      throw new StoreError(what, { cause: error });
    }
    if (!stored) {
      const made = `Workflow ${href.workflowExecutionId} on Jumio account ${href.accountId}`;
      const why = "was made after another instance took over the user's lease (this one stalled longer than leaseMs)";
      options.report(new Error(`${made} ${why}: it is not stored, and is deleted at Jumio.`), "href");
      // Nobody will use it: a new account goes whole, an Account Update's workflow alone.
      const orphan = href.accountId === accountId ? href.workflowExecutionId : undefined;
      await records
        .queueErasure(href.accountId, orphan)
        .catch((error: unknown) => options.report(error, "store", href.workflowExecutionId));
      return undefined;
    }
    unstored.delete(user);
    return href;
  }

  async function resolve(user: string, wanted: VerificationAccount): Promise<VerificationHref> {
    let deadline = clock.now() + options.leaseMs;
    for (let waited = 0; ; waited++) {
      const last = await records.latestOfUser(user);
      const resumed = last && (await resume(last));
      if (resumed) return resumed;
      if (await records.leaseUser(user, options.holder, options.leaseMs)) {
        // Held while Jumio answers, however long it takes: a lapsed lease would let another instance make a second account.
        const stop = keepLease(
          () => records.renewUser(user, options.holder, options.leaseMs),
          options.leaseMs,
          (error) => options.report(error, "store"),
        );
        try {
          const latest = await records.latestOfUser(user);
          // Another request made the user's next workflow meanwhile: look at that one.
          if (latest?.workflowExecutionId !== last?.workflowExecutionId) continue;
          const after = last?.workflowExecutionId;
          const own = (await accountWithoutWorkflow(user, after)) ?? last?.accountId;
          const known = own ?? wanted.accountId;
          const account = known !== undefined && (await accountFor(user, known, own === undefined)) ? known : undefined;
          const created = await create(user, wanted, account, after);
          if (created) return created;
          // Another instance took the lease over: wait for its workflow as a request that came now would.
          deadline = clock.now() + options.leaseMs;
        } finally {
          stop();
          await records.releaseUser(user, options.holder).catch((error: unknown) => options.report(error, "href"));
        }
      }
      if (clock.now() > deadline) {
        throw new HrefRefusal(503, "verification_busy", "Another request is starting this verification; try again.");
      }
      await clock.sleep(backoffDelay(waited, LEASE_WAIT), options.signal).catch(() => {
        throw new HrefRefusal(503, "service_closing", "The service is shutting down; try again.");
      });
    }
  }

  return {
    /** The account made for the user that only this process remembers (the store failed), and a way to drop it. */
    remembered: (user: string) => unstored.get(user)?.accountId,
    dropRemembered: (user: string) => void unstored.delete(user),

    /**
     * The user's href. Concurrent requests of one user in this process share one answer; an
     * `Idempotency-Key` answers what it answered first, also after that workflow ended.
     */
    async forUser(user: string, wanted: VerificationAccount, key: string | undefined): Promise<VerificationHref> {
      const known = key === undefined ? undefined : await records.byIdempotencyKey(user, key);
      if (known) return hrefOf(known);
      let flight = flights.get(user);
      if (!flight) {
        flight = resolve(user, wanted).finally(() => flights.delete(user));
        flights.set(user, flight);
      }
      const href = await flight;
      if (key === undefined) return href;
      const bound = await records.rememberKey(user, key, href.workflowExecutionId);
      return bound ? hrefOf(bound) : href;
    },
  };
}
