import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part and a zone allowed). */
export function ipv6Groups(ip: string): number[] {
  let s = ip.toLowerCase().replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = ipv4ToInt(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const a = parse(head);
  const b = tail === undefined ? [] : parse(tail);
  return [...a, ...Array<number>(Math.max(0, 8 - a.length - b.length)).fill(0), ...b];
}

export function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/**
 * Who a client is, for counting its sign-in attempts: an IPv4 address as it is (an IPv4-mapped
 * IPv6 address as its IPv4 form), an IPv6 address by its /64 (one subscriber usually has a whole
 * /64, so counting single addresses would give an attacker 2^64 budgets), anything else (a
 * forwarded header that is no address) by a short hash, so a key never outgrows its column.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  const kind = isIP(ip);
  if (kind === 4) return ip;
  if (kind === 6)
    return `${ipv6Groups(ip)
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`;
  return `other:${createHash('sha256').update(ip).digest('hex').slice(0, 16)}`;
}
