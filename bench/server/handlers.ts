// The handlers' process of bench/server/run.ts: on one store (PGlite in memory, or PostgreSQL),
// the verification service's callbackHandler on one node:http server and a bare node:http
// handler that reads the body and does one INSERT into the same database on another.
// argv[2]: JSON { kind: "pglite" | "postgres", connectionString?, mock: MockAccess }.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import {
  createJumioClient,
  createVerificationService,
  JUMIO_CALLBACK_HOSTNAMES,
  toNodeListener,
} from "../../src/server/index.js";
import { bareListener, createBareTable } from "./bare.js";
import { openBenchDatabase, type StoreKind } from "./database.js";
import { profiling, serve } from "./ipc.js";
import { cpuMicros, metered } from "./meter.js";
import type { MockAccess } from "./mock.js";

interface Config {
  kind: StoreKind;
  connectionString?: string;
  mock: MockAccess;
}

const config = JSON.parse(process.argv[2] ?? "{}") as Config;

// Statements sent to the database by this process (the service's and the bare handler's), to
// tell how many one callback costs: every pg query, and every PGlite query (BEGIN and COMMIT of
// a PGlite transaction counted as two).
let statements = 0;
/** Statements by their first words since the last `statementsByText`: how many, and their time from sent to answered. */
let byText = new Map<string, { count: number; ms: number }>();
const note = (text: unknown): ((settled?: unknown) => void) => {
  statements++;
  const words = (typeof text === "string" ? text : String((text as { text?: unknown })?.text ?? "?"))
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 72);
  const entry = byText.get(words) ?? { count: 0, ms: 0 };
  byText.set(words, entry);
  entry.count++;
  const started = performance.now();
  return () => {
    entry.ms += performance.now() - started;
  };
};
const pgQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const done = note(args[0]);
  const result = pgQuery.apply(this, args);
  if (result instanceof Promise) void result.then(done, done);
  else done();
  return result;
} as typeof pg.Client.prototype.query;

const database = await openBenchDatabase(config.kind, config.connectionString);
const { store, query, openMs } = database;
if (database.pglite) {
  const db = database.pglite;
  type Query = (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;
  const counted =
    (run: Query): Query =>
    (text, params) => {
      const done = note(text);
      const result = run(text, params);
      void result.then(done, done);
      return result;
    };
  const dbQuery = db.query.bind(db) as Query;
  const dbTransaction = db.transaction.bind(db) as <T>(work: (tx: { query: Query }) => Promise<T>) => Promise<T>;
  (db as unknown as { query: Query }).query = counted(dbQuery);
  (db as unknown as { transaction: typeof dbTransaction }).transaction = (work) => {
    note("BEGIN")();
    note("COMMIT")();
    return dbTransaction((tx) => {
      tx.query = counted(tx.query.bind(tx));
      return work(tx);
    });
  };
}
await createBareTable(query);

async function listen(server: Server): Promise<string> {
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The last request's CPU time and statements from its arrival to its answer's last byte: the ack alone. */
let lastAck = { cpu: 0, statements: 0 };
const ackMeter = () => {
  const before = statements;
  return (cpu: number) => {
    lastAck = { cpu, statements: statements - before };
  };
};

let decisions = 0;
const errors: string[] = [];
let errorCount = 0;
let handle: (request: Request, info: { remoteAddress?: string | undefined }) => Promise<Response> = async () =>
  new Response(null, { status: 503 });
const serviceServer = createServer(
  metered(
    toNodeListener((request, info) => handle(request, info)),
    ackMeter,
  ),
);
const serviceUrl = await listen(serviceServer);

const service = createVerificationService({
  client: createJumioClient({
    clientId: config.mock.clientId,
    clientSecret: config.mock.clientSecret,
    region: "amer-1",
    userAgent: "Acme Onboarding/2.1",
    baseUrls: config.mock.baseUrls,
  }),
  store,
  callbackUrl: `${serviceUrl}/callback`,
  // The source check runs: every callback hostname "resolves" to the bench's own address.
  callbackSource: "jumio",
  resolve: async (hostname) =>
    Object.values(JUMIO_CALLBACK_HOSTNAMES).includes(hostname as never) ? ["127.0.0.1"] : [],
  onDecision: () => void decisions++,
  onError: (error, context) => {
    errorCount++;
    if (errors.length < 10) errors.push(`${context.stage}: ${error instanceof Error ? error.message : String(error)}`);
  },
});
const hrefs = service.hrefHandler((request) => {
  const user = request.headers.get("x-bench-user");
  if (!user) return new Response(null, { status: 401 });
  return {
    request: {
      customerInternalReference: `bench-${randomUUID()}`,
      userReference: user,
      workflowDefinition: { key: 10013 },
    },
  };
});
handle = async (request, info) =>
  new URL(request.url).pathname === "/callback"
    ? service.callbackHandler(request, info)
    : new Response(null, { status: 404 });

const bareServer = createServer(metered(bareListener(query), ackMeter));
const bareUrl = await listen(bareServer);

/** Runs `count` calls of `run` with at most `lanes` at once. */
async function lanes<Result>(count: number, width: number, run: (index: number) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await run(index);
      }
    }),
  );
  return results;
}

serve({
  info: () => ({ serviceUrl, bareUrl, openMs, kind: store.kind, pid: process.pid }),
  cpu: () => cpuMicros(),
  /** CPU time and statements so far, and the last ack's: taken around one callback. */
  meter: () => ({ cpu: cpuMicros(), statements, lastAck }),
  /** The statements sent since the last call by their first words, most time first: [words, count, ms]. */
  statementsByText(): [string, number, number][] {
    const counts = [...byText]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([words, { count, ms }]): [string, number, number] => [words, count, ms]);
    byText = new Map();
    return counts;
  },
  /** New users' first verifications through hrefHandler: one account, one workflow each, stored. */
  async prepare(count: number): Promise<string[]> {
    return lanes(count, 8, async () => {
      const response = await hrefs(
        new Request(`${serviceUrl}/verification`, {
          method: "POST",
          headers: { "X-Bench-User": `bench-${randomUUID()}` },
        }),
      );
      if (response.status !== 200) throw new Error(`hrefHandler answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { workflowExecutionId: string }).workflowExecutionId;
    });
  },
  /** Waits until the service has no callback or retrieval work in flight. */
  async settle() {
    const started = performance.now();
    await service.settled();
    return { settleMs: performance.now() - started };
  },
  /** What the store holds: to check that every callback answered 200 was recorded and decided. */
  async counts() {
    const [row] = (await query(
      `SELECT (SELECT count(*) FROM jumio_workflows WHERE status = 'PROCESSED')::int AS processed,
              (SELECT count(*) FROM jumio_callbacks)::int AS callbacks,
              (SELECT count(*) FROM jumio_work)::int AS work,
              (SELECT count(*) FROM bench_bare_callbacks)::int AS bare`,
    )) as [{ processed: number; callbacks: number; work: number; bare: number }];
    return { ...row, decisions, errorCount, errors: errors.splice(0), statements };
  },
  ...profiling,
  async close() {
    await service.close();
    for (const server of [serviceServer, bareServer]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await database.close();
  },
});
