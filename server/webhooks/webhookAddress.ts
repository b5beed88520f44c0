import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { ipv4ToInt as v4ToInt, ipv6Groups as v6Groups } from '../http/ipAddress.js';

/**
 * Where a webhook may go. A webhook is a request the server makes on an admin's word, so without
 * a rule an admin account (or whoever holds one) could make the server talk to what only it can
 * reach: the database port, a metadata service, a router. Loopback, private, link-local, shared
 * (CGNAT), unique-local, multicast and reserved addresses are refused — for a literal address when
 * the URL is saved, and for every address a host name resolves to when a delivery connects (the
 * connection goes to the very address that was checked, so DNS rebinding cannot slip past) —
 * unless the operator sets WEBHOOK_ALLOW_PRIVATE=true (development, an on-premises receiver).
 */

/** IPv4 ranges that are not the public internet: [first address, prefix length, what it is]. */
const V4_RANGES: [string, number, string][] = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a shared (CGNAT) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local (cloud metadata) address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved or broadcast address'],
];

const V4 = V4_RANGES.map(([base, bits, what]) => ({ base: v4ToInt(base), size: 2 ** (32 - bits), what }));

function v4Reason(ip: string): string | null {
  const n = v4ToInt(ip);
  for (const r of V4) if (n >= r.base && n < r.base + r.size) return r.what;
  return null;
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

function v6Reason(ip: string): string | null {
  const g = v6Groups(ip);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address is what is reached.
  if (zeros(0, 5) && g[5] === 0xffff) return v4Reason(v4Of(g[6]!, g[7]!));
  if (zeros(0, 7) && g[7] === 1) return 'a loopback address';
  if (zeros(0, 8)) return 'the unspecified address';
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address: judge that one.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Reason(v4Of(g[6]!, g[7]!));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'a local NAT64 address';
  if (g[0] === 0x2002) return v4Reason(v4Of(g[1]!, g[2]!));
  const top = g[0]!;
  if (top < 0x100) return 'a reserved address'; // ::/8: IPv4-compatible and other reserved forms
  if (top === 0x100 && zeros(1, 4)) return 'a discard address';
  if (top === 0x2001 && g[1] === 0xdb8) return 'a documentation address';
  if ((top & 0xfe00) === 0xfc00) return 'a unique-local address';
  if ((top & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((top & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((top & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

/** Why a literal IP address is not a place for webhooks (e.g. "a loopback address"), or null when it is public. */
export function blockedAddressReason(ip: string): string | null {
  const kind = isIP(ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  if (kind === 4) return v4Reason(ip);
  if (kind === 6) return v6Reason(ip.replace(/^\[|\]$/g, ''));
  return null;
}

/**
 * Why a webhook URL is refused when saved (a literal address or a name that is loopback by
 * definition), or null. Host names are judged again at delivery, after they resolve.
 */
export function webhookUrlRefusal(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return 'not a URL';
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.') return 'its host is a loopback address';
  const reason = blockedAddressReason(host);
  return reason ? `its host is ${reason}` : null;
}

/** Thrown when a delivery's host resolves to a refused address. */
export class BlockedAddressError extends Error {
  constructor(readonly reason: string) {
    super(`the receiver's host is ${reason}, which webhooks may not reach (WEBHOOK_ALLOW_PRIVATE=true allows it)`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * A `lookup` for net/http that resolves a name, refuses the answer when any address in it is not
 * public, and hands the connection exactly the addresses it checked.
 */
export const checkedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0);
    for (const a of addresses) {
      const reason = blockedAddressReason(a.address);
      if (reason) return callback(new BlockedAddressError(reason), '', 0);
    }
    if (!addresses.length) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};
