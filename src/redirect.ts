import { describeErrorCode } from "./error-codes.js";

export interface JumioRedirect {
  accountId: string;
  workflowExecutionId: string;
  acquisitionStatus: "SUCCESS" | "ERROR";
  customerInternalReference?: string;
  errorCode?: number;
  errorDescription?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ERROR_CODE = /^\d{1,6}$/;

function searchParamsOf(url: string | URL | URLSearchParams): URLSearchParams {
  if (url instanceof URLSearchParams) return url;
  if (url instanceof URL) return url.searchParams;
  try {
    return new URL(url).searchParams;
  } catch {
    return new URLSearchParams(url);
  }
}

const PARAMETERS = ["accountId", "workflowExecutionId", "acquisitionStatus", "customerInternalReference", "errorCode"];

/**
 * Reads the query Jumio's web client appends to `successUrl` / `errorUrl` (seed: "Success and
 * Error URLs"): pass `location.href`, a URL or its search params. Null when a required
 * parameter is missing or malformed, or when one of the guide's parameters comes twice.
 */
export function parseRedirect(url: string | URL | URLSearchParams): JumioRedirect | null {
  const params = searchParamsOf(url);
  if (PARAMETERS.some((name) => params.getAll(name).length > 1)) return null;
  const accountId = params.get("accountId");
  const workflowExecutionId = params.get("workflowExecutionId");
  const acquisitionStatus = params.get("acquisitionStatus");
  if (!accountId || !UUID.test(accountId) || !workflowExecutionId || !UUID.test(workflowExecutionId)) return null;
  if (acquisitionStatus !== "SUCCESS" && acquisitionStatus !== "ERROR") return null;
  const customerInternalReference = params.get("customerInternalReference");
  const errorCode = params.get("errorCode");
  // Seed: errorCode is "only appended to errorUrl when acquisitionStatus is ERROR".
  const error =
    acquisitionStatus === "ERROR" && errorCode && ERROR_CODE.test(errorCode) ? Number(errorCode) : undefined;
  return {
    accountId,
    workflowExecutionId,
    acquisitionStatus,
    ...(customerInternalReference === null ? {} : { customerInternalReference }),
    ...(error === undefined ? {} : { errorCode: error, errorDescription: describeErrorCode(error).description }),
  };
}
