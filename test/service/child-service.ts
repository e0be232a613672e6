// A host backend in a process of its own, for the tests that kill it: its Retrieval calls never
// answer, so it can be killed after a callback's 200 and before the retrieval ends.
import { openVerificationStore, type VerificationStoreOptions } from "../../src/server/index.js";
import { type MockAccess, mockClient, startBackend } from "./support.js";

const store = await openVerificationStore(JSON.parse(process.env.STORE!) as VerificationStoreOptions);
const mock = JSON.parse(process.env.MOCK!) as MockAccess;
const hangOnRetrieval: typeof fetch = (input, init) => {
  if (!String(input).includes("/workflow-executions/")) return fetch(input, init);
  // The work is claimed, its lease in the store: the test may kill this process now.
  process.stdout.write(`${JSON.stringify({ retrieving: true })}\n`);
  return new Promise(() => {});
};
const backend = await startBackend(mock, store, {
  client: mockClient(mock, { fetch: hangOnRetrieval }),
  leaseMs: Number(process.env.LEASE_MS),
});
process.stdout.write(`${JSON.stringify({ url: backend.url })}\n`);
