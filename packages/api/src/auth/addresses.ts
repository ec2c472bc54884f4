import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is 10.0.0.1 for every comparison. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

/** A matcher for the configured CIDR ranges (already validated by the config schema). */
export function addressRanges(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network = '', prefix = ''] = cidr.split('/');
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return (address) => {
    const normalised = normaliseAddress(address);
    const family = isIP(normalised);
    return family !== 0 && list.check(normalised, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The X-Forwarded-For chain, left (the original client) to right (the last hop), valid addresses only. */
export function forwardedChain(headers: Headers): string[] {
  return (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(normaliseAddress)
    .filter((address) => isIP(address) !== 0);
}

/**
 * The client's address as far as it can be told: walking from the nearest hop outwards, the first
 * address that is not one of our trusted proxies. Without a peer address (Next.js route handlers
 * have none) the chain is what the request says, which only a trusted proxy makes reliable.
 */
export function clientAddress(headers: Headers, peerAddress: string | null, isTrustedProxy: (address: string) => boolean): string | null {
  const chain = [...forwardedChain(headers), ...(peerAddress ? [normaliseAddress(peerAddress)] : [])];
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const address = chain[i]!;
    if (!isTrustedProxy(address)) return address;
  }
  return chain[0] ?? null;
}
