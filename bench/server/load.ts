// The load generator of bench/server/run.ts (in the parent process, never in the handlers'):
// POSTs callbacks over keep-alive node:http connections to 127.0.0.1 only.
import { Agent, request } from "node:http";

export interface Target {
  /** http://127.0.0.1:port/path?query */
  url: string;
  body: Buffer;
}

export interface Outcome {
  /** The HTTP status, or 0 when there was no answer (refused, reset, timed out). */
  status: number;
  /** From the request's start to its answer's last byte. */
  ms: number;
}

/** A callback not answered within this is given up (status 0). */
export const TIMEOUT_MS = 10_000;

export function post(agent: Agent, target: Target): Promise<Outcome> {
  const started = performance.now();
  const url = new URL(target.url);
  if (url.hostname !== "127.0.0.1") throw new Error(`the bench sends to 127.0.0.1 only, not ${url.hostname}`);
  return new Promise((resolve) => {
    const done = (status: number) => resolve({ status, ms: performance.now() - started });
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": target.body.byteLength,
          "User-Agent": "Jumio Callback",
        },
      },
      (res) => {
        res.on("data", () => {});
        res.once("end", () => done(res.statusCode ?? 0));
        res.once("error", () => done(0));
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error("timeout")));
    req.once("error", () => done(0));
    req.end(target.body);
  });
}

export interface LoopResult {
  sent: number;
  ok: number;
  /** Status (0: no answer) → count, for the answers other than 200. */
  failures: Record<string, number>;
  elapsedS: number;
  /** Answers per second. */
  rate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Open loop: how late requests left against their schedule (the generator's own lag). */
  lagMs?: { p99: number; max: number };
  /** Open loop: requests not sent because too many were in flight (counted as not answered, in the latencies as the timeout). */
  shed?: number;
  /** Closed loop: whether it stopped at its time or at the end of its callbacks. */
  endedBy?: "time" | "callbacks";
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(outcomes: Outcome[], elapsedS: number): Omit<LoopResult, "endedBy"> {
  const failures: Record<string, number> = {};
  let ok = 0;
  for (const { status } of outcomes) {
    if (status === 200) ok++;
    else failures[status] = (failures[status] ?? 0) + 1;
  }
  const ms = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  return {
    sent: outcomes.length,
    ok,
    failures,
    elapsedS,
    rate: outcomes.length / elapsedS,
    latencyMs: {
      p50: percentile(ms, 50),
      p90: percentile(ms, 90),
      p99: percentile(ms, 99),
      max: ms.at(-1) ?? Number.NaN,
    },
  };
}

/**
 * `concurrency` lanes, each sending its next callback as soon as the last one was answered,
 * for `seconds` or until `targets` run out (when `cycle` is false).
 */
export async function closedLoop(
  targets: readonly Target[],
  options: { concurrency: number; seconds: number; cycle: boolean },
): Promise<LoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const outcomes: Outcome[] = [];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let next = 0;
  let endedBy: LoopResult["endedBy"] = "time";
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        if (next >= targets.length && !options.cycle) {
          endedBy = "callbacks";
          return;
        }
        const target = targets[next++ % targets.length]!;
        outcomes.push(await post(agent, target));
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  return { ...summarize(outcomes, elapsedS), endedBy };
}

/**
 * One callback every 1/rate s on schedule, whatever the answers do, for `seconds` (at most
 * `targets.length` callbacks); latency from each request's start to its answer's end.
 */
export async function openLoop(
  targets: readonly Target[],
  options: { rate: number; seconds: number; maxInFlight: number },
): Promise<LoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxInFlight });
  const total = Math.min(targets.length, Math.round(options.rate * options.seconds));
  const interval = 1000 / options.rate;
  const outcomes: Outcome[] = [];
  const lags: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let shed = 0;
  const started = performance.now();
  let index = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (index < total && started + index * interval <= now) {
        lags.push(now - (started + index * interval));
        const target = targets[index++]!;
        if (inFlight.size >= options.maxInFlight) {
          shed++;
          continue;
        }
        const sending = post(agent, target).then((outcome) => {
          outcomes.push(outcome);
          inFlight.delete(sending);
        });
        inFlight.add(sending);
      }
      if (index >= total) resolve();
      else setTimeout(tick, Math.max(0, started + index * interval - performance.now()));
    };
    tick();
  });
  while (inFlight.size > 0) await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();
  lags.sort((a, b) => a - b);
  // A callback not sent is one not answered: it counts in the latencies as the timeout.
  const result = summarize(
    [...outcomes, ...Array.from({ length: shed }, () => ({ status: 0, ms: TIMEOUT_MS }))],
    elapsedS,
  );
  result.rate = outcomes.length / elapsedS;
  if (shed > 0) result.failures.shed = shed;
  if (shed > 0) result.failures["0"] = (result.failures["0"] ?? 0) - shed;
  if (result.failures["0"] === 0) delete result.failures["0"];
  return { ...result, lagMs: { p99: percentile(lags, 99), max: lags.at(-1) ?? 0 }, shed };
}
