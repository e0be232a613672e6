import { z } from "zod";
import { type Clock, MAX_TIMER_MS } from "./clock.js";
import { JUMIO_REGIONS } from "./regions.js";
import { httpUrlSchema } from "./schemas/url.js";

const timerMs = (schema: z.ZodNumber) =>
  schema.max(MAX_TIMER_MS, `must be at most ${MAX_TIMER_MS} ms (about 24.8 days): a timer cannot wait longer`);

/** A limit in ms for one HTTP attempt: AbortSignal.timeout wants a whole number. */
const timeoutMsSchema = timerMs(z.number().int().positive());

/** The options of one call of the client (`CallOptions`), checked before anything is sent. */
export const callOptionsSchema = z.object({
  /** Aborts the call, retries and waits included; the abort reason is thrown as is. */
  signal: z.instanceof(AbortSignal).optional(),
  /** Overrides the client's `timeoutMs` for each HTTP attempt of this call. */
  timeoutMs: timeoutMsSchema.optional(),
});

export type CallOptions = z.input<typeof callOptionsSchema>;

export const clientOptionsSchema = z.object({
  /** OAuth2 client id: the API token of the Customer Portal. */
  clientId: z.string().min(1),
  /** OAuth2 client secret: the API secret. Never appears in an error, a log line or `toJSON`. */
  clientSecret: z.string().min(1),
  region: z.enum(JUMIO_REGIONS),
  /** Sent on every call; Jumio wants it to name your business, e.g. `YourCompany YourApp/v1.0`. */
  userAgent: z
    .string()
    .trim()
    .min(1, { error: "is required, e.g. YourCompany YourApp/v1.0", abort: true })
    .regex(/^[\x20-\x7e]+$/, "must be printable ASCII: it is sent as a header, e.g. YourCompany YourApp/v1.0"),
  /** Other endpoints than the region's (the mock, a proxy). */
  baseUrls: z
    .strictObject({
      auth: httpUrlSchema.optional(),
      account: httpUrlSchema.optional(),
      api: httpUrlSchema.optional(),
      retrieval: httpUrlSchema.optional(),
      status: httpUrlSchema.optional(),
    })
    .optional(),
  /** Limit for each HTTP attempt (headers and body), default 10000. A call's `signal` bounds it as a whole. */
  timeoutMs: timeoutMsSchema.optional(),
  /** Retries of the token request, GET and DELETE on 5xx, 429 and network errors. */
  retry: z
    .strictObject({
      retries: z.number().int().min(0).optional(),
      baseDelayMs: timerMs(z.number().min(0)).optional(),
      maxDelayMs: timerMs(z.number().min(0)).optional(),
    })
    .optional(),
});

export type JumioClientOptions = z.input<typeof clientOptionsSchema> & {
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Time as the client sees it, for tests: token expiry and backoff waits.
   * @internal
   */
  clock?: Clock;
};
