/** One problem found by a schema: the dotted path of the offending value (`""` for the whole value) and why. */
export interface JumioIssue {
  path: string;
  message: string;
}

function describeIssues(issues: readonly JumioIssue[]): string {
  return issues.map(({ path, message }) => `${path || "(root)"}: ${message}`).join("; ");
}

/**
 * Base of every error thrown by `jumio-verification/server`. None of them holds the
 * client secret or a bearer token: bodies and causes are scrubbed before they are kept.
 */
export abstract class JumioError extends Error {
  abstract readonly code: "validation" | "api" | "invalid-response" | "network" | "timeout";

  constructor(message: string) {
    super(message);
    Object.defineProperty(this, "name", { value: new.target.name, enumerable: false, configurable: true });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...Object.fromEntries(Object.entries(this)) };
  }
}

/** A request (or a callback body) broke the guide's rules; nothing was sent. */
export class JumioValidationError extends JumioError {
  readonly code = "validation";

  constructor(
    what: string,
    readonly issues: readonly JumioIssue[],
  ) {
    super(`${what}: ${describeIssues(issues)}`);
  }
}

/** Jumio answered with an HTTP error status. `body` is its JSON, or its text when it is not JSON. */
export class JumioApiError extends JumioError {
  readonly code = "api";

  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Jumio answered ${status} to ${method} ${url}`);
  }
}

/** Jumio answered 2xx with a body that is not what the guide documents. */
export class JumioResponseError extends JumioError {
  readonly code = "invalid-response";

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

  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`);
  }
}
