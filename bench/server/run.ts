// npm run bench:server — the verification service's callbackHandler against a bare node:http
// handler that reads the body and does one INSERT into the same database, on PGlite (in
// memory, the embedded default) and on a throwaway PostgreSQL, side by side in one run.
//
// Three processes (and PostgreSQL's): this one generates the load and measures; the handlers'
// process (bench/server/handlers.ts) serves both handlers on one store, each on its own
// node:http server; the mock's (bench/server/mock.ts) answers the service's Retrieval after
// each ack. Each callback the service gets is a distinct, valid one: a workflow created through
// hrefHandler, completed in the mock (PROCESSED) with its callback dropped, then delivered by
// this process with the secret URL and the body the mock would have sent; it passes the source
// check (callbackSource "jumio", the callback hostnames resolving to 127.0.0.1) and the secret
// check, is recorded, retrieved (status + details) and decided (onDecision) — checked after
// each phase against the store.
//
// Per store and round (handlers' order alternating between rounds):
//   closed loop: `--concurrency` lanes for `--closed-seconds` → callbacks/s, and the ratio;
//   open loop: `--rate` callbacks/s for `--open-seconds` → ack latency p50/p99, errors.
// Prints a table, writes bench/server/results.json, exits 1 when a target is missed:
//   service ≥ 80 % of the bare handler's callbacks/s (each store), p99 ≤ 50 ms at 200/s on PGlite.
//
// Options: --rounds=3 --closed-seconds=4 --open-seconds=5 --concurrency=16 --rate=200
//          --stores=pglite,postgres --out=bench/server/results.json --profile[=DIR]
// --profile adds, after the rounds, a profiled closed loop of each handler (not counted in the
// results) and prints where the handlers' process spent its time; the .cpuprofile files stay in DIR.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startPostgres, type TestPostgres } from "../../test/support/postgres.js";
import { type Child, start } from "./ipc.js";
import { closedLoop, type LoopResult, openLoop, percentile, post, type Target } from "./load.js";
import { cpuMicros } from "./meter.js";
import type { MockAccess, PreparedCallback } from "./mock.js";
import { type ProfileSummary, printProfile, summarizeProfile } from "./profile.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    "closed-seconds": { type: "string", default: "4" },
    "open-seconds": { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    rate: { type: "string", default: "200" },
    stores: { type: "string", default: "pglite,postgres" },
    out: { type: "string", default: new URL("results.json", import.meta.url).pathname },
    profile: { type: "string" },
  },
});
// `--profile` alone is allowed: parseArgs wants a value for a string option, so look at argv too.
const profileDir =
  values.profile ??
  (process.argv.includes("--profile") ? join(tmpdir(), `jumio-bench-server-${Date.now()}`) : undefined);

function bounded(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${name} must be a number from ${min} to ${max}, not ${text}`);
    process.exit(2);
  }
  return value;
}
const ROUNDS = bounded("rounds", values.rounds, 1, 9);
const CLOSED_S = bounded("closed-seconds", values["closed-seconds"], 1, 60);
const OPEN_S = bounded("open-seconds", values["open-seconds"], 1, 60);
const CONCURRENCY = bounded("concurrency", values.concurrency, 1, 256);
const RATE = bounded("rate", values.rate, 1, 2000);
const STORES = values.stores.split(",").map((name) => name.trim());
for (const name of STORES) {
  if (name !== "pglite" && name !== "postgres") {
    console.error(`--stores takes pglite and/or postgres, not ${name}`);
    process.exit(2);
  }
}
/** Callbacks a closed loop of the service gets at most: the mock looks through all its workflows on each request. */
const MAX_POOL = 10_000;
const WARMUP_CALLBACKS = 200;
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 50;

const here = (file: string) => new URL(file, import.meta.url).pathname;
type Handler = "service" | "bare";
type StoreKind = "pglite" | "postgres";

interface Phase extends LoopResult {
  store: StoreKind;
  handler: Handler;
  mode: "closed" | "open";
  round: number;
  /** CPU time of each process per callback answered, in µs (the handlers' includes the service's work after the ack, until settled). */
  cpuMicrosPerCallback: { handlers: number; mock: number; load: number };
  /** Share of all the machine's CPU time that was busy during the loop (any process, this bench's or not). */
  machineBusy: number;
  /** Service: how long its work after the last ack took to finish, and what the store shows of it. */
  settleMs?: number;
  /** Service: callbacks decided per second, from the loop's start until its work was settled. */
  endToEndRate?: number;
  decided?: number;
  /** Database statements per callback answered (service: its work after the ack included). */
  statementsPerCallback: number;
  recorded?: number;
  processed?: number;
  /** Answers other than 200 (or none): part of the measurement. */
  errors: string[];
  /** Wrong outcomes: a callback recorded but not decided (or decided twice), work left over, errors the service reported. */
  problems: string[];
}

/** Busy and total CPU time of the whole machine so far (/proc/stat, clock ticks). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

const toTargets = (callbacks: readonly PreparedCallback[], url: (callback: PreparedCallback) => string): Target[] =>
  callbacks.map((callback) => ({ url: url(callback), body: Buffer.from(callback.body) }));

interface Counts {
  processed: number;
  callbacks: number;
  work: number;
  bare: number;
  decisions: number;
  errorCount: number;
  errors: string[];
  statements: number;
}

interface Meter {
  cpu: number;
  statements: number;
  /** The last request's, from its arrival to its answer's last byte. */
  lastAck: { cpu: number; statements: number };
}

/** One callback at a time: what the ack, and the service's work after it, cost the handlers' process. */
interface Breakdown {
  callbacks: number;
  /** Medians per callback. */
  service: {
    ackMs: number;
    ackCpuMicros: number;
    ackStatements: number;
    afterAckCpuMicros: number;
    afterAckStatements: number;
    afterAckMs: number;
    mockCpuMicros: number;
  };
  bare: { ackMs: number; ackCpuMicros: number; ackStatements: number };
  /** The service's statements per callback by their first words: [words, how many, ms from sent to answered]. */
  serviceStatements: [string, number, number][];
}

const median = (numbers: readonly number[]) =>
  percentile(
    [...numbers].sort((a, b) => a - b),
    50,
  );
const spread = (numbers: readonly number[]) => ({
  median: median(numbers),
  min: Math.min(...numbers),
  max: Math.max(...numbers),
});

async function main(): Promise<number> {
  const loadBefore = loadavg();
  const startedAt = new Date();
  console.log(
    `bench:server — ${cpus().length} CPUs, Node ${process.version}, load average ${loadBefore.map((n) => n.toFixed(2)).join(" ")}; ` +
      `${ROUNDS} rounds × (closed loop ${CONCURRENCY} lanes ${CLOSED_S} s, open loop ${RATE}/s ${OPEN_S} s) per handler and store`,
  );
  const phases: Phase[] = [];
  const profiles: Record<string, ProfileSummary & { file: string }> = {};
  const opened: Record<string, number> = {};
  const breakdowns: Record<string, Breakdown> = {};
  const mock = await start(here("mock.ts"), []);
  const access = await mock.call<MockAccess>("access");
  try {
    for (const kind of STORES as StoreKind[]) {
      let postgres: TestPostgres | undefined;
      let handlers: Child | undefined;
      try {
        if (kind === "postgres") postgres = await startPostgres();
        const config = { kind, connectionString: postgres?.connectionString, mock: access };
        handlers = await start(here("handlers.ts"), [JSON.stringify(config)], { readyTimeoutMs: 120_000 });
        const info = await handlers.call<{ serviceUrl: string; bareUrl: string; openMs: number }>("info");
        opened[kind] = Math.round(info.openMs);
        console.log(
          `\n${kind}: store opened in ${Math.round(info.openMs)} ms; service ${info.serviceUrl}, bare ${info.bareUrl}`,
        );
        await runStore(kind, mock, handlers, info, phases, profiles, breakdowns);
      } finally {
        await handlers?.call("close", undefined, 60_000).catch(() => {});
        await handlers?.stop();
        await postgres?.stop();
      }
    }
  } finally {
    await mock.stop();
  }
  const loadAfter = loadavg();
  return report(phases, profiles, breakdowns, { startedAt, loadBefore, loadAfter, opened });
}

async function runStore(
  kind: StoreKind,
  mock: Child,
  handlers: Child,
  info: { serviceUrl: string; bareUrl: string },
  phases: Phase[],
  profiles: Record<string, ProfileSummary & { file: string }>,
  breakdowns: Record<string, Breakdown>,
): Promise<void> {
  /** Fresh workflows for `count` callbacks: hrefHandler, then completed in the mock (callbacks dropped). */
  async function prepare(count: number): Promise<{ service: Target[]; bare: Target[] }> {
    await mock.call("reset");
    const started = performance.now();
    const ids = await handlers.call<string[]>("prepare", count, 300_000);
    const callbacks = await mock.call<PreparedCallback[]>("complete", ids);
    await handlers.call("settle");
    console.log(
      `  ${count} workflows created through hrefHandler in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const bare = new URL("/callback", info.bareUrl).href;
    return { service: toTargets(callbacks, (callback) => callback.url), bare: toTargets(callbacks, () => bare) };
  }

  async function measure(
    handler: Handler,
    mode: Phase["mode"],
    round: number,
    loop: () => Promise<LoopResult>,
  ): Promise<Phase> {
    const before = {
      handlers: await handlers.call<number>("cpu"),
      mock: await mock.call<number>("cpu"),
      load: cpuMicros(),
      counts: await handlers.call<Counts>("counts"),
    };
    const ticks = machineTicks();
    const result = await loop();
    const ticksAfter = machineTicks();
    const load = cpuMicros();
    const { settleMs } = await handlers.call<{ settleMs: number }>("settle");
    const after = {
      handlers: await handlers.call<number>("cpu"),
      mock: await mock.call<number>("cpu"),
      counts: await handlers.call<Counts>("counts"),
    };
    const per = (micros: number) => Math.round(micros / Math.max(1, result.ok));
    const phase: Phase = {
      store: kind,
      handler,
      mode,
      round,
      ...result,
      cpuMicrosPerCallback: {
        handlers: per(after.handlers - before.handlers),
        mock: per(after.mock - before.mock),
        load: per(load - before.load),
      },
      machineBusy: (ticksAfter.busy - ticks.busy) / Math.max(1, ticksAfter.total - ticks.total),
      // Less the one statement of each counts() call.
      statementsPerCallback:
        Math.round(((after.counts.statements - before.counts.statements - 1) / Math.max(1, result.ok)) * 10) / 10,
      errors: [],
      problems: [],
    };
    if (result.ok !== result.sent)
      phase.errors.push(
        `${result.sent - result.ok} of ${result.sent} not answered 200: ${JSON.stringify(result.failures)}`,
      );
    if (handler === "service") {
      phase.settleMs = Math.round(settleMs);
      const decided = after.counts.decisions - before.counts.decisions;
      phase.decided = decided;
      phase.recorded = after.counts.callbacks - before.counts.callbacks;
      phase.processed = after.counts.processed - before.counts.processed;
      // A callback the load generator gave up on (10 s) may still have been recorded: then it must be decided too.
      if (phase.recorded < result.ok || phase.decided !== phase.recorded || phase.processed !== phase.recorded) {
        phase.problems.push(
          `${result.ok} answered 200, but ${phase.recorded} recorded, ${phase.processed} PROCESSED, ${phase.decided} decided`,
        );
      }
      phase.endToEndRate = decided / (result.elapsedS + settleMs / 1000);
      if (after.counts.work !== 0) phase.problems.push(`${after.counts.work} pieces of work left in the store`);
    } else {
      const inserted = after.counts.bare - before.counts.bare;
      if (inserted !== result.ok) phase.problems.push(`${result.ok} answered 200, but ${inserted} rows inserted`);
    }
    const errorCount = after.counts.errorCount - before.counts.errorCount;
    if (errorCount > 0) phase.problems.push(`onError ${errorCount}×: ${after.counts.errors.slice(0, 3).join("; ")}`);
    const latency = `p50 ${phase.latencyMs.p50.toFixed(1)} p99 ${phase.latencyMs.p99.toFixed(1)} ms`;
    console.log(
      `  round ${round} ${mode.padEnd(6)} ${handler.padEnd(7)} ${phase.rate.toFixed(0).padStart(5)}/s  ${latency}  ` +
        `cpu ${phase.cpuMicrosPerCallback.handlers} µs/cb (mock ${phase.cpuMicrosPerCallback.mock}), ${phase.statementsPerCallback} stmts/cb, machine ${(phase.machineBusy * 100).toFixed(0)} % busy` +
        `${phase.settleMs === undefined ? "" : `, settled in ${phase.settleMs} ms (decided ${phase.endToEndRate!.toFixed(0)}/s)`}${phase.endedBy === "callbacks" ? " (ran out of callbacks)" : ""}` +
        `${phase.errors.length ? `\n    errors: ${phase.errors.join("; ")}` : ""}` +
        `${phase.problems.length ? `\n    PROBLEM: ${phase.problems.join("; ")}` : ""}`,
    );
    return phase;
  }

  // Warm-up (not counted): JIT, connections, the mock's access token, PGlite's caches.
  const warm = await prepare(WARMUP_CALLBACKS);
  const warmService = await closedLoop(warm.service, { concurrency: CONCURRENCY, seconds: 3, cycle: false });
  await handlers.call("settle");
  await closedLoop(warm.bare, { concurrency: CONCURRENCY, seconds: 2, cycle: true });
  let expectedRate = warmService.rate;
  console.log(`  warm-up: service ${warmService.rate.toFixed(0)}/s`);

  // One callback at a time (after the warm-up): CPU and statements of the ack and of the work after it.
  {
    const count = 100;
    const sequential = await prepare(count);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const meter = () => handlers.call<Meter>("meter");
    // What reading the meter twice costs by itself (the IPC messages): taken off each reading.
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) {
      const first = await meter();
      idle.push((await meter()).cpu - first.cpu);
    }
    const overhead = median(idle);
    await handlers.call("statementsByText");
    const samples = {
      ackMs: [] as number[],
      ackCpu: [] as number[],
      ackStatements: [] as number[],
      afterCpu: [] as number[],
      afterStatements: [] as number[],
      afterMs: [] as number[],
      mock: [] as number[],
    };
    for (const target of sequential.service) {
      const mock0 = await mock.call<number>("cpu");
      const before = await meter();
      const outcome = await post(agent, target);
      const acked = await meter();
      const started = performance.now();
      await handlers.call("settle");
      const afterMs = performance.now() - started;
      const settled = await meter();
      const mock1 = await mock.call<number>("cpu");
      if (outcome.status !== 200) throw new Error(`sequential callback answered ${outcome.status}`);
      samples.ackMs.push(outcome.ms);
      // The ack: from the request's arrival to its answer; the rest until settled is the work after it.
      samples.ackCpu.push(acked.lastAck.cpu);
      samples.ackStatements.push(acked.lastAck.statements);
      samples.afterCpu.push(settled.cpu - before.cpu - 3 * overhead - acked.lastAck.cpu);
      samples.afterStatements.push(settled.statements - before.statements - acked.lastAck.statements);
      samples.afterMs.push(afterMs);
      samples.mock.push(mock1 - mock0);
    }
    const serviceStatements = (await handlers.call<[string, number, number][]>("statementsByText")).map(
      ([text, n, ms]): [string, number, number] => [
        text,
        Math.round((n / count) * 100) / 100,
        Math.round((ms / count) * 1000) / 1000,
      ],
    );
    const bare = { ackMs: [] as number[], ackCpu: [] as number[], ackStatements: [] as number[] };
    for (const target of sequential.bare) {
      const outcome = await post(agent, target);
      const after = await meter();
      if (outcome.status !== 200) throw new Error(`sequential bare callback answered ${outcome.status}`);
      bare.ackMs.push(outcome.ms);
      bare.ackCpu.push(after.lastAck.cpu);
      bare.ackStatements.push(after.lastAck.statements);
    }
    agent.destroy();
    const m = (numbers: number[]) => Math.round(median(numbers) * 10) / 10;
    breakdowns[kind] = {
      callbacks: count,
      service: {
        ackMs: m(samples.ackMs),
        ackCpuMicros: m(samples.ackCpu),
        ackStatements: m(samples.ackStatements),
        afterAckCpuMicros: m(samples.afterCpu),
        afterAckStatements: m(samples.afterStatements),
        afterAckMs: m(samples.afterMs),
        mockCpuMicros: m(samples.mock),
      },
      bare: { ackMs: m(bare.ackMs), ackCpuMicros: m(bare.ackCpu), ackStatements: m(bare.ackStatements) },
      serviceStatements,
    };
    const b = breakdowns[kind]!;
    console.log(
      `  one at a time (medians of ${count}): service ack ${b.service.ackMs} ms, ${b.service.ackCpuMicros} µs CPU, ${b.service.ackStatements} statements; ` +
        `after the ack ${b.service.afterAckMs} ms, ${b.service.afterAckCpuMicros} µs CPU, ${b.service.afterAckStatements} statements (mock ${b.service.mockCpuMicros} µs); ` +
        `bare ${b.bare.ackMs} ms, ${b.bare.ackCpuMicros} µs CPU, ${b.bare.ackStatements} statement`,
    );
    console.log(
      `  the service's statements per callback (how many, ms each callback spent in them):\n` +
        b.serviceStatements
          .map(([text, n, ms]) => `    ${n.toFixed(2)}  ${ms.toFixed(2).padStart(6)} ms  ${text}`)
          .join("\n"),
    );
  }

  for (let round = 1; round <= ROUNDS; round++) {
    const order: Handler[] = round % 2 === 1 ? ["service", "bare"] : ["bare", "service"];
    // Enough distinct callbacks for the service's whole closed loop, with room; the bare handler reuses their bodies.
    const closed = await prepare(Math.min(MAX_POOL, Math.max(600, Math.ceil(expectedRate * CLOSED_S * 2))));
    for (const handler of order) {
      const phase = await measure(handler, "closed", round, () =>
        closedLoop(closed[handler], { concurrency: CONCURRENCY, seconds: CLOSED_S, cycle: handler === "bare" }),
      );
      if (handler === "service") expectedRate = Math.max(expectedRate, phase.rate);
      phases.push(phase);
    }
    const open = await prepare(Math.ceil(RATE * OPEN_S));
    for (const handler of order) {
      phases.push(
        await measure(handler, "open", round, () =>
          openLoop(open[handler], { rate: RATE, seconds: OPEN_S, maxInFlight: 512 }),
        ),
      );
    }
  }

  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    const pool = await prepare(Math.min(MAX_POOL, Math.ceil(expectedRate * CLOSED_S * 1.6)));
    for (const handler of ["service", "bare"] as const) {
      await handlers.call("profileStart");
      if (handler === "service") await mock.call("profileStart");
      const result = await closedLoop(pool[handler], {
        concurrency: CONCURRENCY,
        seconds: CLOSED_S,
        cycle: handler === "bare",
      });
      await handlers.call("settle");
      const files = [
        await handlers.call<string>("profileStop", join(profileDir, `${kind}-${handler}-closed.cpuprofile`)),
      ];
      if (handler === "service")
        files.push(await mock.call<string>("profileStop", join(profileDir, `${kind}-service-closed-mock.cpuprofile`)));
      for (const file of files) {
        const summary = await summarizeProfile(file);
        const process = file.endsWith("-mock.cpuprofile") ? "the mock's process" : "the handlers' process";
        profiles[`${kind}/${handler}${file.endsWith("-mock.cpuprofile") ? "/mock" : ""}`] = { ...summary, file };
        printProfile(
          `profile of ${process}, ${kind} ${handler}, closed loop (${result.ok} callbacks at ${result.rate.toFixed(0)}/s, profiler on) → ${file}`,
          summary,
        );
      }
    }
  }
}

function report(
  phases: Phase[],
  profiles: Record<string, ProfileSummary & { file: string }>,
  breakdowns: Record<string, Breakdown>,
  run: { startedAt: Date; loadBefore: number[]; loadAfter: number[]; opened: Record<string, number> },
): number {
  const stores = [...new Set(phases.map((phase) => phase.store))];
  const pick = (store: StoreKind, handler: Handler, mode: Phase["mode"]) =>
    phases.filter((phase) => phase.store === store && phase.handler === handler && phase.mode === mode);
  const summary: Record<string, unknown> = {};
  const verdicts: { target: string; value: string; met: boolean }[] = [];
  const rows: string[][] = [];
  for (const store of stores) {
    const ratios = pick(store, "service", "closed").map((service) => {
      const bare = pick(store, "bare", "closed").find((phase) => phase.round === service.round)!;
      return service.rate / bare.rate;
    });
    const perHandler: Record<string, unknown> = {};
    for (const handler of ["service", "bare"] as const) {
      const closed = pick(store, handler, "closed");
      const open = pick(store, handler, "open");
      const entry = {
        callbacksPerSecond: spread(closed.map((phase) => phase.rate)),
        closedLoopP99Ms: spread(closed.map((phase) => phase.latencyMs.p99)),
        ackLatencyAtRateMs: {
          p50: spread(open.map((phase) => phase.latencyMs.p50)),
          p99: spread(open.map((phase) => phase.latencyMs.p99)),
        },
        ...(handler === "service" ? { decidedPerSecond: spread(closed.map((phase) => phase.endToEndRate ?? 0)) } : {}),
        cpuMicrosPerCallback: spread(closed.map((phase) => phase.cpuMicrosPerCallback.handlers)),
        statementsPerCallback: median(closed.map((phase) => phase.statementsPerCallback)),
        errors: [...closed, ...open].reduce((sum, phase) => sum + (phase.sent - phase.ok), 0),
        problems: [...closed, ...open].flatMap((phase) =>
          phase.problems.map((problem) => `round ${phase.round} ${phase.mode}: ${problem}`),
        ),
      };
      perHandler[handler] = entry;
      const fmt = (s: { median: number; min: number; max: number }, digits = 0) =>
        `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
      rows.push([
        store,
        handler,
        fmt(entry.callbacksPerSecond),
        handler === "service" ? `${fmt(spread(ratios.map((ratio) => ratio * 100)))} %` : "",
        handler === "service" ? fmt(spread(closed.map((phase) => phase.endToEndRate ?? 0))) : "",
        fmt(entry.ackLatencyAtRateMs.p50, 1),
        fmt(entry.ackLatencyAtRateMs.p99, 1),
        fmt(entry.cpuMicrosPerCallback),
        String(entry.statementsPerCallback),
        String(entry.errors),
      ]);
    }
    const ratio = spread(ratios);
    summary[store] = { ...perHandler, throughputRatio: ratio };
    verdicts.push({
      target: `${store}: service ≥ ${TARGET_RATIO * 100} % of the bare handler's callbacks/s`,
      value: `${(ratio.median * 100).toFixed(0)} % (rounds ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(", ")})`,
      met: ratio.median >= TARGET_RATIO,
    });
    const p99 = spread(pick(store, "service", "open").map((phase) => phase.latencyMs.p99));
    verdicts.push({
      target: `${store}: service ack p99 ≤ ${TARGET_P99_MS} ms at ${RATE} callbacks/s${store === "pglite" ? "" : " (the issue's target names PGlite; shown for comparison)"}`,
      value: `${p99.median.toFixed(1)} ms (rounds ${pick(store, "service", "open")
        .map((phase) => phase.latencyMs.p99.toFixed(1))
        .join(", ")})`,
      met: p99.median <= TARGET_P99_MS,
    });
    const problems = phases.filter((phase) => phase.store === store && phase.problems.length > 0);
    verdicts.push({
      target: `${store}: every callback recorded was PROCESSED and decided once, nothing left over, no onError`,
      value: problems.length === 0 ? "yes" : `${problems.length} phases with problems`,
      met: problems.length === 0,
    });
  }

  const header = [
    "store",
    "handler",
    "callbacks/s (closed)",
    "of bare",
    "decided/s",
    `p50 ms @${RATE}/s`,
    `p99 ms @${RATE}/s`,
    "CPU µs/callback",
    "statements",
    "errors",
  ];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ");
  console.log(
    `\nMedians of ${ROUNDS} rounds (min–max). callbacks/s: answers in the closed loop; decided/s: the service's callbacks ` +
      `recorded, retrieved and decided per second from the loop's start until its work settled; CPU: the handlers' process per callback, ` +
      `the service's work after the ack included.`,
  );
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(row));
  for (const [store, b] of Object.entries(breakdowns)) {
    console.log(
      `${store}, one callback at a time: service ack ${b.service.ackCpuMicros} µs CPU / ${b.service.ackStatements} statements, ` +
        `its work after the ack ${b.service.afterAckCpuMicros} µs / ${b.service.afterAckStatements} statements (the mock's ${b.service.mockCpuMicros} µs besides); ` +
        `bare ${b.bare.ackCpuMicros} µs / ${b.bare.ackStatements} statement`,
    );
  }
  // More runnable processes than CPUs, before or after: other work shared the machine, and the numbers move with it.
  const noisy = Math.max(run.loadBefore[0]!, run.loadAfter[0]!) > cpus().length;
  console.log(
    `\nLoad average before ${run.loadBefore.map((n) => n.toFixed(2)).join(" ")}, after ${run.loadAfter.map((n) => n.toFixed(2)).join(" ")}` +
      (noisy
        ? ` — above the ${cpus().length} CPUs: other work shared the machine; compare ratios and CPU per callback rather than rates`
        : ""),
  );
  console.log("\nTargets:");
  for (const verdict of verdicts) {
    const gate = verdict.target.includes("names PGlite") ? "info" : verdict.met ? "met " : "MISS";
    console.log(`  [${gate}] ${verdict.target}: ${verdict.value}`);
  }

  const git = (...args: string[]) => {
    const run = spawnSync("git", args, { cwd: here("."), encoding: "utf8" });
    return run.status === 0 ? run.stdout.trim() : undefined;
  };
  const results = {
    // What was measured: the service's source at this commit, and whether src/ had changes not committed.
    revision: {
      commit: git("rev-parse", "HEAD") ?? "unknown",
      srcChanged: (git("status", "--porcelain", "--", "src") ?? "") !== "",
    },
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model,
      node: process.version,
      date: run.startedAt.toISOString(),
      loadAverageBefore: run.loadBefore,
      loadAverageAfter: run.loadAfter,
      noisy,
    },
    settings: {
      rounds: ROUNDS,
      closedSeconds: CLOSED_S,
      openSeconds: OPEN_S,
      concurrency: CONCURRENCY,
      rate: RATE,
      storeOpenMs: run.opened,
    },
    method:
      "Closed loop: `concurrency` keep-alive connections, each POSTing its next callback when the last was answered, for `closedSeconds` → callbacks/s. " +
      "Open loop: one callback every 1/rate s on schedule for `openSeconds` → ack latency from each request's start to its answer's end. " +
      "The load comes from another process than the handlers'; each service callback is a distinct valid one (workflow created through hrefHandler, completed in the mock), " +
      "from an allowed source, with its secret, recorded, retrieved from the mock (its own process) and decided, checked after each phase. " +
      "The bare handler reads the same bodies and does one INSERT into the same database (PGlite: the store's own instance; PostgreSQL: a pool of its own on the same database). " +
      "Rounds alternate which handler goes first. PostgreSQL runs with fsync off (test/support/postgres.ts).",
    summary,
    oneAtATime: breakdowns,
    targets: verdicts,
    phases,
    ...(Object.keys(profiles).length ? { profiles } : {}),
  };
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${values.out}`);
  return verdicts.every((verdict) => verdict.met || verdict.target.includes("names PGlite")) ? 0 : 1;
}

// Bounded: the whole run ends within 15 minutes, whatever hangs.
const watchdog = setTimeout(() => {
  console.error("bench:server: still running after 15 minutes; giving up");
  process.exit(3);
}, 15 * 60_000);
watchdog.unref();
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
