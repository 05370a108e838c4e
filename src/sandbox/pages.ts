/** The sandbox's own pages: GET / (what it is, its customers and what it accepted, as HTML), GET and DELETE /messages (the recorded traffic as JSON), GET /healthz. */
import type * as http from 'node:http';
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { MESSAGING_PATH } from '../core/send/endpoint';
import { sendJson } from './answers';
import { DELIVERY_TRIGGERS } from './deliveryTriggers';
import { FAULT_MODES } from './faults';
import type { SandboxSettings } from './options';
import type { AcceptedMessage, Traffic } from './traffic';
import { customersSection, escapeHtml } from './customerPage';
import type { CustomerView } from './customers';


/** One accepted message on the page. */
function messageSection(m: AcceptedMessage): string {
  return `<section>
<h3>${escapeHtml(m.type)} to ${m.recipients} recipient${m.recipients === 1 ? '' : 's'}</h3>
<p class="meta">${escapeHtml(m.at)} · transid <code>${escapeHtml(m.transid)}</code>${
    m.correlationid ? ` · correlationid <code>${escapeHtml(m.correlationid)}</code>` : ''
  }</p>
<pre>${escapeHtml(JSON.stringify(m.payload, null, 2))}</pre>
</section>`;
}

/** The list of what the sandbox does: its endpoint, delivery reports, failures on demand, templates and fault modes. */
function aboutList(base: string, templates: TemplateDefinitions, signed: boolean): string {
  return `<ul>
<li>Base URL: <code>${escapeHtml(base)}</code></li>
<li>Endpoint: <code>POST ${escapeHtml(base + MESSAGING_PATH)}</code> with headers <code>key: &lt;the sandbox service key&gt;</code> and <code>Content-Type: application/json</code></li>
<li>Delivery reports are posted only to loopback <code>notifyurl</code>s (127.0.0.0/8, localhost, [::1]), one per recipient and step, a delay apart: Submitted (7501) → Delivered (7500) → Read (7502)${signed ? ', signed with <code>x-hub-signature: sha256=…</code> (the webhook secret it was given)' : ', unsigned (no webhook secret given)'}.</li>
<li>Failures on demand:<ul>
${DELIVERY_TRIGGERS.map((tr) => `<li>${escapeHtml(tr.when)} <code>${escapeHtml(tr.value)}</code> → ${tr.submittedFirst ? 'Submitted, then ' : ''}Failed <code>${escapeHtml(tr.code)}</code> (${escapeHtml(tr.meaning)})</li>`).join('\n')}
</ul></li>
<li>It plays the customer: <code>POST /sandbox/customers/{waid}/messages</code> with <code>{"text": "…"}</code> (or a location, contacts, an attachment) or a tap <code>{"transid", "buttonPayload", "buttonText"}</code>; <code>POST /sandbox/customers/{waid}/window</code> with <code>{"open": false}</code>; <code>GET /sandbox/customers/{waid}</code>; the events go to the webhook of <code>PUT /sandbox/webhook</code>.</li>
<li>JSON of everything recorded: <a href="/messages"><code>GET /messages</code></a>; clear it with <code>DELETE /messages</code>.</li>
<li>Approved templates (any other id is answered <code>7108</code>): ${
    Object.keys(templates).length ? Object.keys(templates).map((id) => `<code>${escapeHtml(id)}</code>${templates[id].name ? ` (${escapeHtml(templates[id].name)})` : ''}`).join(', ') : 'none'
  }.</li>
<li>Fault modes (no key check, nothing accepted): <code>POST ${escapeHtml(base)}/fault/&lt;mode&gt;${escapeHtml(MESSAGING_PATH)}</code>, i.e. a baseUrl of <code>${escapeHtml(base)}/fault/&lt;mode&gt;</code>, with mode one of ${FAULT_MODES.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}.</li>
</ul>`;
}

/** What the page shows of the customers. */
export interface PageCustomers {
  readonly list: readonly CustomerView[];
  /** The webhook's origin (its path may hold a token), when one is set. */
  readonly webhookOrigin?: string;
}

/** The HTML page at GET /: what the sandbox is and how to use it, its customers, then the accepted messages, newest first. */
export function renderPage(base: string, messages: AcceptedMessage[], templates: TemplateDefinitions, signed: boolean, customers: PageCustomers = { list: [] }): string {
  const rows = [...messages].reverse().map(messageSection).join('\n');
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
form { margin: .35rem 0; }
form.inline { display: inline-block; margin-right: .35rem; }
.window.open { color: #1a7f37; }
.window.closed { color: #b42318; }
.taps { margin: .5rem 0; }
</style>
</head>
<body>
<h1>Webex Connect sandbox</h1>
<p>A local imitation of the Webex Connect Messaging API v1 for WhatsApp. Nothing leaves this machine.</p>
${aboutList(base, templates, signed)}
${customersSection(customers.list, customers.webhookOrigin)}
<h2>Accepted messages (${messages.length}), newest first</h2>
${rows || '<p>None yet.</p>'}
</body>
</html>
`;
}

export interface PagesContext {
  /** The sandbox's base URL, known once it listens. */
  readonly base: string;
  readonly customers: { list(): CustomerView[] };
  readonly webhook: { readonly current: string | undefined };
  readonly settings: Pick<SandboxSettings, 'templates' | 'webhookSecret'>;
  readonly traffic: Traffic;
  /** What DELETE /messages does. */
  reset(): void;
}

type Routes = Record<string, Record<string, () => void>>;

/** The pages by path and method. */
function pageRoutes(ctx: PagesContext, res: http.ServerResponse): Routes {
  return {
    '/': {
      GET: () => {
        const hook = ctx.webhook.current;
        const html = renderPage(ctx.base, ctx.traffic.messages, ctx.settings.templates, ctx.settings.webhookSecret !== undefined, {
          list: ctx.customers.list(),
          ...(hook !== undefined ? { webhookOrigin: new URL(hook).origin } : {}),
        });
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': Buffer.byteLength(html),
          // No script at all; its forms post only to the sandbox itself.
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        });
        res.end(html);
      },
    },
    '/messages': {
      GET: () => sendJson(res, 200, { messages: ctx.traffic.messages, requests: ctx.traffic.requests, reports: ctx.traffic.reports }),
      DELETE: () => {
        ctx.reset();
        res.writeHead(204).end();
      },
    },
    '/healthz': {
      GET: () => {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      },
    },
  };
}

/** Serves a page, 404 for a path that is none, 405 (with Allow) for a method it does not take. */
export function servePage(path: string, method: string, res: http.ServerResponse, ctx: PagesContext): void {
  const routes = pageRoutes(ctx, res);
  const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
  if (!route) return sendJson(res, 404, { error: 'not found' });
  const handler = Object.hasOwn(route, method) ? route[method] : undefined;
  if (!handler) {
    res.setHeader('Allow', Object.keys(route).join(', '));
    return sendJson(res, 405, { error: 'method not allowed' });
  }
  handler();
}
