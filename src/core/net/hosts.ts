/**
 * Which hosts are public, and what the others are (this machine, a private or local network, a
 * special-use range or name, a placeholder): what the media checks, the preview, the preflight,
 * the receiver and the sandbox ask before they reach for a URL.
 *
 * A host is judged by its spelling only: the WHATWG URL parser first writes it the one way
 * (`0x7f.1`, `2130706433`, `127.1`, full-width digits → `127.0.0.1`; `[::ffff:127.0.0.1]` →
 * `[::ffff:7f00:1]`; upper case and IDNA), then addresses are looked up in the special-use
 * registries (IANA's IPv4 and IPv6 special-purpose address registries, RFC 6761's names) with
 * Node's `net.BlockList`. A public name that resolves to a private address is not caught here.
 */
import { BlockList, SocketAddress, isIPv4, isIPv6 } from 'node:net';
import { t } from '../text/l10n';

/** What a host is: `public`, or why it isn't. */
export type HostKind = 'public' | 'loopback' | 'private' | 'shared' | 'link-local' | 'multicast' | 'documentation' | 'reserved' | 'local-name' | 'special-name' | 'single-label' | 'invalid';

type Range = readonly [network: string, prefix: number, kind: HostKind];

/** IPv4's special-use ranges (IANA IPv4 Special-Purpose Address Registry, multicast, class E). */
const IPV4_RANGES: readonly Range[] = [
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['169.254.0.0', 16, 'link-local'],
  ['224.0.0.0', 4, 'multicast'],
  ['192.0.2.0', 24, 'documentation'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['0.0.0.0', 8, 'reserved'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  // Benchmarking (RFC 2544).
  ['198.18.0.0', 15, 'reserved'],
  // Class E and the limited broadcast address 255.255.255.255.
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6's own special-use ranges (IANA IPv6 Special-Purpose Address Registry). */
const IPV6_RANGES: readonly Range[] = [
  ['::1', 128, 'loopback'],
  ['::', 128, 'reserved'],
  ['fc00::', 7, 'private'],
  // Local-use IPv4/IPv6 translation (RFC 8215): a translator of this network.
  ['64:ff9b:1::', 48, 'private'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  // Teredo tunnels to a host behind a NAT; benchmarking; ORCHID; discard-only.
  ['2001::', 32, 'reserved'],
  ['2001:2::', 48, 'reserved'],
  ['2001:10::', 28, 'reserved'],
  ['100::', 64, 'reserved'],
];

/** The IPv6 prefixes that carry an IPv4 address in their low bits: the IPv4 address decides. */
const IPV4_EMBEDDINGS: readonly ((v4: string, prefix: number) => [string, number])[] = [
  // NAT64's well-known prefix, 64:ff9b::/96 (RFC 6052).
  (v4, prefix) => [`64:ff9b::${hexGroups(v4)}`, 96 + prefix],
  // 6to4, 2002::/16 (RFC 3056): the IPv4 address is bits 16–48.
  (v4, prefix) => [`2002:${hexGroups(v4)}::`, 16 + prefix],
];
// IPv4-mapped addresses (::ffff:a.b.c.d, ::ffff:a9fe:a9fe) need no entry: BlockList matches
// them against its IPv4 rules.

/** An IPv4 address as the two IPv6 groups that spell it: 10.0.0.0 → "a00:0". */
function hexGroups(v4: string): string {
  const [a, b, c, d] = v4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** One BlockList per kind, in the order they are asked. */
const LISTS: readonly (readonly [HostKind, BlockList])[] = (() => {
  const lists = new Map<HostKind, BlockList>();
  const list = (kind: HostKind) => lists.get(kind) ?? lists.set(kind, new BlockList()).get(kind)!;
  for (const [network, prefix, kind] of IPV4_RANGES) {
    list(kind).addSubnet(network, prefix, 'ipv4');
    // Through a translator or a tunnel, 127.0.0.1 is not this computer, only not public.
    for (const embed of IPV4_EMBEDDINGS) list(kind === 'loopback' ? 'reserved' : kind).addSubnet(...embed(network, prefix), 'ipv6');
  }
  for (const [network, prefix, kind] of IPV6_RANGES) list(kind).addSubnet(network, prefix, 'ipv6');
  return [...lists.entries()];
})();

/** The IPv6 space that can be public: global unicast 2000::/3, and the forms that carry an IPv4 address. */
const IPV6_GLOBAL = new BlockList();
IPV6_GLOBAL.addSubnet('2000::', 3, 'ipv6');
IPV6_GLOBAL.addSubnet('::ffff:0:0', 96, 'ipv6');
IPV6_GLOBAL.addSubnet('64:ff9b::', 96, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Top-level names for a home, office or cloud network: .local (RFC 6762), home.arpa (RFC 8375),
 * .internal (ICANN, 2024); .corp, .home and .mail, which ICANN will never delegate (name
 * collisions, 2018); and the undelegated names in common use (.lan, .intranet, .private, .localdomain).
 */
const LOCAL_SUFFIXES = ['local', 'home.arpa', 'internal', 'lan', 'intranet', 'corp', 'home', 'mail', 'private', 'localdomain'];
/**
 * Special-use names public DNS never resolves to a host: RFC 6761's, .onion (RFC 7686), .alt
 * (RFC 9476), and .arpa, the infrastructure domain of reverse lookups (RFC 3172), where no web host lives.
 */
const SPECIAL_SUFFIXES = ['test', 'example', 'invalid', 'onion', 'alt', 'arpa'];

/** Whether an IP address is loopback: 127.0.0.0/8, ::1, or an IPv4-mapped 127.x address (::ffff:7f00:1). */
export function isLoopbackIp(address: string): boolean {
  if (isIPv4(address)) return LOOPBACK.check(address, 'ipv4');
  return isIPv6(address) && LOOPBACK.check(address, 'ipv6');
}

/**
 * Whether a host name (as URL.hostname gives it, IPv6 in brackets) is this machine: `localhost`,
 * `*.localhost` or a loopback address. Kept to those exact spellings: it lets plain http and the
 * sandbox through, so it is narrower than "not public".
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || isLoopbackIp(h);
}

/** What an IP address is. */
function addressKind(address: string): HostKind {
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  // Parsed once: a check of a string parses it again each time, ten times slower.
  const parsed = new SocketAddress({ address, family });
  for (const [kind, list] of LISTS) if (list.check(parsed)) return kind;
  return family === 'ipv6' && !IPV6_GLOBAL.check(parsed) ? 'reserved' : 'public';
}

/** The host written the one way the URL parser writes it, without brackets; undefined when it is not a host. */
function canonicalHost(hostname: string): string | undefined {
  let h = hostname.trim();
  // Anything that would make the parser read a user name, a port or a path is not a host name.
  if (h === '' || /[\s/\\?#@]/.test(h)) return undefined;
  if (!h.startsWith('[') && h.includes(':')) {
    if (!isIPv6(h)) return undefined;
    h = `[${h}]`;
  }
  try {
    return new URL(`http://${h}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** What a host name is (not an address): the last dot of a fully qualified name is dropped first. */
function nameKind(name: string): HostKind {
  const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  if (labels.some((l) => l === '')) return 'invalid';
  const last = labels[labels.length - 1];
  const lastTwo = labels.slice(-2).join('.');
  if (last === 'localhost') return 'loopback';
  if (LOCAL_SUFFIXES.includes(last) || LOCAL_SUFFIXES.includes(lastTwo)) return 'local-name';
  if (SPECIAL_SUFFIXES.includes(last)) return 'special-name';
  return labels.length === 1 ? 'single-label' : 'public';
}

/**
 * What a host is, from its spelling: a URL's hostname (IPv6 in brackets) or a bare name or
 * address. `public` means nothing in its spelling keeps the public internet from reaching it.
 */
export function hostKind(hostname: string): HostKind {
  const h = canonicalHost(hostname);
  if (h === undefined) return 'invalid';
  return isIPv4(h) || isIPv6(h) ? addressKind(h) : nameKind(h);
}

/** Whether a host is public: reachable from the internet as far as its spelling tells (see hostKind). */
export function isPublicHost(hostname: string): boolean {
  return hostKind(hostname) === 'public';
}

/** Why WhatsApp's servers can't reach a host, or undefined when it is public. */
export function unreachableReason(hostname: string): string | undefined {
  switch (hostKind(hostname)) {
    case 'public':
      return undefined;
    case 'loopback':
      return t('this computer (loopback)');
    case 'private':
      return t('a private network address');
    case 'shared':
      return t("a carrier-grade NAT address (an internet provider's shared address space)");
    case 'link-local':
      return t('a link-local address');
    case 'multicast':
      return t('a multicast address');
    case 'documentation':
      return t('an address reserved for documentation');
    case 'reserved':
      return t('not a routable address');
    case 'local-name':
      return t('a local network name');
    case 'special-name':
      return t('a special-use name that public DNS does not resolve');
    case 'single-label':
      return t('a name without a domain, known only on a local network');
    case 'invalid':
      return t('not a valid host name');
  }
}

/** Whether a host is reserved for documentation (RFC 2606/6761): a placeholder, never a real file. */
export function isPlaceholderHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return /(^|\.)example\.(com|net|org)$/.test(h) || /\.(example|invalid|test)$/.test(h) || h === 'example';
}
