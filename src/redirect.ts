import { describeErrorCode } from "./error-codes.js";
import { z } from "./zod.js";

const uuid = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));

/** The query Jumio's web client appends to `successUrl` / `errorUrl` (seed: "Success and Error URLs"). */
const redirectSchema = z.pipe(
  z.object({
    accountId: uuid,
    workflowExecutionId: uuid,
    acquisitionStatus: z.enum(["SUCCESS", "ERROR"]),
    customerInternalReference: z.optional(z.string()),
    errorCode: z.catch(z.optional(z.pipe(z.string().check(z.regex(/^\d{1,6}$/)), z.transform(Number))), undefined),
  }),
  z.transform(({ errorCode, customerInternalReference, ...required }) => ({
    ...required,
    ...(customerInternalReference === undefined ? {} : { customerInternalReference }),
    // Seed: errorCode is "only appended to errorUrl when acquisitionStatus is ERROR".
    ...(errorCode === undefined || required.acquisitionStatus !== "ERROR"
      ? {}
      : { errorCode, errorDescription: describeErrorCode(errorCode).description }),
  })),
);

export type JumioRedirect = z.output<typeof redirectSchema>;

function searchParamsOf(url: string | URL | URLSearchParams): URLSearchParams {
  if (url instanceof URLSearchParams) return url;
  if (url instanceof URL) return url.searchParams;
  try {
    return new URL(url).searchParams;
  } catch {
    return new URLSearchParams(url);
  }
}

/**
 * Reads the parameters of the page behind `successUrl` or `errorUrl`: pass `location.href`,
 * a URL or its search params. Null when a required parameter is missing or malformed.
 */
export function parseRedirect(url: string | URL | URLSearchParams): JumioRedirect | null {
  const params = searchParamsOf(url);
  const result = redirectSchema.safeParse(Object.fromEntries(params));
  return result.success ? result.data : null;
}
