import { lookup } from 'node:dns/promises';
import { AppError } from '../../errors.ts';

/** Resolves a host name to every address it has (the system resolver by default). */
export type HostResolver = (host: string) => Promise<string[]>;

/** getaddrinfo through Node's `dns.lookup` (honours /etc/hosts), every address in resolver order. */
export const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** One number of an inet_aton-style IPv4 part: decimal, `0`-prefixed octal or `0x` hex. */
function v4Part(part: string): number | undefined {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]+$/.test(part)) return Number.parseInt(part.slice(1), 8);
  if (/^(0|[1-9]\d*)$/.test(part)) return Number(part);
  return undefined;
}

/**
 * The 4 bytes of an IPv4 address in any form `inet_aton` (and the URL parser) accepts: 1 to 4 parts,
 * each decimal, octal or hex, the last one filling the remaining bytes (`127.1`, `2130706433`,
 * `0x7f.0.0.1`, `017700000001`).
 */
function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums = parts.map(v4Part);
  if (nums.some((n) => n === undefined || !Number.isSafeInteger(n))) return undefined;
  const values = nums as number[];
  const last = values.pop() as number;
  if (values.some((n) => n > 255) || last >= 256 ** (4 - values.length)) return undefined;
  const tail = [24, 16, 8, 0].slice(values.length).map((shift) => Math.floor(last / 2 ** shift) % 256);
  return [...values, ...tail];
}

/** The 16 bytes of an IPv6 address (`::` compression, a trailing dotted IPv4, a `%zone` ignored). */
function parseIPv6(text: string): number[] | undefined {
  const s = text.replace(/%.*$/, '');
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(':')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const items = half.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as string;
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = /^\d+\.\d+\.\d+\.\d+$/.test(item) ? parseIPv4(item) : undefined;
        if (!v4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-f]{1,4}$/i.test(item)) out.push(Number.parseInt(item, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 255]);
}

/**
 * The bytes of an IP literal (4 for IPv4 in any inet_aton form, 16 for IPv6; brackets and trailing dots
 * allowed), or undefined when `text` is not an address.
 */
export function parseIpAddress(text: string): number[] | undefined {
  const s = text.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

type Range = [bytes: number[], bits: number, what: string];

const V4_BLOCKED: Range[] = [
  [[0, 0, 0, 0], 8, '"this network" (0.0.0.0/8)'],
  [[10, 0, 0, 0], 8, 'private (10.0.0.0/8)'],
  [[100, 64, 0, 0], 10, 'carrier-grade NAT (100.64.0.0/10)'],
  [[127, 0, 0, 0], 8, 'loopback (127.0.0.0/8)'],
  [[169, 254, 0, 0], 16, 'link-local (169.254.0.0/16)'],
  [[172, 16, 0, 0], 12, 'private (172.16.0.0/12)'],
  [[192, 0, 0, 0], 24, 'IETF protocol assignments (192.0.0.0/24)'],
  [[192, 0, 2, 0], 24, 'documentation (192.0.2.0/24)'],
  [[192, 88, 99, 0], 24, '6to4 relay anycast (192.88.99.0/24)'],
  [[192, 168, 0, 0], 16, 'private (192.168.0.0/16)'],
  [[198, 18, 0, 0], 15, 'benchmarking (198.18.0.0/15)'],
  [[198, 51, 100, 0], 24, 'documentation (198.51.100.0/24)'],
  [[203, 0, 113, 0], 24, 'documentation (203.0.113.0/24)'],
  [[224, 0, 0, 0], 4, 'multicast (224.0.0.0/4)'],
  [[240, 0, 0, 0], 4, 'reserved (240.0.0.0/4, broadcast included)'],
];

const V6_BLOCKED: Range[] = [
  [[0x01, 0x00], 64, 'discard-only (100::/64)'],
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'local-use NAT64 (64:ff9b:1::/48)'],
  [[0x20, 0x01, 0x00, 0x00], 32, 'Teredo tunnel (2001::/32)'],
  [[0x20, 0x01, 0x00, 0x02, 0x00, 0x00], 48, 'benchmarking (2001:2::/48)'],
  [[0x20, 0x01, 0x00, 0x10], 28, 'ORCHID (2001:10::/28)'],
  [[0x20, 0x01, 0x00, 0x20], 28, 'ORCHIDv2 (2001:20::/28)'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation (2001:db8::/32)'],
  [[0x3f, 0xff], 20, 'documentation (3fff::/20)'],
  [[0xfc], 7, 'unique local (fc00::/7)'],
  [[0xfe, 0x80], 10, 'link-local (fe80::/10)'],
  [[0xfe, 0xc0], 10, 'site-local (fec0::/10)'],
  [[0xff], 8, 'multicast (ff00::/8)'],
];

function inRange(bytes: number[], [base, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const take = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((base[i] ?? 0) & mask)) return false;
  }
  return true;
}

const zeros = (bytes: number[], from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);

/**
 * The IPv4 address an IPv6 address carries by a transition mechanism whose packets end up at that
 * IPv4 address: IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, IPv4-compatible
 * `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` and 6to4 `2002:aabb:ccdd::`.
 */
function embeddedIPv4(b: number[]): { v4: number[]; how: string } | undefined {
  const last4 = b.slice(12, 16);
  if (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return { v4: last4, how: 'IPv4-mapped' };
  if (zeros(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(b, 10, 12))
    return { v4: last4, how: 'IPv4-translated' };
  if (zeros(b, 0, 12)) return { v4: last4, how: 'IPv4-compatible' };
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(b, 4, 12))
    return { v4: last4, how: 'NAT64' };
  if (b[0] === 0x20 && b[1] === 0x02) return { v4: b.slice(2, 6), how: '6to4' };
  return undefined;
}

/** Why an address (as bytes) must not be a webhook target, or undefined when it is a public address. */
export function blockedReason(bytes: number[]): string | undefined {
  if (bytes.length === 4) return V4_BLOCKED.find((r) => inRange(bytes, r))?.[2];
  if (zeros(bytes, 0, 16)) return 'unspecified (::)';
  if (zeros(bytes, 0, 15) && bytes[15] === 1) return 'loopback (::1)';
  const embedded = embeddedIPv4(bytes);
  if (embedded) {
    const inner = blockedReason(embedded.v4);
    return inner && `${embedded.how} ${embedded.v4.join('.')}: ${inner}`;
  }
  const range = V6_BLOCKED.find((r) => inRange(bytes, r));
  if (range) return range[2];
  if (!inRange(bytes, [[0x20], 3, ''])) return 'reserved (outside global unicast 2000::/3)';
  return undefined;
}

/**
 * True for every address a webhook must not reach: loopback, private, link-local, CGNAT, multicast,
 * reserved and documentation ranges, in any IPv4 or IPv6 notation (mapped, compatible, NAT64, 6to4).
 * Text that is not an IP address is not private (names are resolved and checked at delivery).
 */
export function isPrivateAddress(ip: string): boolean {
  const bytes = parseIpAddress(ip);
  return bytes !== undefined && blockedReason(bytes) !== undefined;
}

/** The URL's host without IPv6 brackets or trailing dots, lower case (`LocalHost.` → `localhost`). */
function bareHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '')
    .toLowerCase();
}

function refused(host: string, why: string): AppError {
  return new AppError(
    'bad_request',
    `Webhook url points to a private or reserved address (${host}: ${why}), which is not allowed`,
  );
}

/**
 * Parses and checks a webhook URL's form: http(s), no credentials, and — unless private targets are
 * allowed — no private address in any notation and no `localhost` name. Throws `bad_request`.
 */
export function parseWebhookUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_request', 'Webhook url is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('bad_request', 'Webhook url must use http or https');
  if (url.username || url.password)
    throw new AppError('bad_request', 'Webhook url must not contain credentials');
  const host = bareHost(url);
  if (!host) throw new AppError('bad_request', 'Webhook url has no host');
  if (allowPrivate) return url;
  if (host === 'localhost' || host.endsWith('.localhost')) throw refused(host, 'loopback name');
  const bytes = parseIpAddress(host);
  const why = bytes && blockedReason(bytes);
  if (why) throw refused(host, why);
  return url;
}

/** Where one delivery connects: the checked addresses, and the name to send as Host and TLS server name. */
export interface WebhookTarget {
  /** The subscription's URL, for the Host header and the request path. */
  url: URL;
  /** The host name for TLS (SNI and certificate check), undefined when the URL holds an address. */
  serverName: string | undefined;
  /** Addresses to connect to, in order, every one of them checked. */
  addresses: string[];
}

/**
 * Resolves a webhook URL's host once and checks every address it resolves to (unless private targets are
 * allowed). The delivery then connects to these addresses only, so a name cannot resolve to a public
 * address for the check and a private one for the connection (DNS rebinding).
 * Throws `bad_request` (permanent) for a private target and `unavailable` when the name does not resolve.
 */
export async function resolveWebhookTarget(
  raw: string,
  allowPrivate: boolean,
  resolve: HostResolver = systemResolver,
): Promise<WebhookTarget> {
  const url = parseWebhookUrl(raw, allowPrivate);
  const host = bareHost(url);
  const literal = parseIpAddress(host);
  if (literal) return { url, serverName: undefined, addresses: [host] };
  const addresses = await resolve(host).catch(() => [] as string[]);
  if (!addresses.length) throw new AppError('unavailable', `Webhook host ${host} does not resolve`);
  if (!allowPrivate)
    for (const address of addresses) {
      const bytes = parseIpAddress(address);
      const why = bytes ? blockedReason(bytes) : 'not an address';
      if (why) throw refused(`${host} → ${address}`, why);
    }
  return { url, serverName: host, addresses };
}

/** The URL to connect to one checked address of a target (same scheme, port, path and query). */
export function connectUrl(target: WebhookTarget, address: string): URL {
  const out = new URL(target.url);
  out.hostname = address.includes(':') ? `[${address}]` : address;
  return out;
}
