import type { JumioMessage } from "./messages.js";

export type SpecificEventType = "jumio-loaded" | "jumio-success" | "jumio-error";

/**
 * What one iframe navigation has already reported: `loaded` and `success` count once per
 * workflow, and an error is not repeated while it equals the previous error of its workflow.
 */
export class MessageMemory {
  readonly #loaded = new Set<string>();
  readonly #succeeded = new Set<string>();
  readonly #lastError = new Map<string, string>();

  /** The specific event this message deserves, or null (a repeat, or an unknown value). */
  specificEventFor(message: JumioMessage): SpecificEventType | null {
    const workflow = message.workflowExecutionId;
    switch (message.value) {
      case "loaded":
        return addFirst(this.#loaded, workflow) ? "jumio-loaded" : null;
      case "success":
        return addFirst(this.#succeeded, workflow) ? "jumio-success" : null;
      case "error": {
        const error = JSON.stringify([message.errorCode ?? 0, message.publicErrorCode ?? null]);
        if (this.#lastError.get(workflow) === error) return null;
        this.#lastError.set(workflow, error);
        return "jumio-error";
      }
      default:
        return null;
    }
  }
}

function addFirst(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
