import { z } from "./zod.js";

/** Messages longer than this (UTF-8 bytes) are dropped before any parsing. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const text = z.string().check(z.minLength(1));
/** An optional field of the wrong type is dropped, not fatal. */
const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);

const wireMessage = z.object({
  accountId: text,
  authorizationToken: text,
  workflowExecutionId: text,
  customerInternalReference: lenient(z.string()),
  eventType: z.literal(510),
  dateTime: z.string(),
  payload: z.object({
    value: z.string(),
    metainfo: lenient(
      z.object({
        code: lenient(z.int()),
        publicErrorCode: lenient(z.string()),
        retriable: lenient(z.boolean()),
      }),
    ),
  }),
});

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The wire message (seed: "Optional iFrame Logging") turned into the event detail; the token stays behind. */
export const jumioMessageSchema = z.pipe(
  wireMessage,
  z.transform(({ accountId, workflowExecutionId, customerInternalReference, eventType, dateTime, payload }) => ({
    accountId,
    workflowExecutionId,
    ...defined("customerInternalReference", customerInternalReference),
    eventType,
    dateTime,
    value: payload.value,
    ...defined("errorCode", payload.metainfo?.code),
    ...defined("publicErrorCode", payload.metainfo?.publicErrorCode),
    ...defined("retriable", payload.metainfo?.retriable),
  })),
);

export type JumioMessage = z.output<typeof jumioMessageSchema>;

function exceedsMaxBytes(data: string): boolean {
  if (data.length > MAX_MESSAGE_BYTES) return true;
  if (data.length * 3 <= MAX_MESSAGE_BYTES) return false;
  return new TextEncoder().encode(data).length > MAX_MESSAGE_BYTES;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Parses `MessageEvent.data` from Jumio's web client: a JSON string (or an already-parsed
 * plain object). Returns null for anything that is not a well-formed event of type 510.
 */
export function parseJumioMessage(data: unknown): JumioMessage | null {
  let value: unknown = data;
  if (typeof data === "string") {
    if (exceedsMaxBytes(data)) return null;
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (!isPlainObject(value)) return null;
  const result = jumioMessageSchema.safeParse(value);
  return result.success ? result.data : null;
}
