/**
 * For the delivery receiver's tests: a receiver with its reports, logs and secret look-ups kept, a
 * plain node:http client, raw sockets for clients that misbehave on purpose, signed report bodies,
 * and the checks every refusal passes.
 */
import * as assert from 'node:assert';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { type DeliveryReport, deliveryReportBody } from '../../../src/core/delivery/reports';
import { startReceiver, type Receiver, type ReceiverOptions } from '../../../src/core/delivery/receiver';

export const SECRET = 'whsec-4f1d2c7a9b3e-webhook-secret';
export const TOKEN = 'tok_ABCdef0123456789-xyzXYZ_000111';

export interface Taken {
  report: DeliveryReport;
  meta: { receivedAt: string; environment?: string };
}

export interface Harness {
  receiver: Receiver;
  taken: Taken[];
  logs: string[];
  secretsAsked: (string | undefined)[];
}

/** The receivers a test started; closeReceivers() (each suite's afterEach) closes them. */
export const openReceivers: Receiver[] = [];

/** Closes every receiver a test left open. */
export async function closeReceivers(): Promise<void> {
  await Promise.all(openReceivers.splice(0).map((r) => r.close()));
}

/** A receiver on TOKEN whose environments have `secrets`, keeping what it takes, logs and asks. */
export async function harness(secrets: Record<string, string> = {}, extra: Partial<ReceiverOptions> = {}): Promise<Harness> {
  const taken: Taken[] = [];
  const logs: string[] = [];
  const secretsAsked: (string | undefined)[] = [];
  const receiver = await startReceiver({
    token: TOKEN,
    secretFor: async (env) => {
      secretsAsked.push(env);
      return env === undefined ? undefined : secrets[env];
    },
    onReport: (report, meta) => taken.push({ report, meta }),
    log: (line) => logs.push(line),
    ...extra,
  });
  openReceivers.push(receiver);
  return { receiver, taken, logs, secretsAsked };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request with node:http (no client-side opinions about methods, types or bodies). */
export function request(url: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer; agent?: http.Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const json = { 'Content-Type': 'application/json' };
export const hmac = (alg: 'sha256' | 'sha512', body: string, secret = SECRET) => createHmac(alg, secret).update(body).digest('hex');

/** A delivery report's body, as Webex Connect posts it. */
export function report(transid = '5f0c6a43-9b1d-4a4e-8a9e-2f6d7c1b0a11', code = '7500', state: DeliveryReport['state'] = 'Delivered', destination = '16505551234'): string {
  return deliveryReportBody({ transid, destination, state, code, timeStamp: '2026-11-25T18:00:00.000Z' });
}

/** The raw HTTP/1.1 head of a POST, for clients that misbehave on purpose. */
export const head = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;

/** Opens a raw connection, writes `text`, and collects whatever comes back until the server closes. */
export function raw(port: number, text: string): { socket: net.Socket; received: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(text);
  let got = '';
  socket.on('data', (c: Buffer) => (got += c.toString('latin1')));
  const received = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(got));
    socket.on('error', () => undefined);
  });
  return { socket, received };
}

/** Fails when a log line holds the token or the secret. */
export function assertNothingSecretLogged(logs: string[]): void {
  for (const line of logs) {
    assert.ok(!line.includes(TOKEN), `the token leaked into a log line: ${line}`);
    assert.ok(!line.includes(SECRET), `the secret leaked into a log line: ${line}`);
  }
}

/** A request the receiver must refuse: what is sent, the status, and what its one log line says. */
export interface Refusal {
  name: string;
  status: number;
  log: RegExp;
  send: (r: Receiver) => Promise<Answer>;
}

/** Sends a refusal to a new receiver: a 4xx, one log line, nothing taken, the token never logged, and still serving after it. */
export async function assertRefused(c: Refusal): Promise<void> {
  const { receiver, taken, logs } = await harness();
  const r = await c.send(receiver);
  assert.strictEqual(r.status, c.status, r.text);
  assert.strictEqual(taken.length, 0);
  assert.strictEqual(logs.length, 1, logs.join('\n'));
  assert.match(logs[0], c.log);
  assertNothingSecretLogged(logs);
  if (c.status === 405) assert.strictEqual(r.headers.allow, 'POST, HEAD');
  // Still serving after the refusal.
  assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 200);
}
