import { sleep } from "../retry.js";

/** Time as the client sees it; tests pass their own to expire tokens and skip backoff waits. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };
