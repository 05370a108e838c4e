/**
 * The customers on the sandbox's page: per customer its window (with a button to open or close it),
 * a box to write as the customer, and under each interactive message sent to it its buttons and
 * rows, each a form that taps it. Plain HTML forms (the page runs no script); every value is escaped.
 */
import type { CustomerView, SentMessage } from './customers';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const base = (waid: string) => `/sandbox/customers/${encodeURIComponent(waid)}`;
const hidden = (name: string, value: string) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

function windowPart(c: CustomerView): string {
  const w = c.window;
  const state = w.open
    ? `open until <time>${escapeHtml(w.closesAt)}</time>`
    : w.closedSince === null
      ? 'closed: this customer never wrote'
      : `closed since <time>${escapeHtml(w.closedSince)}</time>`;
  return `<form method="post" action="${escapeHtml(base(c.waid))}/window" class="inline">
<span class="window ${w.open ? 'open' : 'closed'}">24-hour window ${state}</span>
${hidden('open', w.open ? 'false' : 'true')}<button type="submit">${w.open ? 'Close the window (as if 24 hours had passed)' : 'Open the window'}</button>
</form>`;
}

function writePart(c: CustomerView): string {
  return `<form method="post" action="${escapeHtml(base(c.waid))}/messages">
<label>Write as ${escapeHtml(c.waid)} <textarea name="text" rows="2" cols="60" maxlength="4096" required></textarea></label>
<button type="submit">Send as the customer</button>
</form>`;
}

function tapsPart(c: CustomerView, m: SentMessage): string {
  if (m.choices.length === 0) return '';
  const delivered = !m.outcome.startsWith('Failed');
  const buttons = m.choices
    .map(
      (choice) => `<form method="post" action="${escapeHtml(base(c.waid))}/messages" class="inline">
${hidden('transid', m.transid)}${hidden('buttonPayload', choice.id)}${hidden('buttonText', choice.title)}<button type="submit"${delivered ? '' : ' disabled'} title="${escapeHtml(`${choice.kind} id: ${choice.id}`)}">${escapeHtml(choice.title)}</button>
</form>`,
    )
    .join('\n');
  return `<div class="taps"><p class="meta">${escapeHtml(m.type)} <code>${escapeHtml(m.transid)}</code> (${escapeHtml(m.outcome)})${delivered ? ': tap as the customer' : ': not delivered, nothing to tap'}</p>
${buttons}</div>`;
}

function eventsPart(c: CustomerView): string {
  if (c.events.length === 0) return '';
  const rows = [...c.events]
    .reverse()
    .map((e) => {
      const what = e.event.event === 'postback' ? `tapped “${String(e.event.buttonText)}”` : String(e.event.message || '(no text)');
      const outcome = e.webhook.status !== undefined ? `webhook ${e.webhook.status}` : String(e.webhook.error);
      // <bdi>: a bidi control in what the customer wrote stays inside it, never reordering the rest of the line.
      return `<li><time>${escapeHtml(e.at)}</time> ${escapeHtml(String(e.event.event))}: <bdi>${escapeHtml(what)}</bdi> <span class="meta">(${escapeHtml(outcome)})</span></li>`;
    })
    .join('\n');
  return `<details><summary>Its events (${c.events.length}), newest first</summary><ul>${rows}</ul></details>`;
}

/** One customer's part of the page. */
function customerSection(c: CustomerView): string {
  return `<section id="customer-${escapeHtml(encodeURIComponent(c.waid))}">
<h3>Customer ${escapeHtml(c.waid)}</h3>
${windowPart(c)}
${writePart(c)}
${[...c.messages].reverse().map((m) => tapsPart(c, m)).join('\n')}
${eventsPart(c)}
</section>`;
}

/** How many customers the page shows (the most recently active); GET /sandbox/customers has them all. */
export const PAGE_CUSTOMERS = 50;

/** The customers part of the page, most recently active first. */
export function customersSection(customers: readonly CustomerView[], webhookOrigin: string | undefined): string {
  const where = webhookOrigin
    ? `Their events go to <code>${escapeHtml(webhookOrigin)}</code>/… (<code>GET /sandbox/webhook</code> shows the whole URL).`
    : 'No webhook is set, so their events go nowhere: <code>PUT /sandbox/webhook {"url": "http://127.0.0.1:PORT/…"}</code>, or start the delivery receiver in the editor while the sandbox is the active environment.';
  return `<h2>Customers (${customers.length})</h2>
<p>${where} A customer appears here once a message is sent to it.</p>
${customers.slice(0, PAGE_CUSTOMERS).map(customerSection).join('\n') || '<p>None yet.</p>'}
${customers.length > PAGE_CUSTOMERS ? `<p>And ${customers.length - PAGE_CUSTOMERS} more: <a href="/sandbox/customers"><code>GET /sandbox/customers</code></a>.</p>` : ''}`;
}
