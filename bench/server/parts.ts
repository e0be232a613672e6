// node --import tsx bench/server/parts.ts [--store=pglite|postgres] [--callbacks=2000]
//
// What the service's callback ack is made of, one callback at a time, in one process. A ladder
// of handlers on node:http, each one step of callbackHandler's path more than the one before,
// from the bare handler's floor to the service's handler itself; for each, the CPU time from a
// request's arrival to its answer's last byte (the median of --callbacks). The steps call the
// service's own functions; the last rung is callbackHandler, whose work after the ack waits on a
// Retrieval that never answers, so that only the acks are measured.
import { createHash, randomUUID } from "node:crypto";
import { Agent, createServer, type IncomingMessage, request as post, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { parseCallback } from "../../src/server/callback.js";
import { cachedResolver, isAnyJumioCallbackAddress } from "../../src/server/callback-source.js";
import {
  createVerificationService,
  JUMIO_CALLBACK_HOSTNAMES,
  MAX_CALLBACK_BYTES,
  toNodeListener,
} from "../../src/server/index.js";
import { clientAddress, json, type RequestInfo, readBody } from "../../src/server/requests.js";
import { mintCallbackSecret, SECRET_PARAMETER, secretHash } from "../../src/server/service/callback-secret.js";
import { recordsOf } from "../../src/server/store/open.js";
import { startPostgres, type TestPostgres } from "../../test/support/postgres.js";
import { bareListener, createBareTable } from "./bare.js";
import { openBenchDatabase, type StoreKind } from "./database.js";
import { metered } from "./meter.js";

const { values } = parseArgs({
  options: { store: { type: "string", default: "pglite" }, callbacks: { type: "string", default: "2000" } },
});
const kind = values.store as StoreKind;
const COUNT = Number(values.callbacks);
if (kind !== "pglite" && kind !== "postgres") throw new Error(`--store is pglite or postgres, not ${kind}`);
const WARMUP = 300;

const postgres: TestPostgres | undefined = kind === "postgres" ? await startPostgres() : undefined;
const database = await openBenchDatabase(kind, postgres?.connectionString);
const records = recordsOf(database.store);
await createBareTable(database.query);
const resolve = cachedResolver(async (hostname) =>
  Object.values(JUMIO_CALLBACK_HOSTNAMES).includes(hostname as never) ? ["127.0.0.1"] : [],
);

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
const server = createServer();
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const port = (server.address() as AddressInfo).port;
const callbackUrl = new URL(`http://127.0.0.1:${port}/callback`);

/** Fresh workflows in the store and their callbacks as Jumio would send them, with their secret URLs. */
async function callbacks(count: number): Promise<{ path: string; body: Buffer }[]> {
  const made = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const accountId = randomUUID();
    const secret = mintCallbackSecret(callbackUrl);
    await records.leaseUser(`parts-${id}`, "parts", 60_000);
    await records.insertWorkflow(
      {
        workflowExecutionId: id,
        accountId,
        userReference: `parts-${id}`,
        href: `https://acme.web.amer-1.jumio.ai/web/v4/app?authorizationToken=${"t".repeat(800)}`,
        callbackSecretSha256: secret.sha256,
        tokenLifetimeSeconds: 1800,
      },
      "parts",
    );
    const retrieval = `https://retrieval.amer-1.jumio.ai/api/v1/accounts/${accountId}`;
    const body = {
      callbackSentAt: new Date().toISOString(),
      workflowExecution: {
        id,
        href: `${retrieval}/workflow-executions/${id}`,
        definitionKey: "10013",
        status: "PROCESSED",
      },
      account: { id: accountId, href: retrieval },
    };
    const url = new URL(secret.url);
    made.push({ path: url.pathname + url.search, body: Buffer.from(JSON.stringify(body)) });
  }
  return made;
}

/** What the steps so far learned of one request. */
interface Seen {
  request: Request;
  info: RequestInfo;
  body?: Uint8Array;
  callback?: ReturnType<typeof parseCallback>;
  secretSha256?: string;
  bodySha256?: string;
}

const refused = (what: string): never => {
  throw new Error(`the ladder's ${what} refused a valid callback`);
};

/** callbackHandler's path, step by step, as verification-service.ts takes it (the checks' failures aside). */
const STEPS: [string, (seen: Seen) => Promise<void> | void][] = [
  [
    "+ toNodeListener: a Request in, its body read, json() 200 out",
    async (seen) => {
      seen.body = await readBody(seen.request, MAX_CALLBACK_BYTES);
    },
  ],
  [
    "+ the source check: the client address, the callback hosts",
    async (seen) => {
      const address = clientAddress(seen.request.headers, seen.info.remoteAddress, 0);
      if (!address || !(await isAnyJumioCallbackAddress(address, resolve))) refused("source check");
    },
  ],
  [
    "+ the secret from the URL, parse and validate (zod), two SHA-256",
    (seen) => {
      const secret = new URL(seen.request.url).searchParams.get(SECRET_PARAMETER) ?? refused("secret");
      seen.callback = parseCallback(seen.body);
      seen.secretSha256 = secretHash(secret);
      seen.bodySha256 = createHash("sha256").update(seen.body!).digest("hex");
    },
  ],
  [
    "+ the record: one statement (look up, check, insert, queue)",
    async (seen) => {
      const { callback } = seen;
      const outcome = await records.recordCallback({
        workflowExecutionId: callback!.workflowExecution.id,
        accountId: callback!.account.id,
        secretSha256: seen.secretSha256!,
        bodySha256: seen.bodySha256!,
        status: callback!.workflowExecution.status,
        sentAt: callback!.callbackSentAt,
        remoteAddress: seen.info.remoteAddress,
      });
      if (outcome !== "queued") refused(`record (${outcome})`);
    },
  ],
];

const ladder = (steps: number): Listener =>
  toNodeListener(async (request, info) => {
    const seen: Seen = { request, info };
    for (const [, step] of STEPS.slice(0, steps)) await step(seen);
    return json(200, { received: true });
  });

// Its Retrieval never answers (until close): the acks alone are measured.
const never = (signal?: AbortSignal) =>
  new Promise<never>((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason)));
const service = createVerificationService({
  client: {
    createAccount: () => never(),
    updateAccount: () => never(),
    getWorkflowStatus: (_account, _workflow, options) => never(options?.signal),
    getWorkflowDetails: (_account, _workflow, options) => never(options?.signal),
    deleteAccount: () => never(),
    deleteWorkflow: () => never(),
  },
  store: database.store,
  callbackUrl: callbackUrl.href,
  callbackSource: "jumio",
  resolve: async (hostname) => resolve(hostname),
  reconcileEveryMs: false,
});

const floor: Listener = (req, res) => {
  req.resume();
  req.once("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end('{"received":true}'));
};
/** Each rung is the one at `over` and one step more; `distinct`: it records, so each callback is a new one. */
const RUNGS: { name: string; listener: Listener; over?: number; distinct?: boolean }[] = [
  { name: "node:http: the body read, 200 (no database)", listener: floor },
  { name: "bare: + one INSERT (the bench's bare handler)", listener: bareListener(database.query), over: 0 },
  ...STEPS.map(([name], index) => ({
    name,
    listener: ladder(index + 1),
    over: index === 0 ? 0 : index + 1,
    distinct: index + 1 === STEPS.length,
  })),
  {
    name: "service.callbackHandler itself, against the rung above",
    listener: toNodeListener((request, info) => service.callbackHandler(request, info)),
    over: STEPS.length + 1,
    distinct: true,
  },
];

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const send = (target: { path: string; body: Buffer }) =>
  new Promise<number>((done, fail) => {
    const req = post({ agent, host: "127.0.0.1", port, path: target.path, method: "POST" }, (res) =>
      res.resume().once("end", () => done(res.statusCode ?? 0)),
    );
    req.setHeader("Content-Type", "application/json");
    req.once("error", fail);
    req.end(target.body);
  });

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[numbers.length >> 1]!;
const PASSES = 5;
console.log(
  `parts of the callback ack on ${kind}, one at a time: median CPU µs from a request's arrival to its answer's last byte, ` +
    `of ${COUNT} per rung (after ${WARMUP}), the rungs taking turns in ${PASSES} passes`,
);
// A fresh callback for every request of a rung that records; the others reuse one set.
const shared = await callbacks(WARMUP + COUNT);
const targets = await Promise.all(RUNGS.map(async (rung) => (rung.distinct ? callbacks(WARMUP + COUNT) : shared)));
const samples = RUNGS.map(() => [] as number[]);
const run = async (index: number, from: number, to: number) => {
  server.removeAllListeners("request");
  server.on(
    "request",
    metered(RUNGS[index]!.listener, () => (cpu) => samples[index]!.push(cpu)),
  );
  for (const target of targets[index]!.slice(from, to)) {
    const status = await send(target);
    if (status !== 200) throw new Error(`${RUNGS[index]!.name} answered ${status}`);
  }
};
for (let index = 0; index < RUNGS.length; index++) await run(index, 0, WARMUP);
for (let pass = 0; pass < PASSES; pass++) {
  const [from, to] = [WARMUP + (pass * COUNT) / PASSES, WARMUP + ((pass + 1) * COUNT) / PASSES];
  for (let index = 0; index < RUNGS.length; index++) await run(index, from, to);
}
const medians = samples.map((numbers) => median(numbers.slice(WARMUP)));
RUNGS.forEach((rung, index) => {
  const micros = medians[index]!;
  const step =
    rung.over === undefined ? "" : `${micros - medians[rung.over]! >= 0 ? "+" : ""}${micros - medians[rung.over]!}`;
  console.log(`  ${String(micros).padStart(5)} µs  ${step.padStart(6)}  ${rung.name}`);
});

agent.destroy();
server.closeAllConnections();
server.close();
await service.close();
await database.close();
await postgres?.stop();
