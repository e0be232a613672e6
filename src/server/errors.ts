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

/**
 * Base of every error thrown by `jumio-verification/server`. None of them holds the
 * client secret or a bearer token: bodies and causes are scrubbed before they are kept.
 */
export abstract class JumioError extends Error {
  abstract readonly code: "validation" | "api" | "invalid-response" | "network" | "timeout";

  static {
    named(this, "JumioError");
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...Object.fromEntries(Object.entries(this)) };
  }
}

/** A request (or a callback body) broke the guide's rules; nothing was sent. */
export class JumioValidationError extends JumioError {
  readonly code = "validation";

  static {
    named(this, "JumioValidationError");
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
    named(this, "JumioApiError");
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
    named(this, "JumioResponseError");
  }

  constructor(
    what: string,
    readonly status: number,
    readonly issues: readonly JumioIssue[],
  ) {
    super(`${what}: ${describeIssues(issues)}`);
  }
}

/** No HTTP answer: DNS, connection refused or reset, TLS. */
export class JumioNetworkError extends JumioError {
  readonly code = "network";

  static {
    named(this, "JumioNetworkError");
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
    named(this, "JumioTimeoutError");
  }

  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`);
  }
}
