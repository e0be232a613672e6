import type {
  JumioErrorEvent,
  JumioLoadedEvent,
  JumioMessageEvent,
  JumioStateChangeEvent,
  JumioSuccessEvent,
} from "../../../../src/element/events.js";

/** One call of a callback or handler, as the specs read it back from the page. */
export interface Call {
  /** The prop or handler that was called, e.g. `onJumioSuccess`. */
  handler: string;
  /** Which render's function it was (React: bumped by `replaceCallbacks()`). */
  version: number;
  type: string;
  workflowExecutionId: string | null;
  state: string | null;
  code: string | number | null;
}

type AnyJumioEvent = JumioLoadedEvent | JumioSuccessEvent | JumioErrorEvent | JumioMessageEvent | JumioStateChangeEvent;

export function callOf(handler: string, version: number, event: AnyJumioEvent): Call {
  const detail = event.detail;
  return {
    handler,
    version,
    type: event.type,
    workflowExecutionId: "workflowExecutionId" in detail ? detail.workflowExecutionId : null,
    state: "state" in detail ? detail.state : null,
    code: "code" in detail ? detail.code : null,
  };
}
