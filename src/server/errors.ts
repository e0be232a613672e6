/** One problem found by a schema: the dotted path of the offending value (`""` for the whole value) and why. */
export interface JumioIssue {
  path: string;
  message: string;
}

function describeIssues(issues: readonly JumioIssue[]): string {
  return issues.map(({ path, message }) => `${path || "(root)"}: ${message}`).join("; ");
}

/** Sets `name` on a class's prototype as a literal, so that minified class names do not show. */
function named(errorClass: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(errorClass.prototype, "name", { value: name, writable: true, configurable: true });
}

const MAX_JSON_DEPTH = 32;

function readProperty(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return "[unreadable]";
  }
}

/**
 * `value` as plain data that `JSON.stringify` cannot choke on: a cycle, a BigInt, a getter or
 * `toJSON` that throws, or too deep a nesting becomes a short string instead of an exception.
 */
function jsonSafe(value: unknown, ancestors = new Set<object>()): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
  if (ancestors.has(value)) return "[circular]";
  if (ancestors.size >= MAX_JSON_DEPTH) return "[too deep]";
  ancestors.add(value);
  try {
    const toJSON = readProperty(value, "toJSON");
    if (typeof toJSON === "function" && !(value instanceof JumioError)) return jsonSafe(toJSON.call(value), ancestors);
    if (Array.isArray(value))
      return Array.from(value, (_, index) => jsonSafe(readProperty(value, String(index)), ancestors));
    const entries = Object.keys(value).map((key) => [key, jsonSafe(readProperty(value, key), ancestors)]);
    const named = value instanceof JumioError ? { name: value.name, message: value.message } : {};
    return { ...named, ...Object.fromEntries(entries) };
  } catch {
    return "[unserializable]";
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Base of every error thrown by `jumio-verification/server`. None of them holds the
 * client secret or a bearer token: bodies and causes are scrubbed before they are kept.
 */
export abstract class JumioError extends Error {
  abstract readonly code: "validation" | "api" | "invalid-response" | "network" | "timeout";

  static {
    named(JumioError, "JumioError");
  }

  /** Never throws: logging an error must not fail, whatever its `body` holds. */
  toJSON(): Record<string, unknown> {
    return jsonSafe(this) as Record<string, unknown>;
  }
}

/** A request (or a callback body) broke the guide's rules; nothing was sent. */
export class JumioValidationError extends JumioError {
  readonly code = "validation";

  static {
    named(JumioValidationError, "JumioValidationError");
  }

  constructor(
    what: string,
    readonly issues: readonly JumioIssue[],
  ) {
    super(`${what}: ${describeIssues(issues)}`);
  }
}

/**
 * Jumio answered with an HTTP error status. `body` is its JSON, or its text when it is not
 * JSON; of a body over 64 KiB only the start is kept, and `truncated` is `true`.
 */
export class JumioApiError extends JumioError {
  readonly code = "api";

  static {
    named(JumioApiError, "JumioApiError");
  }

  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
    readonly truncated = false,
  ) {
    super(`Jumio answered ${status} to ${method} ${url}`);
  }
}

/** Jumio answered 2xx with a body that is not what the guide documents. */
export class JumioResponseError extends JumioError {
  readonly code = "invalid-response";

  static {
    named(JumioResponseError, "JumioResponseError");
  }

  constructor(
    what: string,
    readonly status: number,
    readonly issues: readonly JumioIssue[],
    /** The account an Account Create/Update answer names all the same: Jumio made it. */
    readonly accountId?: string,
  ) {
    super(`${what}: ${describeIssues(issues)}${accountId === undefined ? "" : ` (it names account ${accountId})`}`);
  }
}

/** No HTTP answer: DNS, connection refused or reset, TLS. */
export class JumioNetworkError extends JumioError {
  readonly code = "network";

  static {
    named(JumioNetworkError, "JumioNetworkError");
  }

  constructor(
    readonly method: string,
    readonly url: string,
    reason: string,
  ) {
    super(`${method} ${url} failed: ${reason}`);
  }
}

/** No complete answer within `timeoutMs`. */
export class JumioTimeoutError extends JumioError {
  readonly code = "timeout";

  static {
    named(JumioTimeoutError, "JumioTimeoutError");
  }

  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`);
  }
}
