/** Where the service's failures go: the host's `onError`, with the stage and workflow they happened at. */
export type ErrorHandler = (error: unknown, context: { stage: string; workflowExecutionId?: string }) => void;

export type Report = (error: unknown, stage: string, workflowExecutionId?: string) => void;

/** A failing logger must not turn an answer into a crash, nor leave a rejection unhandled. */
export function reporter(onError: ErrorHandler | undefined): Report {
  return (error, stage, workflowExecutionId) => {
    try {
      const context = workflowExecutionId === undefined ? { stage } : { stage, workflowExecutionId };
      Promise.resolve(onError?.(error, context)).catch(() => {});
    } catch {
      // Nothing left to report it to.
    }
  };
}
