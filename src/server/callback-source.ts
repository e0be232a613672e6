import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** The hostnames whose addresses Jumio's callbacks come from, per data center. */
export const JUMIO_CALLBACK_HOSTNAMES = {
  US: "callback.jumio.com",
  EU: "callback.lon.jumio.com",
  SGP: "callback.core-sgp.jumio.com",
} as const;
export type JumioDataCenter = keyof typeof JUMIO_CALLBACK_HOSTNAMES;

/** All current IPv4 and IPv6 addresses of a hostname. */
export type HostnameResolver = (hostname: string) => Promise<readonly string[]>;

const resolveWithSystem: HostnameResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address }) => address);

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

export interface CallbackSourceOptions {
  dataCenter: JumioDataCenter;
  /** Default: the system resolver (`dns.lookup`). */
  resolve?: HostnameResolver;
}

/**
 * Whether `address` (e.g. `req.socket.remoteAddress`, IPv4-mapped IPv6 included) is one
 * of the addresses the data center's callback hostname resolves to now (the guide: use
 * the hostname "to look up the most current IP addresses"). Rejects when the lookup fails.
 */
export async function isJumioCallbackAddress(address: string, options: CallbackSourceOptions): Promise<boolean> {
  if (isIP(address) === 0) return false;
  const resolve = options.resolve ?? resolveWithSystem;
  const allowed = new BlockList();
  for (const ip of await resolve(JUMIO_CALLBACK_HOSTNAMES[options.dataCenter])) {
    if (isIP(ip) !== 0) allowed.addAddress(ip, family(ip));
  }
  return allowed.check(address, family(address));
}
