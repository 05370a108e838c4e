/**
 * Which hosts are this machine, a private or local network, or placeholders: what the media checks,
 * the preview, the preflight, the receiver and the sandbox ask before they reach for a URL.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { t } from '../text/l10n';

/** Whether an IP address is loopback: 127.0.0.0/8, ::1, or an IPv4-mapped 127.x address. */
export function isLoopbackIp(address: string): boolean {
  if (isIPv4(address)) return address.split('.')[0] === '127';
  if (isIPv6(address)) {
    const a = address.toLowerCase();
    if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
    if (a.startsWith('::ffff:')) {
      const rest = a.slice(7);
      // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
      return isIPv4(rest) ? isLoopbackIp(rest) : /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(rest);
    }
  }
  return false;
}

/** Whether a host name (as URL.hostname gives it, IPv6 in brackets) is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || isLoopbackIp(h);
}

/** Why WhatsApp's servers can't reach a host, or undefined when they can. */
export function unreachableReason(hostname: string): string | undefined {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(h)) return t('this computer (loopback)');
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return t('a private network address');
    if (a === 169 && b === 254) return t('a link-local address');
    if (a === 0) return t('not a routable address');
  }
  if (/^f[cd][0-9a-f]{2}:/.test(h)) return t('a private network address');
  if (/^fe[89ab][0-9a-f]:/.test(h)) return t('a link-local address');
  if (/\.(local|internal|lan|corp|home|intranet)$/.test(h)) return t('a local network name');
  if (!h.includes('.') && !h.includes(':')) return t('a name without a domain, known only on a local network');
  return undefined;
}

/** Whether a host is reserved for documentation (RFC 2606/6761): a placeholder, never a real file. */
export function isPlaceholderHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return /(^|\.)example\.(com|net|org)$/.test(h) || /\.(example|invalid|test)$/.test(h) || h === 'example';
}
