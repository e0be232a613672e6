export type { CallbackAttempt, CallbackRecord } from "./callbacks.js";
export type { MockAccountSummary, MockControl, MockWorkflowSummary } from "./control.js";
export type { FailureRule } from "./faults.js";
export type { MockJumio, MockJumioOptions } from "./mock-jumio.js";
export { startMockJumio } from "./mock-jumio.js";
export type { WebClientSession } from "./web-client.js";
export { webClientPage } from "./web-client.js";
