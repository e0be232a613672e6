import { AsyncLocalStorage } from "node:async_hooks";
import { backoffDelay, type RetryPolicy } from "../../retry.js";
import type { JumioClient } from "../client.js";
import type { Clock } from "../clock.js";
import { JumioResponseError } from "../errors.js";
import type { WorkflowDetails } from "../schemas/retrieval.js";
import {
  type Claim,
  isFinal,
  type Records,
  toVerification,
  type Verification,
  type VerificationStatus,
  type WorkKind,
} from "../store/records.js";
import { keepLease } from "./lease.js";
import type { Report } from "./report.js";

export interface WorkerOptions {
  records: Records;
  client: Pick<JumioClient, "getWorkflowStatus" | "getWorkflowDetails">;
  onDecision: ((verification: Verification) => void | Promise<void>) | undefined;
  report: Report;
  /** This instance's name on the work it holds. */
  holder: string;
  /** How long a holder keeps a piece of work, unless it renews it, before another instance may take it over. */
  leaseMs: number;
  /** Tries of each piece of work after a callback, and the backoff between them. */
  retry: RetryPolicy;
  clock: Clock;
  /** Aborted by `close()`: no new try starts. */
  signal: AbortSignal;
  /** Keeps a background run for `settled()`. */
  track: (task: Promise<unknown>) => void;
}

/**
 * How many workflows one service instance works on at once (Retrieval, `onDecision`). The
 * others wait their turn in memory, in order; their work is in the store meanwhile, so a
 * process that dies loses none of it.
 */
export const WORK_CONCURRENCY = 8;

/** What reconcile did of the work after callbacks. */
export interface WorkReconciled {
  /** Workflows without any callback that were polled at Retrieval. */
  polled: number;
  /** Workflows whose recorded work (retrieval, `onDecision`) this run tried. */
  worked: number;
}

const STAGES: Record<WorkKind, string> = { retrieve: "retrieval", decide: "decision" };

/** How reconcile spaces the tries of a call to Jumio that keeps failing: Jumio is not asked at every run. */
const RECONCILE_BACKOFF: RetryPolicy = { retries: 0, baseDelayMs: 60_000, maxDelayMs: 3_600_000 };

/** The tries reconcile makes of a failing call before it spaces them. */
const RECONCILE_TRIES_UNSPACED = 5;

/**
 * How long a call to Jumio (a Retrieval, an erasure) that failed its `attempts`-th try waits
 * before reconcile tries it again: nothing after the `tries` made before reconcile's nor after
 * reconcile's first 5, then about a minute (jittered down to half), doubling, at most an hour.
 */
export function holdBeforeRetry(attempts: number, tries: number, random = Math.random): number {
  const beyond = attempts - tries - RECONCILE_TRIES_UNSPACED;
  return beyond >= 0 ? backoffDelay(beyond, RECONCILE_BACKOFF, random) : 0;
}

/** `holdBeforeRetry` of a Retrieval after the `tries` that follow a callback; `onDecision` is the host's own code: never held back. */
export function holdAfterFailure(kind: WorkKind, attempts: number, tries: number, random = Math.random): number {
  return kind === "retrieve" ? holdBeforeRetry(attempts, tries, random) : 0;
}

const deciding = new AsyncLocalStorage<string>();

/** The workflow whose `onDecision` the caller runs within, if it does. */
export const decisionRunning = (): string | undefined => deciding.getStore();

/** After a run of claimed work: try it again later, end it (unless a callback came meanwhile), or nothing: the final status ended it. */
type Next = "retry" | "end" | "ended";

/** At most `limit` holders of a turn at once; the others wait, in order. */
function turns(limit: number) {
  const waiting: (() => void)[] = [];
  let busy = 0;
  return {
    /** Waits for a turn; an urgent one (a request waits for it) takes one at once. */
    async take(urgent: boolean): Promise<void> {
      if (urgent || busy < limit) busy++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
    },
    /** Hands the turn to the next in line. */
    give(): void {
      const next = busy <= limit ? waiting.shift() : undefined;
      if (next) next();
      else busy--;
    },
  };
}

/** Runs at most `limit` of `run` at once over `items`. */
export async function eachLimited<Item>(
  items: readonly Item[],
  limit: number,
  run: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * The work a callback (or a poll) leaves in the store: Retrieval with the service's own
 * credentials, then `onDecision`. Each piece is claimed with a lease before it runs, so two
 * instances never run the same piece at once, and deleted only once it succeeded.
 */
export function createWorker(options: WorkerOptions) {
  const { records, client, report, clock, signal } = options;
  const running = new Map<string, { again: boolean; tries: number; done: Promise<void> }>();
  // A burst's work waits its turn here, rather than competing with the acks for the CPU and the database.
  const turn = turns(WORK_CONCURRENCY);

  /** `retry` while the callback's final status is not in Retrieval yet. */
  async function retrieve({ id, accountId, reason }: Claim): Promise<Next> {
    const status = (await client.getWorkflowStatus(accountId, id, { signal })).workflowExecution.status;
    let details: WorkflowDetails | undefined;
    if (status === "PROCESSED") {
      details = await client.getWorkflowDetails(accountId, id, { signal });
      if (details.account.id !== accountId || details.workflow.id !== id) {
        const message = `names account ${details.account.id}, workflow ${details.workflow.id}`;
        throw new JumioResponseError(`Retrieval of workflow ${id}`, 200, [{ path: "", message }]);
      }
    }
    if (isFinal(status)) {
      await records.finish(id, status as VerificationStatus, details);
      return "ended";
    }
    if (status === "ACQUIRED") await records.noteAcquired(id);
    return reason === "callback" ? "retry" : "end";
  }

  async function decide(id: string): Promise<Next> {
    const workflow = await records.workflow(id);
    if (workflow) await deciding.run(id, () => options.onDecision?.(toVerification(workflow)));
    return "end";
  }

  /** Runs the claimed work, holding its lease while it runs. */
  async function run(claim: Claim): Promise<Next> {
    const stop = keepLease(
      () => records.renew(claim, options.leaseMs),
      options.leaseMs,
      (error) => report(error, "store", claim.id),
    );
    try {
      return claim.kind === "retrieve" ? await retrieve(claim) : await decide(claim.id);
    } finally {
      stop();
    }
  }

  /**
   * Tries one piece of work up to `tries` times; what is left stays in the store for
   * `reconcile`. `true` when a callback came meanwhile: the work is to be looked at again.
   */
  async function attempt(id: string, kind: WorkKind, tries: number): Promise<boolean> {
    for (let tried = 0; tried < tries && !signal.aborted; tried++) {
      if (tried > 0) {
        // Another workflow's turn while this one waits.
        turn.give();
        const waited = await clock.sleep(backoffDelay(tried - 1, options.retry), signal).then(
          () => true,
          () => false,
        );
        await turn.take(false);
        if (!waited) return false;
      }
      const claim = await records.claim(id, kind, options.holder, options.leaseMs);
      if (!claim) return false;
      let next: Next;
      let failure: unknown;
      try {
        next = await run(claim);
      } catch (error) {
        next = "retry";
        failure = error;
        if (!signal.aborted) report(error, STAGES[kind], id);
      }
      if (next === "ended") return false;
      if (next === "end") return !(await records.done(claim));
      const last = tried === tries - 1;
      const holdMs = last ? holdAfterFailure(kind, claim.attempts, options.retry.retries + 1) : 0;
      await records.release(
        claim,
        failure === undefined ? "Retrieval has no final status yet" : describe(failure),
        holdMs,
      );
    }
    return false;
  }

  /** `true` when a callback came while it ran: run it again. */
  async function work(id: string, tries: number): Promise<boolean> {
    const retrieveAgain = await attempt(id, "retrieve", tries);
    const decideAgain = await attempt(id, "decide", tries);
    return retrieveAgain || decideAgain;
  }

  /**
   * Works on `id` in its turn (`urgent`: now); a call while it is being worked on, or waits
   * for its turn, makes that run look again, and waits for it.
   */
  function schedule(id: string, tries = options.retry.retries + 1, urgent = false): Promise<void> {
    const current = running.get(id);
    if (current) {
      current.again = true;
      current.tries = Math.max(current.tries, tries);
      return current.done;
    }
    const state = { again: true, tries, done: Promise.resolve() };
    running.set(id, state);
    state.done = (async () => {
      await turn.take(urgent);
      try {
        while (state.again && !signal.aborted) {
          state.again = false;
          if (await work(id, state.tries)) state.again = true;
        }
      } catch (error) {
        report(error, "store", id);
      } finally {
        running.delete(id);
        turn.give();
      }
    })();
    return state.done;
  }

  let wake: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener("abort", () => clearTimeout(wake));

  /** Workflows a reconcile run listed and has not worked on yet: a run that starts meanwhile leaves them to it. */
  const listed = new Set<string>();

  /** Works on the recorded work nobody holds; once another holder's lease ends (it may have died), again. */
  async function resume(): Promise<number> {
    const ids = (await records.workflowsWithWork()).filter((id) => !running.has(id) && !listed.has(id));
    for (const id of ids) listed.add(id);
    await eachLimited(ids, 4, (id) => schedule(id, 1).finally(() => listed.delete(id)));
    // Not the work this instance has waiting for a turn: it claims that itself, and waking for it would spin.
    const endsInMs = await records.othersLeaseEndsInMs(options.holder, [...running.keys()]);
    if (endsInMs !== undefined && wake === undefined && !signal.aborted) {
      wake = setTimeout(() => {
        wake = undefined;
        options.track(resume().catch((error: unknown) => report(error, "reconcile")));
      }, Math.max(0, endsInMs) + 10);
      wake.unref();
    }
    return ids.length;
  }

  return {
    /** Works on the workflow's recorded work in the background, with retries. */
    start(id: string): void {
      options.track(schedule(id));
    },

    /** Polls Retrieval for one workflow now, ahead of any turn (its token or session may have ended without a callback yet). */
    async poll(id: string): Promise<void> {
      await records.queuePoll(id);
      const run = schedule(id, 1, true);
      options.track(run);
      await run;
    },

    async reconcile({ olderThanMs }: { olderThanMs: number }): Promise<WorkReconciled> {
      const polled = await records.queuePolls(olderThanMs);
      await records.forgetOldKeys();
      return { polled, worked: await resume() };
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;

/** The error for the store's `last_error`: its name and message, cut to 1000 characters. */
export function describe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1000);
}
