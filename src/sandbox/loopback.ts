/** The sandbox's loopback rule: it posts reports only to notify URLs on this machine, and answers only requests addressed to it by a loopback name. */
import * as dns from 'node:dns';
import type * as http from 'node:http';
import type { LookupFunction } from 'node:net';
import { isLoopbackHost, isLoopbackIp } from '../core/net/hosts';

/** Whether a notify URL is http(s) on a loopback host (127.0.0.0/8, localhost, [::1]). */
export function isLoopbackUrl(raw: unknown): boolean {
  // The WHATWG parser already normalises hosts (127.1 and 0x7f.0.0.1 become 127.0.0.1, IPv6
  // keeps its brackets), so the parsed hostname is enough to recognise loopback literals.
  if (typeof raw !== 'string') return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopbackHost(url.hostname);
}

/**
 * `localhost` is resolved by the system, which could be configured to point elsewhere; refusing
 * any non-loopback answer at connect time keeps the "loopback only" rule true whatever DNS says.
 */
export const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, address, family);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
    if (list.some((a) => !isLoopbackIp(a))) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves outside loopback; not contacted`);
      refused.code = 'ENOTLOOPBACK';
      return callback(refused, address, family);
    }
    callback(null, address, family);
  });
};

/** Whether a request is addressed to this machine by a loopback name (or names no host at all). */
export function hostAllowed(req: http.IncomingMessage): boolean {
  // Browsers may reach 127.0.0.1 through a rebound DNS name; only answer requests addressed to
  // this machine by a loopback name, so a web page cannot read the recorded payloads.
  const host = req.headers.host;
  if (host === undefined) return true;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  return isLoopbackHost(hostname);
}
