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
        `jumio-verification: ignored allowed origin ${JSON.stringify(value)} (https:, or http: on a loopback host).`,
      );
  }
  return origins;
}

/**
 * The href to load, or null when it must not be loaded: it must be an absolute URL without
 * credentials, either `https:` on Jumio's domains or on one of `allowedOrigins`.
 */
export function trustedHref(href: string, allowedOrigins: readonly string[]): URL | null {
  const url = parseUrl(href);
  if (!url) return null;
  if (url.protocol === "https:" && isJumioHostname(url.hostname)) return url;
  const isHttp = url.protocol === "https:" || url.protocol === "http:";
  return isHttp && allowedOrigins.includes(url.origin) ? url : null;
}
