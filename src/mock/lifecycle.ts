import { samplePartImage } from "./sample-image.js";
import { DOCUMENT_TYPES, type DocumentType, processWorkflow } from "./sample-results.js";
import type { MockWorkflow, Store } from "./store.js";

/** The guide: "As soon as the workflow (transaction) starts, a 15 minutes session timeout starts." */
export const SESSION_TIMEOUT_MS = 15 * 60_000;

/** What `startMockJumio` uses when `processingDelayMs` is not given. */
export const DEFAULT_PROCESSING_DELAY_MS = 1_500;

/** What the simulated web client shows for a workflow: usable, or the error it posts on load. */
export type WebState = "active" | "token-expired" | "session-expired";

export interface Lifecycle {
  /**
   * Applies the time that passed: an unstarted workflow past its token lifetime is TOKEN_EXPIRED,
   * a started one idle for 15 min SESSION_EXPIRED, an ACQUIRED one past its processing time PROCESSED.
   */
  refresh(workflow: MockWorkflow): void;
  sweep(): void;
  /** The user did something: starts the session, or resets its timeout. */
  touch(workflow: MockWorkflow): void;
  webState(workflow: MockWorkflow): WebState;
  /** Ends the token's lifetime now; a workflow not finished yet becomes TOKEN_EXPIRED. */
  expireToken(workflow: MockWorkflow): void;
  /**
   * Takes the capture: ACQUIRED, then PROCESSED with capability results once the processing
   * delay passed (at once for 0); the web channel "captures" sample parts first. `false`, and
   * nothing done, unless it is still INITIATED.
   */
  complete(workflow: MockWorkflow, channel: "WEB" | "API", documentType?: string): boolean;
  /** Cancels the processing still waiting for its timer (reset, close). */
  stop(): void;
}

export interface LifecycleOptions {
  store: Store;
  now: () => number;
  /** From ACQUIRED to PROCESSED. */
  processingDelayMs: number;
  /** Told of every workflow that reaches a final status (PROCESSED, TOKEN_EXPIRED, SESSION_EXPIRED): that is when Jumio calls back. */
  finished: (workflow: MockWorkflow) => void;
}

const isDocumentType = (value: unknown): value is DocumentType =>
  typeof value === "string" && (DOCUMENT_TYPES as readonly string[]).includes(value);

/** The type the user picked, else the first one the request allows, else a passport. */
function documentTypeOf(workflow: MockWorkflow, chosen: string | undefined): DocumentType {
  const allowed = workflow.credentials.find(({ category }) => category === "ID")?.definition?.type?.values ?? [];
  return [chosen, ...allowed].find(isDocumentType) ?? "PASSPORT";
}

/** The parts the simulated web client "captured" for each credential not uploaded through the API channel. */
function captureSamples(workflow: MockWorkflow, documentType: DocumentType): void {
  for (const credential of workflow.credentials) {
    if (credential.parts.size > 0) continue;
    const singlePage = credential.category === "ID" && (documentType === "PASSPORT" || documentType === "VISA");
    const classifiers = singlePage ? credential.classifiers.filter((item) => item === "FRONT") : credential.classifiers;
    for (const classifier of classifiers) {
      credential.parts.set(classifier, {
        bytes: samplePartImage(classifier, documentType),
        contentType: "image/png",
        uploaded: false,
      });
    }
  }
}

/** The workflows' status over time. */
export function createLifecycle({ store, now, processingDelayMs, finished }: LifecycleOptions): Lifecycle {
  const timers = new Map<MockWorkflow, NodeJS.Timeout>();

  function finish(workflow: MockWorkflow, status: MockWorkflow["status"]) {
    workflow.status = status;
    finished(workflow);
  }

  function processCapture(workflow: MockWorkflow) {
    clearTimeout(timers.get(workflow));
    timers.delete(workflow);
    // A workflow deleted (or forgotten by reset) while ACQUIRED is never processed.
    if (workflow.status !== "ACQUIRED" || !workflow.acquired || store.byId(workflow.id) !== workflow) return;
    workflow.completedAt = now();
    workflow.results = processWorkflow(workflow, workflow.acquired.documentType, now());
    finish(workflow, "PROCESSED");
  }

  const lifecycle: Lifecycle = {
    refresh(workflow) {
      if (workflow.status === "ACQUIRED") {
        if (now() >= (workflow.acquired?.at ?? 0) + processingDelayMs) processCapture(workflow);
        return;
      }
      if (workflow.status !== "INITIATED") return;
      if (workflow.lastActivityAt !== undefined) {
        if (now() >= workflow.lastActivityAt + SESSION_TIMEOUT_MS) finish(workflow, "SESSION_EXPIRED");
      } else if (now() >= workflow.tokenExpiresAt) {
        finish(workflow, "TOKEN_EXPIRED");
      }
    },
    sweep() {
      for (const workflow of store.workflows()) lifecycle.refresh(workflow);
    },
    touch(workflow) {
      workflow.startedAt ??= now();
      workflow.lastActivityAt = now();
    },
    webState(workflow) {
      lifecycle.refresh(workflow);
      if (workflow.status === "SESSION_EXPIRED") return "session-expired";
      return workflow.status === "INITIATED" && now() < workflow.tokenExpiresAt ? "active" : "token-expired";
    },
    expireToken(workflow) {
      workflow.tokenExpiresAt = Math.min(workflow.tokenExpiresAt, now());
      if (workflow.status === "INITIATED") finish(workflow, "TOKEN_EXPIRED");
    },
    complete(workflow, channel, chosen) {
      lifecycle.refresh(workflow);
      if (workflow.status !== "INITIATED") return false;
      const documentType = documentTypeOf(workflow, chosen);
      if (channel === "WEB") captureSamples(workflow, documentType);
      lifecycle.touch(workflow);
      workflow.acquired = { at: now(), documentType };
      workflow.status = "ACQUIRED";
      if (processingDelayMs === 0) processCapture(workflow);
      // Real time moves it on; an injected clock that passes the delay first does so in refresh.
      else timers.set(workflow, setTimeout(() => processCapture(workflow), processingDelayMs).unref());
      return true;
    },
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
  return lifecycle;
}
