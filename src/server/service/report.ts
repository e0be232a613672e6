import { quietly } from "../requests.js";

/** Where the service's failures go: the host's `onError`, with the stage and workflow they happened at. */
export type ErrorHandler = (error: unknown, context: { stage: string; workflowExecutionId?: string }) => void;

export type Report = (error: unknown, stage: string, workflowExecutionId?: string) => void;

export function reporter(onError: ErrorHandler | undefined): Report {
  return (error, stage, workflowExecutionId) =>
    quietly(() => onError?.(error, workflowExecutionId === undefined ? { stage } : { stage, workflowExecutionId }));
}
