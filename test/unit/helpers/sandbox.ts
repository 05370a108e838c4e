/**
 * What the sandbox's unit tests share: the service key, a valid payload, sending to the messaging
 * endpoint and asserting the API's two answer shapes, waiting, and a notify URL receiver.
 */
import * as assert from 'node:assert';
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MESSAGING_PATH, type Sandbox } from '../../../src/sandbox/server';

/** The service key every test sandbox accepts. */
export const KEY = 'sbx-7f3c9e2a-secret-service-key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export type Json = Record<string, unknown>;

/** A valid image message; `extra` is merged over the envelope. */
export function imagePayload(extra: Json = {}): Json {
  return {
    deliverychannel: 'whatsapp',
    appid: 'WA123456',
    destination: [{ waid: ['16505551234'] }],
    channels: {
      'OTT-Messaging': {
        wa: { type: 'image', image: { url: 'https://cdn.example.com/cat.png', mimeType: 'image/png', caption: 'A cat' } },
      },
    },
    ...extra,
  };
}

/** `n` distinct destination ids starting with `prefix`. */
export const ids = (n: number, prefix = '1650555') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

export interface Reply {
  status: number;
  contentType: string | null;
  text: string;
  json: unknown;
}

/** A fetch response read whole: status, content type, text and (when it parses) JSON. */
export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

/** POSTs to the messaging endpoint; a string body is sent as is, anything else as JSON. */
export async function send(sandbox: Sandbox, body: unknown, headers: Record<string, string> = { key: KEY }): Promise<Reply> {
  const res = await fetch(sandbox.url + MESSAGING_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return reply(res);
}

/** Asserts the API's success shape (202, an array with code 1001) and returns its transid. */
export function assertQueued(r: Reply): string {
  assert.strictEqual(r.status, 202, r.text);
  assert.strictEqual(r.contentType, 'application/json');
  const body = r.json as { response: { code: string; transid: string; description: string }[] };
  assert.ok(Array.isArray(body.response), `success must be an array: ${r.text}`);
  assert.strictEqual(body.response.length, 1);
  assert.deepStrictEqual(Object.keys(body.response[0]).sort(), ['code', 'description', 'transid']);
  assert.strictEqual(body.response[0].code, '1001');
  assert.strictEqual(body.response[0].description, 'Queued');
  assert.match(body.response[0].transid, UUID);
  return body.response[0].transid;
}

/** Asserts the API's error shape (an object) with this code, HTTP status and description. */
export function assertError(r: Reply, code: string, httpStatus: number, description: string | RegExp): void {
  assert.strictEqual(r.status, httpStatus, r.text);
  assert.strictEqual(r.contentType, 'application/json');
  const body = r.json as { response: { code: string; transid: string; description: string } };
  assert.ok(body && typeof body.response === 'object' && !Array.isArray(body.response), `error must be an object: ${r.text}`);
  assert.deepStrictEqual(Object.keys(body.response).sort(), ['code', 'description', 'transid']);
  assert.strictEqual(body.response.code, code);
  if (typeof description === 'string') assert.strictEqual(body.response.description, description);
  else assert.match(body.response.description, description);
  assert.match(body.response.transid, UUID);
}

/** Resolves once `test()` holds; rejects naming `what` after `timeoutMs`. */
export async function waitFor(what: string, test: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Hit {
  method: string;
  path: string;
  contentType?: string;
  signature?: string;
  body: string;
}

/** A local notify URL receiver answering `status` (0: never answering). */
export async function startReceiver(status = 200): Promise<{ url: string; hits: Hit[]; server: http.Server }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signature = req.headers['x-hub-signature'];
      hits.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        ...(typeof signature === 'string' ? { signature } : {}),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // 0 never answers, to keep a report in flight.
      if (status) res.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

/** Closes a server and every connection it still has. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
