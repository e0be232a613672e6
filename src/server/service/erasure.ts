import { backoffDelay } from "../../retry.js";
import type { JumioClient } from "../client.js";
import type { Clock } from "../clock.js";
import { JumioApiError } from "../errors.js";
import { MAX_USER_REFERENCE_LENGTH } from "../schemas/account.js";
import type { Erasure, ForgottenUser, Records } from "../store/records.js";
import { LEASE_WAIT } from "./lease.js";
import type { Report } from "./report.js";
import { decisionRunning, describe, eachLimited, holdBeforeRetry } from "./work.js";

/** What `forget()` did. */
export interface ForgetResult {
  /** The user's verifications deleted from the store, with their details, callbacks and work. */
  verifications: number;
  /** Accounts (or workflows) of the user that Jumio deleted in this call, or had no more. */
  deletedAtJumio: number;
  /** Those still to delete at Jumio: `reconcile()` tries them again; `onError` got why. */
  pendingAtJumio: number;
}

export interface EraserOptions {
  records: Records;
  client: Pick<JumioClient, "deleteAccount" | "deleteWorkflow">;
  /** The account made for the user that only this process remembers, and a way to drop it (hrefs). */
  remembered: (user: string) => string | undefined;
  dropRemembered: (user: string) => void;
  /** This instance's name in the user leases. */
  holder: string;
  /** How long a claim of an erasure lasts before another instance may try it. */
  leaseMs: number;
  clock: Clock;
  report: Report;
  /** Aborted by `close()`. */
  signal: AbortSignal;
}

/** Erasures a reconcile run tries at most. */
const ERASURES_PER_RUN = 100;

/**
 * The right to erasure: a user's rows go from the store at once, and what Jumio holds of them
 * (Delete API: "Deletes the account and all related workflows") is queued in the same
 * transaction and deleted there, retried by `reconcile()` until Jumio confirms.
 */
export function createEraser(options: EraserOptions) {
  const { records, client, report, signal } = options;
  const lessee = `${options.holder}:forget`;

  const release = (user: string) => records.releaseUser(user, lessee).catch((error: unknown) => report(error, "store"));

  /**
   * Forgets the user in the store, holding their lease (no request makes a workflow of theirs
   * meanwhile), once no Retrieval or `onDecision` of theirs runs; waits for both up to `leaseMs`.
   */
  async function forgetInStore(user: string): Promise<ForgottenUser> {
    const deadline = options.clock.now() + options.leaseMs;
    for (let waited = 0; ; waited++) {
      if (await records.leaseUser(user, lessee, options.leaseMs)) {
        const remembered = options.remembered(user);
        const running = decisionRunning();
        const forgotten = await records
          .forgetUser(user, options.leaseMs, { account: remembered, running })
          .catch(async (error: unknown) => {
            await release(user);
            throw error;
          });
        if (forgotten !== "busy") {
          if (remembered !== undefined) options.dropRemembered(user);
          return forgotten;
        }
        await release(user);
      }
      if (options.clock.now() > deadline) {
        const message =
          "forget: this user's verification is being made, or its Retrieval or onDecision runs; try again.";
        throw Object.assign(new Error(message), { code: "EBUSY" });
      }
      await options.clock.sleep(backoffDelay(waited, LEASE_WAIT), signal);
    }
  }

  /** `true` once Jumio has it no more. */
  async function erase(erasure: Erasure): Promise<boolean> {
    const { accountId, workflowExecutionId } = erasure;
    try {
      await (workflowExecutionId === undefined
        ? client.deleteAccount(accountId, { signal })
        : client.deleteWorkflow(accountId, workflowExecutionId, { signal }));
    } catch (error) {
      // Our reading: the guide's Delete API names no 404; its Retrieval, for a record that "has been deleted".
      if (error instanceof JumioApiError && error.status === 404) {
        const what = workflowExecutionId === undefined ? `account ${accountId}` : `workflow ${workflowExecutionId}`;
        const message = `Jumio has no ${what} to delete (404): counted as deleted. If every deletion says so, check the client's region and base URLs.`;
        report(new Error(message, { cause: error }), "erasure", workflowExecutionId);
      } else {
        if (!signal.aborted) report(error, "erasure", workflowExecutionId);
        await records
          .erasureFailed(erasure, describe(error), holdBeforeRetry(erasure.attempts, 1))
          .catch((stored: unknown) => report(stored, "store", workflowExecutionId));
        return false;
      }
    }
    // Left in the store, it is asked again, and Jumio's 404 ends it.
    await records.erased(erasure).catch((stored: unknown) => report(stored, "store", workflowExecutionId));
    return true;
  }

  async function eraseAll(erasures: readonly Erasure[]): Promise<number> {
    let deleted = 0;
    await eachLimited(erasures, 4, async (erasure) => {
      if (await erase(erasure)) deleted++;
    });
    return deleted;
  }

  return {
    async forget(user: string): Promise<ForgetResult> {
      if (typeof user !== "string" || user === "" || user.length > MAX_USER_REFERENCE_LENGTH) {
        const limit = `1 to ${MAX_USER_REFERENCE_LENGTH} characters`;
        throw new TypeError(`forget: userReference must be the user's reference, ${limit}.`);
      }
      const forgotten = await forgetInStore(user);
      const deletedAtJumio = await eraseAll(forgotten.claimed);
      return {
        verifications: forgotten.verifications,
        deletedAtJumio,
        pendingAtJumio: forgotten.atJumio - deletedAtJumio,
      };
    },

    /** Tries the erasures that are due; how many Jumio confirmed. */
    async resume(): Promise<number> {
      return eraseAll(await records.claimErasures(ERASURES_PER_RUN, options.leaseMs));
    },
  };
}

export type Eraser = ReturnType<typeof createEraser>;
