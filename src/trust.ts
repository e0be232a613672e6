const JUMIO_DOMAINS = ["jumio.ai", "netverify.com", "jumio.com"] as const;
const LOCAL_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `value` as an absolute URL without credentials, or null. */
function parseUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.username || url.password ? null : url;
  } catch {
    return null;
  }
}

/** A URL named by its origin (or scheme) alone: never its credentials, path or query (the authorization token). */
export function originOf(value: string): string {
  try {
    const url = new URL(value);
    return url.origin === "null" ? url.protocol : url.origin;
  } catch {
    return "not an absolute URL";
  }
}

function isJumioHostname(hostname: string): boolean {
  return JUMIO_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}

/**
 * The origin of an `allowed-origins` entry, or null when it is not `https:` (or `http:` on a
 * loopback host) or carries credentials.
 */
export function allowedOriginOf(value: string): string | null {
  const url = parseUrl(value);
  if (!url) return null;
  if (url.protocol === "https:") return url.origin;
  if (url.protocol === "http:" && LOCAL_HOSTNAMES.has(url.hostname)) return url.origin;
  return null;
}

/** Parses a list of extra trusted origins; entries that break the rules are dropped with a warning. */
export function parseAllowedOrigins(values: Iterable<string>): string[] {
  const origins: string[] = [];
  for (const value of values) {
    const origin = allowedOriginOf(value);
    if (origin) origins.push(origin);
    else
      console.warn(
        `jumio-verification: ignored an allowed origin (${originOf(value)}): it must be https: (or http: on a loopback host), without credentials.`,
      );
  }
  return origins;
}

/**
 * The href to load, or null when it must not be loaded: it must be an absolute URL without
 * credentials, either `https:` on Jumio's domains or on one of `allowedOrigins` (origins as
 * `allowedOriginOf` gives them).
 */
export function trustedHref(href: string, allowedOrigins: readonly string[]): URL | null {
  const url = parseUrl(href);
  if (!url) return null;
  if (url.protocol === "https:" && isJumioHostname(url.hostname)) return url;
  return allowedOrigins.includes(allowedOriginOf(href) ?? "") ? url : null;
}

/**
 * `trustedHref`, with a console warning when it refuses the href that names the fix: the
 * `allowed-origins` that would trust it, or that none can. The warning names the origin alone,
 * never the href's query (the authorization token).
 */
export function checkHref(href: string, allowedOrigins: readonly string[]): URL | null {
  const url = trustedHref(href, allowedOrigins);
  const origin = allowedOriginOf(href);
  if (!url)
    console.warn(
      origin
        ? `jumio-verification: ${origin} is not a Jumio origin. To trust it (the local mock, a proxy), add allowed-origins="${origin}" to the element.`
        : `jumio-verification: the href can never be loaded (https:, or http: on a loopback host, without credentials).`,
    );
  return url;
}
