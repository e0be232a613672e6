import { BlockList, isIP } from "node:net";
import { JUMIO_CALLBACK_HOSTNAMES, type HostnameResolver } from "../callback-source.js";

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * Whether an address is one of Jumio's callback addresses now: those of the guide's three
 * callback hostnames ("to look up the most current IP addresses"), whichever data center
 * the account is in. Rejects when no hostname resolves.
 */
export async function isFromJumio(address: string, resolve: HostnameResolver): Promise<boolean> {
  if (isIP(address) === 0) return false;
  const lookups = await Promise.allSettled(Object.values(JUMIO_CALLBACK_HOSTNAMES).map((hostname) => resolve(hostname)));
  const resolved = lookups.flatMap((lookup) => (lookup.status === "fulfilled" ? [lookup.value] : []));
  if (resolved.length === 0) throw new Error("None of Jumio's callback hostnames resolved.", { cause: lookups });
  const allowed = new BlockList();
  for (const ip of resolved.flat()) if (isIP(ip) !== 0) allowed.addAddress(ip, family(ip));
  return allowed.check(address, family(address));
}
