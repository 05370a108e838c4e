/**
 * A local stand-in for the Webex Connect Messaging API v1 (WhatsApp), so payloads can be sent
 * end to end without a real service key or a real phone. Plain Node: no VS Code, no dependencies.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { type AddressInfo, type LookupFunction } from 'node:net';
import { MESSAGING_PATH, isLoopbackHost, isLoopbackIp } from '../core/endpoint';
import { MAX_DESTINATIONS } from '../core/media';

export interface SandboxOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  serviceKey: string;
  /** Delay before a delivery report is posted; 200 ms by default. */
  deliveryDelayMs?: number;
  log?: (line: string) => void;
}

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  keyPresent: boolean;
  keyValid: boolean;
  contentType?: string;
  bodyBytes: number;
  /** The API code answered ("-" when the request never reached the API checks). */
  code: string;
  httpStatus: number;
}

export interface AcceptedMessage {
  at: string;
  transid: string;
  type?: string;
  recipients: number;
  payload: unknown;
  correlationid?: string;
}

export interface DeliveryReportAttempt {
  at: string;
  url: string;
  transid: string;
  status?: number;
  error?: string;
}

export interface Sandbox {
  url: string;
  port: number;
  requests: RecordedRequest[];
  messages: AcceptedMessage[];
  reports: DeliveryReportAttempt[];
  reset(): void;
  close(): Promise<void>;
}

export { MESSAGING_PATH };
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const REPORT_TIMEOUT_MS = 10_000;
const HOST = '127.0.0.1';

interface Answer {
  code: string;
  description: string;
  httpStatus: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Hashing first gives timingSafeEqual the equal-length buffers it needs without leaking the
 * key's length through an early return.
 */
function sameKey(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

/** Every waid and bsuid id across all destination entries: the API's per-request limit counts these. */
export function destinationIds(destination: unknown): { waid: unknown[]; bsuid: unknown[] } {
  const ids = { waid: [] as unknown[], bsuid: [] as unknown[] };
  if (!Array.isArray(destination)) return ids;
  for (const entry of destination) {
    if (!isObject(entry)) continue;
    if (Array.isArray(entry.waid)) ids.waid.push(...entry.waid);
    if (Array.isArray(entry.bsuid)) ids.bsuid.push(...entry.bsuid);
  }
  return ids;
}

function whatsappPart(payload: Json): Json | undefined {
  const channels = payload.channels;
  const ott = isObject(channels) ? channels['OTT-Messaging'] : undefined;
  const wa = isObject(ott) ? ott.wa : undefined;
  return isObject(wa) ? wa : undefined;
}

/** The mandatory envelope parameters a payload lacks, in the order the docs list them. */
export function missingParameters(payload: Json): string[] {
  const missing: string[] = [];
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (!present(payload.deliverychannel)) missing.push('deliverychannel');
  if (!present(payload.appid)) missing.push('appid');
  // The docs require at least one waid or bsuid; an array of empty entries addresses no one.
  const ids = destinationIds(payload.destination);
  if (!Array.isArray(payload.destination) || ids.waid.length + ids.bsuid.length === 0) missing.push('destination');
  if (!whatsappPart(payload)) missing.push('channels.OTT-Messaging.wa');
  return missing;
}

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
const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
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

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function renderPage(base: string, messages: AcceptedMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<section>
<h3>${escapeHtml(m.type ?? '(no type)')} to ${m.recipients} recipient${m.recipients === 1 ? '' : 's'}</h3>
<p class="meta">${escapeHtml(m.at)} · transid <code>${escapeHtml(m.transid)}</code>${
        m.correlationid ? ` · correlationid <code>${escapeHtml(m.correlationid)}</code>` : ''
      }</p>
<pre>${escapeHtml(JSON.stringify(m.payload, null, 2))}</pre>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Webex Connect sandbox</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
code, pre { font-family: ui-monospace, monospace; }
pre { background: #f4f4f4; padding: .75rem; overflow: auto; }
section { border-top: 1px solid #ddd; padding-top: .5rem; }
.meta { color: #666; margin: 0; }
</style>
</head>
<body>
<h1>Webex Connect sandbox</h1>
<p>A local imitation of the Webex Connect Messaging API v1 for WhatsApp. Nothing leaves this machine.</p>
<ul>
<li>Base URL: <code>${escapeHtml(base)}</code></li>
<li>Endpoint: <code>POST ${escapeHtml(base + MESSAGING_PATH)}</code> with headers <code>key: &lt;the sandbox service key&gt;</code> and <code>Content-Type: application/json</code></li>
<li>Delivery reports are posted only to loopback <code>notifyurl</code>s (127.0.0.0/8, localhost, [::1]).</li>
<li>JSON of everything recorded: <a href="/messages"><code>GET /messages</code></a>; clear it with <code>DELETE /messages</code>.</li>
</ul>
<h2>Accepted messages (${messages.length}), newest first</h2>
${rows || '<p>None yet.</p>'}
</body>
</html>
`;
}

/** Starts the sandbox on 127.0.0.1 and resolves once it is listening. */
export function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  if (!options.serviceKey) return Promise.reject(new Error('startSandbox: serviceKey is required'));
  const serviceKey = options.serviceKey;
  const deliveryDelayMs = options.deliveryDelayMs ?? 200;
  const log = options.log ?? (() => undefined);

  const requests: RecordedRequest[] = [];
  const messages: AcceptedMessage[] = [];
  const reports: DeliveryReportAttempt[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  // Bumped by reset(): a report already on its way must not reappear in the cleared lists.
  let generation = 0;
  let base = '';

  function cancelDeliveries(): void {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const c of inFlight) c.abort();
    inFlight.clear();
  }

  function reset(): void {
    generation++;
    cancelDeliveries();
    requests.length = 0;
    messages.length = 0;
    reports.length = 0;
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  function deliveryReport(payload: Json, transid: string): Json {
    const ids = destinationIds(payload.destination);
    const first = ids.waid.length ? ids.waid[0] : ids.bsuid[0];
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      deliveryInfoNotification: {
        deliveryInfo: {
          deliveryChannel: 'whatsapp',
          Description: 'Delivered',
          destinationType: 'waid',
          timeStamp: new Date().toISOString(),
          code: '7500',
          additionalInfo: '',
          deliveryStatus: 'Delivered',
          destination: first === undefined ? '' : String(first),
        },
        subtid: '',
        correlationid: str(payload.correlationid),
        callbackData: str(payload.callbackData),
        transid,
      },
    };
  }

  function scheduleReport(payload: Json, transid: string): void {
    const target = payload.notifyurl;
    if (target === undefined || target === null || target === '') return;
    if (!isLoopbackUrl(target)) {
      log(`delivery report for ${transid} skipped: notifyurl is not a loopback http(s) URL`);
      return;
    }
    const url = new URL(target as string);
    const gen = generation;
    const timer = setTimeout(() => {
      timers.delete(timer);
      postReport(url, transid, JSON.stringify(deliveryReport(payload, transid)), gen);
    }, deliveryDelayMs);
    timers.add(timer);
  }

  function postReport(url: URL, transid: string, body: string, gen: number): void {
    const controller = new AbortController();
    inFlight.add(controller);
    let settled = false;
    const finish = (outcome: { status?: number; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      inFlight.delete(controller);
      if (gen !== generation) return;
      reports.push({ at: new Date().toISOString(), url: url.href, transid, ...outcome });
      log(`delivery report for ${transid} to ${url.href}: ${outcome.status ?? outcome.error}`);
    };
    const timeout = setTimeout(() => {
      finish({ error: `timed out after ${REPORT_TIMEOUT_MS} ms` });
      controller.abort();
    }, REPORT_TIMEOUT_MS);
    // node:http rather than fetch: it never follows redirects (a 3xx could point off loopback)
    // and takes a lookup hook, so the loopback rule holds at connect time too.
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        lookup: loopbackOnlyLookup,
        agent: false,
        signal: controller.signal,
      },
      (res) => {
        res.resume();
        finish({ status: res.statusCode });
      },
    );
    req.on('error', (err) => finish({ error: err.message }));
    req.end(body);
  }

  function evaluate(body: Buffer): { answer: Answer; payload?: Json; recipients?: number } {
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return { answer: { code: '7000', description: 'Invalid JSON', httpStatus: 400 } };
    }
    if (!isObject(payload)) return { answer: { code: '7000', description: 'Invalid JSON', httpStatus: 400 } };
    const missing = missingParameters(payload);
    if (missing.length) {
      return { answer: { code: '7003', description: `Mandatory parameters missing: ${missing.join(', ')}`, httpStatus: 400 } };
    }
    const ids = destinationIds(payload.destination);
    const recipients = ids.waid.length + ids.bsuid.length;
    if (recipients > MAX_DESTINATIONS) {
      return { answer: { code: '7009', description: 'More than 1000 destinations', httpStatus: 400 } };
    }
    return { answer: { code: '1001', description: 'Queued', httpStatus: 202 }, payload, recipients };
  }

  function handleMessaging(req: http.IncomingMessage, res: http.ServerResponse, record: (r: Omit<RecordedRequest, 'at' | 'method' | 'path'>) => void): void {
    const keyHeader = req.headers.key;
    const key = Array.isArray(keyHeader) ? keyHeader.join(', ') : keyHeader;
    const keyPresent = key !== undefined && key !== '';
    const keyValid = keyPresent && sameKey(key, serviceKey);
    const bearer = /^bearer\s+\S/i.test(req.headers.authorization ?? '');
    const contentType = req.headers['content-type'];
    // Auth depends on headers only; the sandbox has no service secret, so it cannot verify a JWT.
    let authFailure: Answer | undefined;
    if (!keyPresent && !bearer) authFailure = { code: '7002', description: 'Service key missing', httpStatus: 401 };
    else if (!keyValid) authFailure = { code: '7001', description: 'Authentication failed.', httpStatus: 401 };

    const answer = (a: Answer, bodyBytes: number, transid = randomUUID()) => {
      record({ keyPresent, keyValid, ...(contentType !== undefined ? { contentType } : {}), bodyBytes, code: a.code, httpStatus: a.httpStatus });
      const response =
        a.code === '1001'
          ? { response: [{ code: a.code, transid, description: a.description }] }
          : { response: { code: a.code, description: a.description, transid } };
      sendJson(res, a.httpStatus, response);
    };

    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      req.resume();
      answer({ code: '7000', description: 'Method not allowed; use POST', httpStatus: 405 }, 0);
      return;
    }

    const chunks: Buffer[] = [];
    let bytes = 0;
    let answered = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (answered) return;
      if (bytes > MAX_BODY_BYTES) {
        // Answer at once and drop what was buffered; the rest of the upload is read and
        // discarded by this listener so the client can still read the answer instead of a reset.
        answered = true;
        chunks.length = 0;
        answer(authFailure ?? { code: '7000', description: 'Invalid JSON: body larger than 10 MB', httpStatus: 413 }, bytes);
        return;
      }
      if (!authFailure) chunks.push(chunk);
    });
    req.on('end', () => {
      if (answered) return;
      answered = true;
      if (authFailure) return answer(authFailure, bytes);
      const result = evaluate(Buffer.concat(chunks));
      if (!result.payload) return answer(result.answer, bytes);
      const transid = randomUUID();
      const wa = whatsappPart(result.payload);
      const correlationid = result.payload.correlationid;
      messages.push({
        at: new Date().toISOString(),
        transid,
        ...(typeof wa?.type === 'string' ? { type: wa.type } : {}),
        recipients: result.recipients ?? 0,
        payload: result.payload,
        ...(typeof correlationid === 'string' ? { correlationid } : {}),
      });
      answer(result.answer, bytes, transid);
      scheduleReport(result.payload, transid);
    });
    req.on('error', () => {
      answered = true;
    });
  }

  // Browsers may reach 127.0.0.1 through a rebound DNS name; only answer requests addressed to
  // this machine by a loopback name, so a web page cannot read the recorded payloads.
  function hostAllowed(req: http.IncomingMessage): boolean {
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

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const at = new Date(started).toISOString();
    const method = req.method ?? '';
    // Only the path is kept: a query string is the client's business and may hold secrets.
    const path = (req.url ?? '/').split('?')[0];
    let code = '-';
    res.on('finish', () => log(`${method} ${path} ${code} ${res.statusCode} ${Date.now() - started}ms`));
    const record = (r: Omit<RecordedRequest, 'at' | 'method' | 'path'>) => {
      code = r.code;
      requests.push({ at, method, path, ...r });
    };
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');

    if (!hostAllowed(req)) {
      req.resume();
      if (path === MESSAGING_PATH) {
        record({ keyPresent: req.headers.key !== undefined, keyValid: false, bodyBytes: 0, code: '-', httpStatus: 421 });
      }
      sendJson(res, 421, { error: 'host not allowed; use 127.0.0.1 or localhost' });
      return;
    }
    if (path === MESSAGING_PATH) return handleMessaging(req, res, record);

    req.resume();
    const routes: Record<string, Record<string, () => void>> = {
      '/': {
        GET: () => {
          const html = renderPage(base, messages);
          res.writeHead(200, {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Length': Buffer.byteLength(html),
            'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
          });
          res.end(html);
        },
      },
      '/messages': {
        GET: () => sendJson(res, 200, { messages, requests, reports }),
        DELETE: () => {
          reset();
          res.writeHead(204).end();
        },
      },
      '/healthz': {
        GET: () => {
          res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
        },
      },
    };
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return sendJson(res, 404, { error: 'not found' });
    const handler = Object.hasOwn(route, method) ? route[method] : undefined;
    if (!handler) {
      res.setHeader('Allow', Object.keys(route).join(', '));
      return sendJson(res, 405, { error: 'method not allowed' });
    }
    handler();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      base = `http://${HOST}:${port}`;
      let closing: Promise<void> | undefined;
      resolve({
        url: base,
        port,
        requests,
        messages,
        reports,
        reset,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            cancelDeliveries();
            server.close((err) => (err ? fail(err) : done()));
            // Keep-alive sockets (fetch keeps them) would otherwise hold close() open.
            server.closeAllConnections();
          })),
      });
    });
  });
}
