import type { z } from "zod";
import { type JumioIssue, JumioValidationError } from "../server/errors.js";
import { validate } from "../server/validate.js";

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  415: "Unsupported Media Type",
  421: "Misdirected Request",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** What an error answer may say besides its status and message. */
export interface FailureDetails {
  /** The offending paths of a 400. */
  issues?: readonly JumioIssue[];
  /** For the simulated web client: the guide's error code its page then reports. */
  errorCode?: number;
  headers?: Record<string, string>;
}

/**
 * An error answer. The guide documents the statuses but not the body: this one is
 * `{ timestamp, status, error, message, issues?, errorCode? }`.
 */
export function failure(status: number, message: string, options: FailureDetails & { now?: number } = {}): Response {
  const { issues, errorCode } = options;
  const body = {
    timestamp: new Date(options.now ?? Date.now()).toISOString(),
    status,
    error: REASONS[status] ?? "Error",
    message,
    ...(issues ? { issues } : {}),
    ...(errorCode === undefined ? {} : { errorCode }),
  };
  return json(status, body, options.headers);
}

export function html(body: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

export const empty = (status = 200) => new Response(null, { status });

/**
 * The JSON body checked by `schema`, or the 400 answer naming each offending path
 * (`what` heads the message, as in the server helper's `JumioValidationError`).
 */
export async function parseBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  what: string,
  now: number,
): Promise<z.output<Schema> | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return failure(400, `${what}: the body is not JSON.`, { issues: [{ path: "", message: "is not JSON" }], now });
  }
  try {
    return validate(schema, body, what);
  } catch (error) {
    if (!(error instanceof JumioValidationError)) throw error;
    return failure(400, error.message, { issues: error.issues, now });
  }
}
