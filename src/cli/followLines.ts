/**
 * What `wxc send --follow` prints for each delivery report and each of the customer's events: one
 * line each, as text, with every control character from the report or the customer shown as an
 * escape (terminalSafe), so what a customer writes can't rewrite the terminal or split a line.
 */
import type { DeliveryReport } from '../core/delivery/reports';
import { deliveryCodeInfo } from '../core/delivery/reports';
import type { InboundEvent, InboundMessage } from '../core/inbound/events';
import { t } from '../core/text/l10n';
import { terminalSafe } from '../core/text/printable';

/** `12:00:01Z`: the time of day a line is about (UTC), or the ISO text as it is when it is not one. */
function clock(iso: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]}Z` : iso;
}

/** Quoted, escaped untrusted text. */
const quoted = (text: string) => `"${terminalSafe(text)}"`;

/** A delivery report: `12:00:01Z 15550001234: Delivered (7500)`; a failure with its meaning, advice and WhatsApp's words. */
export function reportLine(report: DeliveryReport, receivedAt: string): string {
  const who = terminalSafe(report.destination || t('the recipient'));
  const head = `${clock(receivedAt)} ${who}: ${report.state} (${terminalSafe(report.code)})`;
  if (report.state !== 'Failed') return head;
  const info = deliveryCodeInfo(report.code);
  const parts = [head];
  if (info) parts.push(`${info.meaning}. ${info.advice}`);
  else if (report.description) parts.push(terminalSafe(report.description));
  if (report.additionalInfo) parts.push(t('WhatsApp says: {0}', quoted(report.additionalInfo)));
  return parts.join(' — ');
}

/** What an incoming message holds besides its text: attachments as links (never fetched), a location, contacts. */
function messageParts(event: InboundMessage): string[] {
  const parts: string[] = [];
  for (const a of event.attachments) {
    const name = a.filename ? ` ${quoted(a.filename)}` : '';
    const caption = a.caption ? ` ${quoted(a.caption)}` : '';
    parts.push(t('{0} at {1}{2}{3}', terminalSafe(a.mimeType || t('a file')), terminalSafe(a.url), name, caption));
  }
  const l = event.location;
  if (l) {
    const where = l.latitude !== undefined && l.longitude !== undefined ? `${l.latitude}, ${l.longitude}` : t('(no valid coordinates)');
    const named = [l.name, l.address, l.url].filter((s) => s !== '').map(quoted).join(' ');
    parts.push(t('a location: {0}{1}', where, named ? ` ${named}` : ''));
  }
  for (const c of event.contacts) {
    const reach = [...c.phones, ...c.emails].map((s) => terminalSafe(s)).join(', ');
    parts.push(t('a contact: {0}{1}', quoted(c.name), reach ? ` (${reach})` : ''));
  }
  return parts;
}

/** One of the customer's events: what they wrote or shared, the button or row they tapped, or an event of another kind with its fields. */
export function eventLine(event: InboundEvent): string {
  const who = terminalSafe(event.waid || t('a customer'));
  const at = clock(event.at);
  let line: string;
  if (event.type === 'message') {
    const parts = messageParts(event);
    if (event.text) parts.unshift(quoted(event.text));
    line = t('{0} {1} wrote: {2}', at, who, parts.length > 0 ? parts.join('; ') : t('(nothing readable)'));
  } else if (event.type === 'tap') {
    line = t('{0} {1} tapped {2} (id {3})', at, who, quoted(event.title), quoted(event.payload));
  } else {
    const fields = event.fields.map((f) => `${terminalSafe(f.name)}=${quoted(f.value)}`).join(', ');
    line = t('{0} {1} sent an event {2}: {3}', at, who, quoted(event.event), fields);
  }
  return event.notes.length > 0 ? `${line} (${event.notes.map((n) => terminalSafe(n)).join('; ')})` : line;
}
