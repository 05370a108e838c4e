/**
 * POSTs a JSON body to a loopback URL, signed when there is a secret: the sandbox's one way out,
 * used by delivery reports and customer events alike.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { signDeliveryReport } from '../core/delivery/reports';
import { loopbackOnlyLookup } from './loopback';

export interface PostOutcome {
  status?: number;
  error?: string;
}

/** The `x-hub-signature` of a body with the webhook secret, or undefined without one. */
export const signatureOf = (body: string, secret: string | undefined): string | undefined => (secret === undefined ? undefined : signDeliveryReport(body, secret, 'sha256'));

/**
 * POSTs with node:http rather than fetch: it never follows redirects (a 3xx could point off
 * loopback) and takes a lookup hook, so the loopback rule holds at connect time too.
 */
export function postBody(url: URL, body: string, signature: string | undefined, signal: AbortSignal, done: (outcome: PostOutcome) => void): void {
  const transport = url.protocol === 'https:' ? https : http;
  const req = transport.request(
    url,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        ...(signature !== undefined ? { 'x-hub-signature': signature } : {}),
      },
      lookup: loopbackOnlyLookup,
      agent: false,
      signal,
    },
    (res) => {
      res.resume();
      done({ status: res.statusCode });
    },
  );
  req.on('error', (err) => done({ error: err.message }));
  req.end(body);
}

/** postBody as a promise that settles once, with a timeout. */
export function postWithTimeout(url: URL, body: string, signature: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<PostOutcome> {
  return new Promise((settle) => {
    const controller = new AbortController();
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      signal?.removeEventListener('abort', abort);
      settle(outcome);
    };
    const abort = () => {
      finish({ error: 'cancelled' });
      controller.abort();
    };
    const timeout = setTimeout(() => {
      finish({ error: `timed out after ${timeoutMs} ms` });
      controller.abort();
    }, timeoutMs);
    signal?.addEventListener('abort', abort);
    postBody(url, body, signature, controller.signal, finish);
  });
}
