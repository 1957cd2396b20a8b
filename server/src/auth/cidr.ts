import { BlockList, isIPv4, isIPv6 } from 'node:net';

export interface CidrProblem {
  index: number;
  message: string;
}

/**
 * Parses `10.0.0.0/8` or `2001:db8::/32` into its canonical text (`10.0.0.0/8`, `2001:db8::/32`);
 * undefined when it is not a network in CIDR notation.
 */
export function normalizeCidr(cidr: string): string | undefined {
  const slash = cidr.lastIndexOf('/');
  if (slash < 0) return undefined;
  const address = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (isIPv4(address)) return prefix <= 32 ? `${address}/${prefix}` : undefined;
  if (isIPv6(address)) return prefix <= 128 ? `${address.toLowerCase()}/${prefix}` : undefined;
  return undefined;
}

/** The entries of an allowlist that are not networks, with why. */
export function cidrProblems(cidrs: readonly string[]): CidrProblem[] {
  return cidrs.flatMap((cidr, index) =>
    normalizeCidr(cidr) === undefined
      ? [{ index, message: `"${cidr}" is not an IPv4 or IPv6 network in CIDR notation (e.g. 10.0.0.0/8)` }]
      : [],
  );
}

/**
 * Whether the address lies in one of the networks; an empty allowlist allows every address. An
 * IPv4 client seen through a dual-stack socket (`::ffff:10.1.2.3`) is matched as the IPv4 address.
 */
export function ipAllowed(ip: string | undefined, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  if (ip === undefined) return false;
  const address = unmapIPv4(ip);
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (family === undefined) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const normalized = normalizeCidr(cidr);
    if (normalized === undefined) continue;
    const slash = normalized.lastIndexOf('/');
    const network = normalized.slice(0, slash);
    list.addSubnet(network, Number(normalized.slice(slash + 1)), isIPv4(network) ? 'ipv4' : 'ipv6');
  }
  return list.check(address, family);
}

function unmapIPv4(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped?.[1] ?? ip;
}
