/**
 * A small JSON request to a server on this machine (the local sandbox's own interface): loopback
 * hosts only, no redirects, a short timeout, a bounded answer. Plain node:http, loaded when first used.
 */
import type * as http from 'node:http';
import { isLoopbackHost } from './hosts';

export type LoopbackAnswer = { readonly status: number; readonly json: unknown } | { readonly error: string };

const MAX_ANSWER_BYTES = 1024 * 1024;

/** Sends `body` (as JSON) with `method` to a loopback `url`; resolves to the status and parsed JSON (undefined when not JSON), or an error. */
export function loopbackJson(url: string, method: string, body?: unknown, timeoutMs = 5000): Promise<LoopbackAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ error: `not a URL: ${url}` });
  }
  if (target.protocol !== 'http:' || !isLoopbackHost(target.hostname)) return Promise.resolve({ error: `not an http URL on this machine: ${target.origin}` });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used
  const transport = require('node:http') as typeof http;
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((settle) => {
    const req = transport.request(
      target,
      { method, agent: false, timeout: timeoutMs, headers: { Accept: 'application/json', ...(text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }) } },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes > MAX_ANSWER_BYTES) req.destroy(new Error('the answer is too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          settle({ status: res.statusCode ?? 0, json });
        });
        res.on('error', (err) => settle({ error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => settle({ error: err.message }));
    req.end(text);
  });
}
