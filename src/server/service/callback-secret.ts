import { createHash, randomBytes } from "node:crypto";
import { JumioValidationError } from "../errors.js";

/** The query parameter of `callbackUrl` that carries a workflow's callback secret. */
export const SECRET_PARAMETER = "jumio-secret";

/** The guide's limit for `callbackUrl`. */
const MAX_CALLBACK_URL = 255;
/** What the secret adds to a URL without a query: `?jumio-secret=` and 43 characters of base64url. */
const SECRET_LENGTH = `?${SECRET_PARAMETER}=`.length + 43;

/** The hash of a callback secret: what the store keeps and compares, never the secret itself. */
export const secretHash = (secret: string): string => createHash("sha256").update(secret).digest("hex");

export interface CallbackSecret {
  /** `callbackUrl` with the secret in it: what Jumio is given. */
  url: string;
  /** What the store keeps: the secret itself is never stored. */
  sha256: string;
}

/** The service's callback URL checked once: absolute http(s), room left for the secret within the guide's 255. */
export function checkCallbackUrl(callbackUrl: string): URL {
  const url = URL.canParse(callbackUrl) ? new URL(callbackUrl) : undefined;
  const problem = !url
    ? "must be an absolute URL"
    : !["https:", "http:"].includes(url.protocol)
      ? "must be https (or http for a local test)"
      : url.searchParams.has(SECRET_PARAMETER)
        ? `must not have a ${SECRET_PARAMETER} parameter: the service adds it`
        : withSecret(url, "x".repeat(43)).length > MAX_CALLBACK_URL
          ? `must be at most ${MAX_CALLBACK_URL - SECRET_LENGTH} characters: the guide allows ${MAX_CALLBACK_URL} with the secret the service adds`
          : undefined;
  if (problem)
    throw new JumioValidationError("Invalid createVerificationService options", [
      { path: "callbackUrl", message: problem },
    ]);
  return url!;
}

function withSecret(base: URL, secret: string): string {
  const url = new URL(base);
  url.searchParams.set(SECRET_PARAMETER, secret);
  return url.href;
}

export function mintCallbackSecret(base: URL): CallbackSecret {
  const secret = randomBytes(32).toString("base64url");
  return { url: withSecret(base, secret), sha256: secretHash(secret) };
}
