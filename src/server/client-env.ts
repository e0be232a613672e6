import type { JumioClientOptions } from "./client-options.js";
import { type JumioIssue, JumioValidationError } from "./errors.js";
import { JUMIO_REGIONS, type JumioBaseUrls, type JumioRegion } from "./regions.js";

/** The variables `jumioClientOptionsFromEnv` reads; an empty one counts as unset, like `JUMIO_BASE_URL=` in a `.env`. */
export interface JumioEnv {
  /** The API token of the Customer Portal. */
  JUMIO_CLIENT_ID?: string | undefined;
  /** The API secret of the Customer Portal. Never appears in an error. */
  JUMIO_CLIENT_SECRET?: string | undefined;
  /** `amer-1`, `emea-1` or `apac-1`; needed unless `JUMIO_BASE_URL` is set. */
  JUMIO_REGION?: string | undefined;
  /** One origin serving every Jumio service (the local mock, a proxy): set, it replaces the region's hosts. */
  JUMIO_BASE_URL?: string | undefined;
  /** Any other variable: `process.env` as it is (Next.js's own ProcessEnv type too). */
  readonly [name: string]: string | undefined;
}

/** `createJumioClient`'s options that the environment decides; `userAgent` is yours to add. */
export type JumioEnvClientOptions = Pick<JumioClientOptions, "clientId" | "clientSecret" | "region" | "baseUrls">;

/** Every service at one origin: the token at `/oauth2/token` as on Jumio's auth host, the status at `/status` (as the mock serves them). */
function baseUrlsAt(origin: string): JumioBaseUrls {
  return {
    auth: `${origin}/oauth2/token`,
    account: origin,
    api: origin,
    retrieval: origin,
    status: `${origin}/status`,
  };
}

/** Why `value` is not a bare http(s) origin, or `undefined`. The value itself is never quoted: it may hold a password. */
function originProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return "must be an absolute URL such as http://127.0.0.1:5174 (the mock's)";
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http: or https: URL";
  if (url.username || url.password) return "must not hold credentials: JUMIO_CLIENT_ID and JUMIO_CLIENT_SECRET do";
  if (url.pathname !== "/" || url.search || url.hash) {
    return "must be an origin (scheme://host[:port]) without a path, query or fragment: each service has its path there";
  }
  return undefined;
}

const isRegion = (value: string): value is JumioRegion => (JUMIO_REGIONS as readonly string[]).includes(value);

/**
 * The client's credentials, region and base URLs from the environment, so that one line
 * switches between the real Jumio and the local mock:
 * `createJumioClient({ ...jumioClientOptionsFromEnv(process.env), userAgent: "YourCompany YourApp/v1.0" })`.
 * Throws a `JumioValidationError` naming each missing or malformed variable.
 */
export function jumioClientOptionsFromEnv(env: JumioEnv): JumioEnvClientOptions {
  const read = (name: keyof JumioEnv) => env[name] || undefined;
  const issues: JumioIssue[] = [];
  const clientId = read("JUMIO_CLIENT_ID");
  const clientSecret = read("JUMIO_CLIENT_SECRET");
  const region = read("JUMIO_REGION");
  const base = read("JUMIO_BASE_URL");
  if (!clientId) issues.push({ path: "JUMIO_CLIENT_ID", message: "is required: the API token of the Customer Portal" });
  if (!clientSecret) {
    issues.push({ path: "JUMIO_CLIENT_SECRET", message: "is required: the API secret of the Customer Portal" });
  }
  const regions = JUMIO_REGIONS.join(", ");
  if (region === undefined && base === undefined) {
    issues.push({ path: "JUMIO_REGION", message: `is required (${regions}), unless JUMIO_BASE_URL is set` });
  } else if (region !== undefined && !isRegion(region)) {
    issues.push({ path: "JUMIO_REGION", message: `must be one of ${regions}` });
  }
  const problem = base === undefined ? undefined : originProblem(base);
  if (problem) issues.push({ path: "JUMIO_BASE_URL", message: problem });
  if (!clientId || !clientSecret || issues.length > 0) {
    throw new JumioValidationError("Invalid Jumio environment", issues);
  }
  return {
    clientId,
    clientSecret,
    // With a base URL every service is replaced, so the region is not used.
    region: region && isRegion(region) ? region : "amer-1",
    ...(base === undefined ? {} : { baseUrls: baseUrlsAt(new URL(base).origin) }),
  };
}
