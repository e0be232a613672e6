// The simulated Jumio for bench/server/run.ts, in a process of its own: the service's Retrieval
// calls after each ack go here, as they would go to Jumio, not into the handlers' event loop.
import { startMockJumio } from "../../src/mock/index.js";
import { profiling, serve } from "./ipc.js";
import { cpuMicros } from "./meter.js";

const mock = await startMockJumio({ processingDelayMs: 0, callbackRetryDelaysMs: [] });

export interface MockAccess {
  clientId: string;
  clientSecret: string;
  baseUrls: typeof mock.baseUrls;
}

/** One callback as the mock would have sent it: its URL holds the workflow's secret. */
export interface PreparedCallback {
  workflowExecutionId: string;
  url: string;
  body: string;
}

serve({
  access: (): MockAccess => ({ clientId: mock.clientId, clientSecret: mock.clientSecret, baseUrls: mock.baseUrls }),
  cpu: () => cpuMicros(),
  ...profiling,
  /** Forgets every account and workflow: the mock looks through all of them on each request. */
  reset: () => mock.reset(),
  /**
   * Completes each workflow (PROCESSED at once, processingDelayMs 0) with its callback dropped,
   * and answers those callbacks: the bench delivers them itself, as Jumio would.
   */
  complete(ids: string[]): PreparedCallback[] {
    const before = mock.callbacks().length;
    mock.dropCallbacks(ids.length);
    for (const id of ids) if (!mock.complete(id)) throw new Error(`the mock cannot complete workflow ${id}`);
    const records = mock.callbacks().slice(before);
    if (records.length !== ids.length || records.some((record) => !record.dropped)) {
      throw new Error(`expected ${ids.length} dropped callbacks, the mock has ${records.length}`);
    }
    return records.map((record) => ({
      workflowExecutionId: record.body.workflowExecution.id,
      url: record.url,
      body: JSON.stringify(record.body),
    }));
  },
});
