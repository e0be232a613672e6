import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import type { JumioCallback } from "../server/schemas/index.js";
import { validate } from "../server/validate.js";

/** How many of the next callbacks to lose. */
export const dropCountSchema = z.number().int().min(0);

export interface CallbackAttempt {
  /** ISO time of the attempt. */
  at: string;
  /** The receiver's HTTP status; absent when there was no answer. */
  status?: number;
  /** Why there was no answer (connection refused, timeout). */
  error?: string;
}

export interface CallbackRecord {
  url: string;
  body: JumioCallback;
  attempts: CallbackAttempt[];
  /** A 2xx answer came. */
  delivered: boolean;
  /** More attempts are planned. */
  pending: boolean;
  /** Never sent, as `dropCallbacks` asked: a lost callback. */
  dropped: boolean;
}

export interface CallbackSender {
  send(url: string, body: JumioCallback): void;
  records(): CallbackRecord[];
  /** The next `count` callbacks are recorded and never sent (added to those still to drop). */
  drop(count: number): void;
  /** Resolves once no delivery is in flight or waiting for a retry. */
  settled(): Promise<void>;
  /** Stops retries and forgets the records and the callbacks still to drop. */
  clear(): void;
}

export interface CallbackSenderOptions {
  /** Waits before each retry; their number is the number of retries. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  now: () => number;
}

const describe = (error: unknown) =>
  error instanceof Error
    ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`
    : String(error);

/** POSTs callbacks as JSON, retrying on network errors and non-2xx answers (redirects too), and keeps a record of each. */
export function createCallbackSender({ retryDelaysMs, timeoutMs, now }: CallbackSenderOptions): CallbackSender {
  let records: CallbackRecord[] = [];
  let toDrop = 0;
  let stop = new AbortController();
  const inFlight = new Set<Promise<void>>();

  async function attempt(record: CallbackRecord): Promise<void> {
    const entry: CallbackAttempt = { at: new Date(now()).toISOString() };
    record.attempts.push(entry);
    try {
      const response = await fetch(record.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "jumio-verification-mock callback" },
        body: JSON.stringify(record.body),
        // The guide says nothing of redirects: one is a failed attempt, not a second URL.
        redirect: "manual",
        signal: AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      entry.status = response.status;
      record.delivered = response.ok;
    } catch (error) {
      entry.error = describe(error);
    }
  }

  async function deliver(record: CallbackRecord, signal: AbortSignal): Promise<void> {
    await attempt(record);
    for (const wait of retryDelaysMs) {
      if (record.delivered || signal.aborted) break;
      const waited = await delay(wait, true, { signal }).catch(() => false);
      if (!waited) break;
      await attempt(record);
    }
    record.pending = false;
  }

  return {
    send(url, body) {
      const dropped = toDrop > 0;
      const record: CallbackRecord = { url, body, attempts: [], delivered: false, pending: !dropped, dropped };
      records.push(record);
      if (dropped) {
        toDrop -= 1;
        return;
      }
      const delivery = deliver(record, stop.signal).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    records: () => records,
    drop(count) {
      toDrop += validate(dropCountSchema, count, "Invalid dropCallbacks count");
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    clear() {
      stop.abort();
      stop = new AbortController();
      records = [];
      toDrop = 0;
    },
  };
}
