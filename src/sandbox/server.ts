/**
 * A local stand-in for the Webex Connect Messaging API v1 (WhatsApp), so payloads can be sent
 * end to end without a real service key or a real phone. Plain Node: no VS Code, no dependencies.
 */
import { randomUUID } from 'node:crypto';
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { type AddressInfo, type LookupFunction, type Socket } from 'node:net';
import { MESSAGING_PATH } from '../core/send/endpoint';
import { sameSecret } from '../core/net/secrets';
import { isLoopbackHost, isLoopbackIp } from '../core/net/hosts';
import { deliveryReportBody, signDeliveryReport } from '../core/delivery/reports';
import { countRecipients, destinationIds } from '../core/payload/envelope';
import { describeMessage } from '../core/messages';
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { refusalOf } from './apiChecks';
import { DELIVERY_TRIGGERS, deliverySteps, type DeliveryStep } from './deliveryTriggers';
import { SHIPPED_TEMPLATES } from './templates';
import { isObject } from '../core/json/values';

export interface SandboxOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  serviceKey: string;
  /** Delay before each delivery report of a recipient (Submitted, Delivered, Read); 200 ms by default. */
  deliveryDelayMs?: number;
  /** Signs every delivery report with `x-hub-signature: sha256=…` (HMAC of the body); unsigned without. */
  webhookSecret?: string;
  log?: (line: string) => void;
  /** The approved templates it knows (answering 7108 for any other id); the shipped ones by default. */
  templates?: TemplateDefinitions;
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
  /** What the message is, as a send names it: "image", "list", "template spring_offer". */
  type: string;
  recipients: number;
  payload: unknown;
  correlationid?: string;
}

export interface DeliveryReportAttempt {
  at: string;
  url: string;
  transid: string;
  /** The recipient the report is about. */
  destination: string;
  state: DeliveryStep['state'];
  code: string;
  /** Whether it carried an x-hub-signature. */
  signed: boolean;
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
/** Reports in flight at once, whatever the number of recipients (a send may have 1,000). */
const MAX_REPORTS_IN_FLIGHT = 8;
const HOST = '127.0.0.1';

/**
 * Misbehaviours served at `/fault/<mode>` + MESSAGING_PATH, so an environment whose baseUrl is
 * `http://127.0.0.1:PORT/fault/<mode>` shows how the extension copes with a broken API.
 */
export const FAULT_MODES = Object.freeze(['stall-headers', 'stall-body', 'reset', 'html-500', 'text-200', 'huge-200', '429'] as const);
export type FaultMode = (typeof FAULT_MODES)[number];
const FAULT_PREFIX = '/fault/';
/** Far beyond any real answer, so a client that reads responses without a size cap shows it. */
export const HUGE_FAULT_BYTES = 10 * 1024 * 1024;
const HUGE_CHUNK_BYTES = 64 * 1024;

const isFaultMode = (mode: string): mode is FaultMode => (FAULT_MODES as readonly string[]).includes(mode);

/** The mode named by a fault route (possibly not a known one), or undefined when the path is not one. */
function faultModeOf(path: string): string | undefined {
  if (!path.startsWith(FAULT_PREFIX) || !path.endsWith(MESSAGING_PATH)) return undefined;
  // `/fault/resources/v1/messaging` matches both ends by sharing its slash; it names no mode at all.
  if (path.length < FAULT_PREFIX.length + MESSAGING_PATH.length) return undefined;
  return path.slice(FAULT_PREFIX.length, path.length - MESSAGING_PATH.length);
}

const FAULT_HTML_500 = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>500 Internal Server Error</title></head>
<body><h1>500 Internal Server Error</h1><p>The server encountered an internal error and was unable to complete your request.</p></body>
</html>
`;

interface Answer {
  code: string;
  description: string;
  httpStatus: number;
}

type Json = Record<string, unknown>;
type Recorder = (r: Omit<RecordedRequest, 'at' | 'method' | 'path'>) => void;


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

function renderPage(base: string, messages: AcceptedMessage[], templates: TemplateDefinitions, signed: boolean): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<section>
<h3>${escapeHtml(m.type)} to ${m.recipients} recipient${m.recipients === 1 ? '' : 's'}</h3>
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
<li>Delivery reports are posted only to loopback <code>notifyurl</code>s (127.0.0.0/8, localhost, [::1]), one per recipient and step, a delay apart: Submitted (7501) → Delivered (7500) → Read (7502)${signed ? ', signed with <code>x-hub-signature: sha256=…</code> (the webhook secret it was given)' : ', unsigned (no webhook secret given)'}.</li>
<li>Failures on demand:<ul>
${DELIVERY_TRIGGERS.map((tr) => `<li>${escapeHtml(tr.when)} <code>${escapeHtml(tr.value)}</code> → ${tr.submittedFirst ? 'Submitted, then ' : ''}Failed <code>${escapeHtml(tr.code)}</code> (${escapeHtml(tr.meaning)})</li>`).join('\n')}
</ul></li>
<li>JSON of everything recorded: <a href="/messages"><code>GET /messages</code></a>; clear it with <code>DELETE /messages</code>.</li>
<li>Approved templates (any other id is answered <code>7108</code>): ${
    Object.keys(templates).length ? Object.keys(templates).map((id) => `<code>${escapeHtml(id)}</code>`).join(', ') : 'none'
  }.</li>
<li>Fault modes (no key check, nothing accepted): <code>POST ${escapeHtml(base)}/fault/&lt;mode&gt;${escapeHtml(MESSAGING_PATH)}</code>, i.e. a baseUrl of <code>${escapeHtml(base)}/fault/&lt;mode&gt;</code>, with mode one of ${FAULT_MODES.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}.</li>
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
  const webhookSecret = options.webhookSecret || undefined;
  const log = options.log ?? (() => undefined);
  const templates = options.templates ?? SHIPPED_TEMPLATES;

  const requests: RecordedRequest[] = [];
  const messages: AcceptedMessage[] = [];
  const reports: DeliveryReportAttempt[] = [];
  // Each pending delay, with what ends it early (reset, close), so no recipient's sequence hangs.
  const timers = new Map<NodeJS.Timeout, () => void>();
  const inFlight = new Set<AbortController>();
  // Posts waiting for one of the MAX_REPORTS_IN_FLIGHT slots.
  const waiting: (() => void)[] = [];
  let posting = 0;
  // Connections a stall mode keeps open on purpose; nothing else would ever end them.
  const stalled = new Set<Socket>();
  // Bumped by reset(): a report already on its way must not reappear in the cleared lists.
  let generation = 0;
  let closed = false;
  let base = '';

  function cancelDeliveries(): void {
    for (const [t, wake] of timers) {
      clearTimeout(t);
      wake();
    }
    timers.clear();
    for (const c of inFlight) c.abort();
    inFlight.clear();
    // Each waiter wakes holding a slot of its own (it posts nothing: its generation is gone).
    for (const go of waiting.splice(0)) {
      posting++;
      go();
    }
  }

  /** Resolves after the delivery delay, or at once when deliveries are cancelled. */
  function pause(): Promise<void> {
    return new Promise((wake) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        wake();
      }, deliveryDelayMs);
      timers.set(timer, wake);
    });
  }

  /** Runs a post in one of the MAX_REPORTS_IN_FLIGHT slots; a finished post hands its slot to the next in line. */
  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (posting < MAX_REPORTS_IN_FLIGHT) posting++;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else posting--;
    }
  }

  function endStalls(): void {
    for (const socket of stalled) socket.destroy();
    stalled.clear();
  }

  function reset(): void {
    generation++;
    cancelDeliveries();
    endStalls();
    requests.length = 0;
    messages.length = 0;
    reports.length = 0;
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** Every recipient of a payload, waid then bsuid, as text. */
  function recipientsOf(payload: Json): string[] {
    const ids = destinationIds(payload.destination);
    return [...ids.waid, ...ids.bsuid].map((id) => String(id));
  }

  function scheduleReports(payload: Json, transid: string): void {
    const target = payload.notifyurl;
    if (target === undefined || target === null || target === '') return;
    if (!isLoopbackUrl(target)) {
      log(`delivery reports for ${transid} skipped: notifyurl is not a loopback http(s) URL`);
      return;
    }
    const url = new URL(target as string);
    const gen = generation;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const correlationid = str(payload.correlationid);
    const callbackData = str(payload.callbackData);
    for (const destination of recipientsOf(payload)) {
      const steps = deliverySteps(payload, destination);
      void (async () => {
        for (const step of steps) {
          await pause();
          if (gen !== generation || closed) return;
          const body = deliveryReportBody({ transid, destination, ...step, correlationid, callbackData });
          await slot(() => postReport(url, { transid, destination, ...step }, body, gen));
        }
      })();
    }
  }

  function postReport(url: URL, about: Pick<DeliveryReportAttempt, 'transid' | 'destination' | 'state' | 'code'>, body: string, gen: number): Promise<void> {
    if (gen !== generation || closed) return Promise.resolve();
    const controller = new AbortController();
    inFlight.add(controller);
    const signature = webhookSecret === undefined ? undefined : signDeliveryReport(body, webhookSecret, 'sha256');
    return new Promise<void>((settle) => {
      let settled = false;
      const finish = (outcome: { status?: number; error?: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        inFlight.delete(controller);
        settle();
        if (gen !== generation) return;
        reports.push({ at: new Date().toISOString(), url: url.href, ...about, signed: signature !== undefined, ...outcome });
        // The origin only: a receiver's path holds its token, which no log may show.
        log(`delivery report ${about.state} ${about.code} for ${about.transid} (${about.destination}) to ${url.origin}: ${outcome.status ?? outcome.error}`);
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
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            ...(signature !== undefined ? { 'x-hub-signature': signature } : {}),
          },
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
    });
  }

  function evaluate(body: Buffer): { answer: Answer; payload?: Json; recipients?: number } {
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return { answer: { code: '7000', description: 'Invalid JSON', httpStatus: 400 } };
    }
    if (!isObject(payload)) return { answer: { code: '7000', description: 'Invalid JSON', httpStatus: 400 } };
    const refusal = refusalOf(payload, templates);
    if (refusal) return { answer: { ...refusal, httpStatus: 400 } };
    return { answer: { code: '1001', description: 'Queued', httpStatus: 202 }, payload, recipients: countRecipients(payload) };
  }

  /** evaluate(), and should a check ever throw on what a client sent, 7006 instead of a crashed server. */
  function safelyEvaluate(body: Buffer): ReturnType<typeof evaluate> {
    try {
      return evaluate(body);
    } catch (err) {
      log(`internal error while checking a payload: ${(err as Error).message}`);
      return { answer: { code: '7006', description: 'Internal error', httpStatus: 500 } };
    }
  }

  function keyStatus(req: http.IncomingMessage): { keyPresent: boolean; keyValid: boolean } {
    const keyHeader = req.headers.key;
    const key = Array.isArray(keyHeader) ? keyHeader.join(', ') : keyHeader;
    const keyPresent = key !== undefined && key !== '';
    return { keyPresent, keyValid: keyPresent && sameSecret(key, serviceKey) };
  }

  function handleMessaging(req: http.IncomingMessage, res: http.ServerResponse, record: Recorder): void {
    const { keyPresent, keyValid } = keyStatus(req);
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
      const result = safelyEvaluate(Buffer.concat(chunks));
      if (!result.payload) return answer(result.answer, bytes);
      const transid = randomUUID();
      const correlationid = result.payload.correlationid;
      messages.push({
        at: new Date().toISOString(),
        transid,
        type: describeMessage(result.payload),
        recipients: result.recipients ?? 0,
        payload: result.payload,
        ...(typeof correlationid === 'string' ? { correlationid } : {}),
      });
      answer(result.answer, bytes, transid);
      scheduleReports(result.payload, transid);
    });
    req.on('error', () => {
      answered = true;
    });
  }

  /** Streams a valid success body padded to exactly HUGE_FAULT_BYTES, honouring backpressure. */
  function streamHuge(res: http.ServerResponse): void {
    // Valid JSON of the success shape, so a client without a size cap would take it as a send.
    const head = Buffer.from(`{"response":[{"code":"1001","transid":"${randomUUID()}","description":"Queued"}],"padding":"`);
    const tail = Buffer.from('"}');
    const chunk = Buffer.alloc(HUGE_CHUNK_BYTES, 'x');
    let remaining = HUGE_FAULT_BYTES - head.length - tail.length;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(head);
    const pump = () => {
      while (remaining > 0) {
        // A client that went away destroys the response; stop instead of buffering megabytes.
        if (res.destroyed) return;
        const n = Math.min(remaining, chunk.length);
        remaining -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    pump();
  }

  function stall(socket: Socket): void {
    stalled.add(socket);
    socket.once('close', () => stalled.delete(socket));
  }

  function handleFault(mode: string, req: http.IncomingMessage, res: http.ServerResponse, record: Recorder): void {
    const { keyPresent, keyValid } = keyStatus(req);
    const contentType = req.headers['content-type'];
    let bytes = 0;
    let recorded = false;
    const note = (httpStatus: number) => {
      if (recorded) return;
      recorded = true;
      record({ keyPresent, keyValid, ...(contentType !== undefined ? { contentType } : {}), bodyBytes: bytes, code: '-', httpStatus });
    };
    // A client that leaves before its body is read still made a request worth seeing.
    res.on('close', () => note(0));
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      if (!isFaultMode(mode)) {
        note(404);
        return sendJson(res, 404, { error: 'unknown fault mode', modes: FAULT_MODES });
      }
      if (req.method !== 'POST') {
        note(405);
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { error: 'method not allowed' });
      }
      switch (mode) {
        case 'stall-headers':
          note(0);
          stall(req.socket);
          return;
        case 'stall-body':
          note(200);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"response":[');
          stall(req.socket);
          return;
        case 'reset':
          note(0);
          // An RST rather than a FIN: the client sees ECONNRESET, as from a proxy that drops the line.
          req.socket.resetAndDestroy();
          return;
        case 'html-500':
          note(500);
          res.writeHead(500, {
            'Content-Type': 'text/html',
            'Content-Length': Buffer.byteLength(FAULT_HTML_500),
            'Content-Security-Policy': "default-src 'none'",
          });
          res.end(FAULT_HTML_500);
          return;
        case 'text-200':
          note(200);
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 }).end('OK');
          return;
        case 'huge-200':
          note(200);
          streamHuge(res);
          return;
        case '429':
          note(429);
          res.setHeader('Retry-After', '30');
          sendJson(res, 429, { response: { code: '7020', description: 'Max transaction limit', transid: randomUUID() } });
          return;
      }
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
    // Stalls, resets and clients that leave never reach 'finish' but deserve a line too.
    res.on('close', () => {
      if (res.writableFinished) return;
      log(`${method} ${path} ${code} ${res.headersSent ? res.statusCode : 0} ${Date.now() - started}ms (closed before the response was complete)`);
    });
    const faultMode = faultModeOf(path);
    const record: Recorder = (r) => {
      code = r.code;
      requests.push({ at, method, path, ...r });
    };
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');

    if (!hostAllowed(req)) {
      req.resume();
      if (path === MESSAGING_PATH || faultMode !== undefined) {
        record({ keyPresent: req.headers.key !== undefined, keyValid: false, bodyBytes: 0, code: '-', httpStatus: 421 });
      }
      sendJson(res, 421, { error: 'host not allowed; use 127.0.0.1 or localhost' });
      return;
    }
    if (path === MESSAGING_PATH) return handleMessaging(req, res, record);
    if (faultMode !== undefined) return handleFault(faultMode, req, res, record);

    req.resume();
    const routes: Record<string, Record<string, () => void>> = {
      '/': {
        GET: () => {
          const html = renderPage(base, messages, templates, webhookSecret !== undefined);
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
            closed = true;
            cancelDeliveries();
            server.close((err) => (err ? fail(err) : done()));
            // Keep-alive sockets (fetch keeps them) and stalled fault responses would otherwise
            // hold close() open; this ends every connection, stalls included.
            server.closeAllConnections();
          })),
      });
    });
  });
}
