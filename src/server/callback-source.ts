import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { JumioValidationError } from "./errors.js";
import type { JumioRegion } from "./regions.js";

/** The hostnames whose addresses Jumio's callbacks come from, per data center. */
export const JUMIO_CALLBACK_HOSTNAMES = {
  US: "callback.jumio.com",
  EU: "callback.lon.jumio.com",
  SGP: "callback.core-sgp.jumio.com",
} as const;
export type JumioDataCenter = keyof typeof JUMIO_CALLBACK_HOSTNAMES;

/** The data center of each API region. */
const DATA_CENTERS: Record<JumioRegion, JumioDataCenter> = { "amer-1": "US", "emea-1": "EU", "apac-1": "SGP" };

/** All current IPv4 and IPv6 addresses of a hostname. */
export type HostnameResolver = (hostname: string) => Promise<readonly string[]>;

export interface ResolverCacheOptions {
  /** How long an answer is used before the hostname is looked up again. Default 60000 ms. */
  ttlMs?: number;
  /** How long past its `ttlMs` the last answer is still used when a new lookup fails. Default 600000 ms; 0: never. */
  staleMs?: number;
  /** The time in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * `resolve` with each hostname's answer kept for `ttlMs`. Concurrent calls for one hostname
 * share one lookup; a failure is never kept, so the next call looks up again. When a lookup
 * fails, the last answer is used while it is less than `staleMs` past its `ttlMs` (a DNS blip
 * must not refuse Jumio's callbacks, but an address Jumio gave up is not trusted for long);
 * after that the failure is thrown.
 */
export function cachedResolver(resolve: HostnameResolver, options: ResolverCacheOptions = {}): HostnameResolver {
  const { ttlMs = 60_000, staleMs = 600_000, now = Date.now } = options;
  const answers = new Map<string, { addresses: readonly string[]; at: number }>();
  const lookups = new Map<string, Promise<readonly string[]>>();

  function lookUpNow(hostname: string): Promise<readonly string[]> {
    const lookup = new Promise<readonly string[]>((done) => done(resolve(hostname)))
      .then(
        (addresses) => {
          answers.set(hostname, { addresses, at: now() });
          return addresses;
        },
        (error: unknown) => {
          const last = answers.get(hostname);
          if (last && now() - last.at < ttlMs + staleMs) return last.addresses;
          throw error;
        },
      )
      .finally(() => lookups.delete(hostname));
    lookups.set(hostname, lookup);
    return lookup;
  }

  return async (hostname) => {
    const answer = answers.get(hostname);
    if (answer && now() - answer.at < ttlMs) return answer.addresses;
    return lookups.get(hostname) ?? lookUpNow(hostname);
  };
}

/** The system resolver (`dns.lookup`, so `/etc/hosts` counts), cached as `cachedResolver` does by default. */
export const systemResolver: HostnameResolver = cachedResolver(async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address }) => address),
);

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** The data center (`US`, `EU`, `SGP`), or the region your client uses (`amer-1` is US, `emea-1` EU, `apac-1` SGP). */
export type CallbackSourceOptions = ({ dataCenter: JumioDataCenter } | { region: JumioRegion }) & {
  /** Default: the system resolver (`dns.lookup`), cached for 60 s (see `cachedResolver`). A resolver given here is not cached. */
  resolve?: HostnameResolver;
};

const lookUp = <Value>(table: Record<string, Value>, key: unknown): Value | undefined =>
  typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;

function callbackHostname(options: CallbackSourceOptions): string {
  const dataCenter = "dataCenter" in options ? options.dataCenter : lookUp(DATA_CENTERS, options.region);
  const hostname = lookUp(JUMIO_CALLBACK_HOSTNAMES, dataCenter);
  if (hostname === undefined) {
    const message = "must be US, EU or SGP, or give region amer-1, emea-1 or apac-1";
    throw new JumioValidationError("Invalid isJumioCallbackAddress options", [{ path: "dataCenter", message }]);
  }
  return hostname;
}

/** Each answer's addresses as a BlockList, made once: a cached answer is the same array until its TTL ends. */
const blockLists = new WeakMap<readonly string[], BlockList>();

/** Whether `address` is one of `addresses` (IPv4-mapped IPv6 matches its IPv4). */
function isAmong(address: string, addresses: readonly string[]): boolean {
  if (isIP(address) === 0) return false;
  let allowed = blockLists.get(addresses);
  if (!allowed) {
    allowed = new BlockList();
    for (const ip of addresses) if (isIP(ip) !== 0) allowed.addAddress(ip, family(ip));
    blockLists.set(addresses, allowed);
  }
  return allowed.check(address, family(address));
}

/**
 * Whether `address` (e.g. `req.socket.remoteAddress`, IPv4-mapped IPv6 included) is one
 * of the addresses the data center's callback hostname resolves to now (the guide: use
 * the hostname "to look up the most current IP addresses"). Rejects when the lookup fails.
 */
export async function isJumioCallbackAddress(address: string, options: CallbackSourceOptions): Promise<boolean> {
  const hostname = callbackHostname(options);
  if (isIP(address) === 0) return false;
  return isAmong(address, await (options.resolve ?? systemResolver)(hostname));
}

/**
 * Whether `address` is one of the callback addresses of any of Jumio's data centers now.
 * Rejects when it is none of those resolved and a hostname did not resolve: it may be that one's.
 */
export async function isAnyJumioCallbackAddress(address: string, resolve: HostnameResolver): Promise<boolean> {
  if (isIP(address) === 0) return false;
  const lookups = await Promise.allSettled(
    Object.values(JUMIO_CALLBACK_HOSTNAMES).map((hostname) => resolve(hostname)),
  );
  const resolved = lookups.flatMap((lookup) => (lookup.status === "fulfilled" ? [lookup.value] : []));
  if (resolved.some((addresses) => isAmong(address, addresses))) return true;
  if (resolved.length < lookups.length)
    throw new Error("Not all of Jumio's callback hostnames resolved.", { cause: lookups });
  return false;
}
