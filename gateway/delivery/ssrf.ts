/**
 * Server-side request forgery guard: webhook URLs are chosen by subscribers, so the gateway
 * refuses to connect to loopback, private, link-local (cloud metadata), shared, multicast and
 * reserved addresses unless the registry allow-lists them. The check runs on every resolved
 * address at connect time, so a DNS answer that changes after validation is caught too.
 */
import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** A blocked target: the host and why. */
export class ForbiddenTargetError extends Error {
  readonly code = 'ERR_FORBIDDEN_TARGET';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`refusing to connect to ${host} (${address}): internal address`);
    this.name = 'ForbiddenTargetError';
  }
}

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 (could reach IPv4 internals)
];

/** Parses allow-list entries (addresses or CIDR ranges) into a BlockList; throws naming a bad entry. */
function allowList(entries: readonly string[]): BlockList {
  const allowed = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) throw new Error(`allow-listed target '${entry}' is not an IP address or CIDR range`);
    if (prefix === undefined) allowed.addAddress(address, family);
    else if (Number(prefix) > (family === 'ipv6' ? 128 : 32))
      throw new Error(`allow-listed target '${entry}' has an invalid prefix length`);
    else allowed.addSubnet(address, Number(prefix), family);
  }
  return allowed;
}

/** Problems of an allow-list (empty when every entry is an address or CIDR range), for checking a registry before it applies. */
export function allowListProblems(entries: readonly string[]): string[] {
  try {
    allowList(entries);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Decides which addresses a webhook may reach. */
export class TargetGuard {
  private readonly blocked = new BlockList();
  private readonly allow: () => readonly string[];
  private parsed: { from: readonly string[]; list: BlockList } | null = null;

  /**
   * `allow`: addresses or CIDR ranges (`127.0.0.1`, `10.1.0.0/16`) that are reachable despite the rules;
   * a function is asked at every check, so a registry reload's new list applies at once.
   */
  constructor(allow: readonly string[] | (() => readonly string[]) = []) {
    for (const [net, prefix] of BLOCKED_V4) this.blocked.addSubnet(net, prefix, 'ipv4');
    for (const [net, prefix] of BLOCKED_V6) this.blocked.addSubnet(net, prefix, 'ipv6');
    this.allow = typeof allow === 'function' ? allow : () => allow;
    // A fixed list is checked at once; a live one when first used (its source may not be loaded yet).
    if (typeof allow !== 'function') this.allowed();
  }

  /** The current allow-list, parsed again only when the list itself was replaced. */
  private allowed(): BlockList {
    const from = this.allow();
    if (this.parsed?.from !== from) this.parsed = { from, list: allowList(from) };
    return this.parsed.list;
  }

  /** True when a connection to this IP address is permitted. */
  permits(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const mapped = type === 'ipv6' ? mappedIpv4(address) : null;
    if (mapped) return this.permits(mapped);
    if (this.allowed().check(address, type)) return true;
    return !this.blocked.check(address, type);
  }

  /** A `dns.lookup`-compatible function that fails for forbidden addresses; for undici's `connect.lookup`. */
  readonly lookup = (hostname: string, options: object, callback: (...args: unknown[]) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      const list = addresses as { address: string; family: number }[];
      const bad = list.find((a) => !this.permits(a.address));
      if (bad) return callback(new ForbiddenTargetError(hostname, bad.address));
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`));
      callback(null, first.address, first.family);
    });
  };

  /** Checks a URL before it is accepted: http(s) only, no credentials, every resolved address permitted. */
  async check(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const normal = normaliseWebhookUrl(url);
    if (!normal.ok) return normal;
    const parsed = new URL(normal.url);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return this.permits(host) ? { ok: true } : { ok: false, reason: `internal address ${host} is not allow-listed` };
    const addresses = await new Promise<{ address: string }[] | Error>((resolve) =>
      dnsLookup(host, { all: true }, (err, list) => resolve(err ?? list)),
    );
    if (addresses instanceof Error) return { ok: false, reason: `host ${host} does not resolve` };
    const bad = addresses.find((a) => !this.permits(a.address));
    return bad ? { ok: false, reason: `host ${host} resolves to internal address ${bad.address}` } : { ok: true };
  }
}

/**
 * A webhook URL in the one form it is checked and stored in (WHATWG URL): scheme and host lower-case,
 * IDN host in punycode, IPv4 in dotted decimal whatever it was written as (`127.1`, `0x7f.1`,
 * `2130706433`), the default port and the fragment dropped. Refused: schemes other than http(s) and
 * credentials. The guard and the store see this form only, so no spelling of a host can pass a check
 * made on another spelling.
 */
export function normaliseWebhookUrl(url: string): { ok: true; url: string } | { ok: false; reason: string } {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, reason: 'only http and https URLs are accepted' };
  if (parsed.username || parsed.password) return { ok: false, reason: 'credentials in the URL are not accepted' };
  parsed.hash = '';
  return { ok: true, url: parsed.href };
}

/**
 * The IPv4 address inside an IPv4-mapped IPv6 address, in either spelling: `::ffff:127.0.0.1` or the
 * hexadecimal form the WHATWG URL parser writes (`::ffff:7f00:1`); null for any other address.
 */
export function mappedIpv4(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}
