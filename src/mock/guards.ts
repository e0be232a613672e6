import { mediaType } from "../server/http.js";

/** The ranges that admit `application/json`, most specific first: the first one present decides. */
const JSON_RANGES = ["application/json", "application/*", "*/*"];

/** Whether an `Accept` header admits `application/json` (a range with `q=0` refuses it). */
export function admitsJson(accept: string | null): boolean {
  const ranges = (accept ?? "").split(",").map((range) => {
    const [type = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const quality = params.find((param) => param.startsWith("q="));
    return { type, admits: quality === undefined || Number(quality.slice(2)) > 0 };
  });
  const decisive = JSON_RANGES.map((type) => ranges.find((range) => range.type === type)).find(Boolean);
  return decisive?.admits ?? false;
}

/** The `Content-Type` the guide requires of a call: each API's "fields are required in the header section" list. */
export type RequiredContentType = "application/json" | "multipart/form-data";

/**
 * What the guide's 403 says of a call missing a required header ("Calls with missing or
 * suspicious headers … will result in HTTP status code 403 Forbidden"), or `undefined`.
 */
export function missingHeader(request: Request, contentType?: RequiredContentType): string | undefined {
  if (!request.headers.get("user-agent")) return "The User-Agent header is required.";
  if (!admitsJson(request.headers.get("accept"))) return "The Accept header must admit application/json.";
  if (contentType !== undefined && mediaType(request.headers) !== contentType) {
    return `The Content-Type header must be ${contentType}.`;
  }
  return undefined;
}

/** The `Host` values the mock answers to: its URL's, and on a loopback address every loopback name of its port. */
export function ownHosts(origin: string): ReadonlySet<string> {
  const own = new URL(origin);
  const loopback = own.hostname === "localhost" || own.hostname === "[::1]" || own.hostname.startsWith("127.");
  const names = loopback ? [own.hostname, "localhost", "127.0.0.1", "[::1]"] : [own.hostname];
  return new Set(
    names.map((name) => {
      const alias = new URL(own);
      alias.hostname = name;
      return alias.host;
    }),
  );
}
