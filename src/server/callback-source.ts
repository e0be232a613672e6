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

const resolveWithSystem: HostnameResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address }) => address);

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** The data center (`US`, `EU`, `SGP`), or the region your client uses (`amer-1` is US, `emea-1` EU, `apac-1` SGP). */
export type CallbackSourceOptions = ({ dataCenter: JumioDataCenter } | { region: JumioRegion }) & {
  /** Default: the system resolver (`dns.lookup`). */
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

/**
 * Whether `address` (e.g. `req.socket.remoteAddress`, IPv4-mapped IPv6 included) is one
 * of the addresses the data center's callback hostname resolves to now (the guide: use
 * the hostname "to look up the most current IP addresses"). Rejects when the lookup fails.
 */
export async function isJumioCallbackAddress(address: string, options: CallbackSourceOptions): Promise<boolean> {
  const hostname = callbackHostname(options);
  if (isIP(address) === 0) return false;
  const resolve = options.resolve ?? resolveWithSystem;
  const allowed = new BlockList();
  for (const ip of await resolve(hostname)) {
    if (isIP(ip) !== 0) allowed.addAddress(ip, family(ip));
  }
  return allowed.check(address, family(address));
}
