import type { JumioMessage } from "../messages.js";

/**
 * What one iframe navigation has already reported: `loaded` and `success` count once per
 * workflow, and an error is not repeated while it equals the previous error of its workflow.
 */
export class MessageMemory {
  readonly #loaded = new Set<string>();
  readonly #succeeded = new Set<string>();
  readonly #lastError = new Map<string, string>();

  /** Whether the message repeats what was reported already (and, if not, remembers it). Other values than these three are never repeats. */
  isRepeat(message: JumioMessage): boolean {
    const workflow = message.workflowExecutionId;
    switch (message.value) {
      case "loaded":
        return !addFirst(this.#loaded, workflow);
      case "success":
        return !addFirst(this.#succeeded, workflow);
      case "error": {
        const error = JSON.stringify([message.errorCode ?? 0, message.publicErrorCode ?? null]);
        if (this.#lastError.get(workflow) === error) return true;
        this.#lastError.set(workflow, error);
        return false;
      }
      default:
        return false;
    }
  }
}

function addFirst(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
