import * as z from "zod/mini";

/** A plain object's fields, as read from untrusted data. */
type Fields = Partial<Record<string, unknown>>;

/** Messages longer than this (UTF-8 bytes) are dropped before any parsing. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The guide's only event type, "510 (application state-change)": other bodies (analytics) are ignored. */
const STATE_CHANGE = 510;

/**
 * The required fields of the guide's `event.data` object ("Optional iFrame Logging"); unknown
 * fields are ignored. The optional ones are picked by type in `toJumioMessage`, so that one of
 * the wrong type is dropped, not fatal (as schemas, `z.catch(z.optional(…))` each, they
 * would add 0.7–1.2 kB to the script-tag bundle, most of what its budget has left).
 */
const wireMessageSchema = z.object({
  accountId: z.string(),
  authorizationToken: z.string(),
  workflowExecutionId: z.string(),
  eventType: z.literal(STATE_CHANGE),
  dateTime: z.string(),
  payload: z.object({ value: z.string() }),
});

type WireMessage = z.infer<typeof wireMessageSchema>;

/**
 * The detail of the typed events: the guide's fields, flattened, without `authorizationToken`.
 * Written out, as it is not the wire's shape.
 */
export interface JumioMessage {
  accountId: string;
  workflowExecutionId: string;
  customerInternalReference?: string;
  eventType: number;
  dateTime: string;
  /** `payload.value`: "loaded", "success", "error", or a value of a future client. */
  value: string;
  /** `payload.metainfo.code`. */
  errorCode?: number;
  publicErrorCode?: string;
  retriable?: boolean;
}

/** The event detail: built field by field, never a copy of the message; the token stays behind. */
function toJumioMessage(
  { accountId, workflowExecutionId, dateTime, payload }: WireMessage,
  message: Fields,
): JumioMessage {
  const detail: JumioMessage = {
    accountId,
    workflowExecutionId,
    eventType: STATE_CHANGE,
    dateTime,
    value: payload.value,
  };
  const { metainfo } = message.payload as Fields;
  const { code, publicErrorCode, retriable }: Fields = isPlainObject(metainfo) ? metainfo : {};
  if (typeof message.customerInternalReference === "string")
    detail.customerInternalReference = message.customerInternalReference;
  if (Number.isInteger(code)) detail.errorCode = code as number;
  if (typeof publicErrorCode === "string") detail.publicErrorCode = publicErrorCode;
  if (typeof retriable === "boolean") detail.retriable = retriable;
  return detail;
}

/** Whether `texts` take more than the cap in UTF-8; encodes them only when their lengths cannot tell. */
function exceedsMaxBytes(texts: readonly (string | undefined)[]): boolean {
  let length = 0;
  for (const text of texts) length += text?.length ?? 0;
  // A UTF-16 code unit takes one to three bytes in UTF-8 (a surrogate pair, two units, four).
  if (length > MAX_MESSAGE_BYTES) return true;
  if (length * 3 <= MAX_MESSAGE_BYTES) return false;
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const text of texts) bytes += text === undefined ? 0 : encoder.encode(text).length;
  return bytes > MAX_MESSAGE_BYTES;
}

/** Every string read from a message: the token, and the detail's. */
function textOf({ authorizationToken }: WireMessage, detail: JumioMessage): (string | undefined)[] {
  const { accountId, workflowExecutionId, customerInternalReference, dateTime, value, publicErrorCode } = detail;
  return [
    authorizationToken,
    accountId,
    workflowExecutionId,
    customerInternalReference,
    dateTime,
    value,
    publicErrorCode,
  ];
}

function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Parses `MessageEvent.data` from Jumio's web client: a JSON string (or an already-parsed
 * plain object). Returns null for anything that is not a well-formed event of type 510 within
 * the 64 KiB cap.
 */
export function parseJumioMessage(data: unknown): JumioMessage | null {
  let value: unknown = data;
  if (typeof data === "string") {
    if (exceedsMaxBytes([data])) return null;
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (!isPlainObject(value)) return null;
  const result = wireMessageSchema.safeParse(value);
  if (!result.success) return null;
  const detail = toJumioMessage(result.data, value);
  // An object sent by structured clone has no length to cap: the text read from it is held to
  // the cap instead (the JSON of the same message holds all of it, and more).
  return exceedsMaxBytes(textOf(result.data, detail)) ? null : detail;
}
