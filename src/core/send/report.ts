/** The text of the response view: what was sent where, what came back, and what to do next. */
import { DeliveryEvent, DeliveryTimeline, meaningOf, recipientRows, sendState, stateName } from '../delivery/timeline';
import { deliveryCodeInfo } from '../delivery/reports';
import { t } from '../text/l10n';
import { SendRecord } from './record';

/**
 * Untrusted text (an answer's or a report's words) as Markdown that renders as that text: HTML is
 * entity-escaped, the Markdown punctuation that makes markup backslash-escaped (no link, image,
 * code span, emphasis, table cell break or bare-address link can be made; nothing starts a line,
 * so no block marker can either), line breaks become spaces.
 */
function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // `.`, `:` and `@` too: the preview links bare addresses (linkify) in text, not across escapes.
    .replace(/[\\`*_[\]|~#.:@]/g, (c) => `\\${c}`);
}

/** Untrusted text as an inline code span (shown verbatim: HTML and Markdown inside a code span are text). */
function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${marks}${pad}${flat}${pad}${marks}`;
}

/** A code fence longer than any run of backticks in the text. */
function fence(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language}\n${text}\n${marks}`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * What a report said, in a table cell: a code span, so it shows verbatim and can become neither
 * markup nor a link (the Markdown preview turns bare addresses into links outside code); pipes are
 * escaped for the table, which gives them back as text.
 */
function verbatimCell(text: string): string {
  return text === '' ? '' : codeSpan(text).replace(/\|/g, '\\|');
}

/** A code's meaning: the table's words, or the report's own (verbatim) for a code the table does not know. */
function meaningCell(code: string, description: string): string {
  const info = deliveryCodeInfo(code);
  return info ? markdownText(info.meaning) : verbatimCell(description);
}

function eventTime(e: DeliveryEvent): string {
  return verbatimCell(e.timeStamp || e.receivedAt);
}

/** The delivery section: the latest state, then each recipient's reports with meaning and advice. */
export function deliverySection(r: { readonly transid?: string; readonly sentBody?: string; readonly at: string }, timeline: DeliveryTimeline | undefined): string[] {
  const send = { transid: r.transid, queued: true, sentBody: r.sentBody, timeline };
  const state = sendState(send);
  // The summary quotes a report's own words for a code the table does not know: then it is shown verbatim.
  const quotesReport = (timeline ?? []).some((row) => row.events.some((e) => !deliveryCodeInfo(e.code)));
  const lines = [`## ${t('Delivery')}`, '', `**${t('Latest state:')}** ${quotesReport ? codeSpan(state.summary) : markdownText(state.summary)}`, ''];
  const rows = recipientRows(send);
  if (!timeline || timeline.length === 0) {
    lines.push(`_${t('No delivery report yet. Reports arrive at the payload\'s "notifyurl": start the delivery receiver and write "notifyurl": "{0}" in the payload.', '{{notifyurl}}')}_`, '');
  }
  const advice = new Map<string, string>();
  lines.push(`| ${t('Recipient')} | ${t('State')} | ${t('Code')} | ${t('Meaning')} | ${t('Time')} |`, '|---|---|---|---|---|');
  for (const row of rows) {
    const who = row.destination ? verbatimCell(row.destination) : markdownText(t('(not named)'));
    lines.push(`| ${who} | ${stateName('Queued')} | | | ${verbatimCell(r.at)} |`);
    for (const e of row.events) {
      lines.push(`| ${who} | ${stateName(e.state)} | ${verbatimCell(e.code)} | ${meaningCell(e.code, e.description)} | ${eventTime(e)} |`);
      const info = deliveryCodeInfo(e.code);
      if (e.state === 'Failed' && info) advice.set(e.code, info.advice);
    }
  }
  lines.push('');
  for (const [code, text] of advice) lines.push(`- **${markdownText(code)} ${markdownText(meaningOf(code))}:** ${markdownText(text)}`);
  if (advice.size > 0) lines.push('');
  return lines;
}

/** Markdown for the read-only response view of a send, with its delivery timeline when it was queued. */
export function buildReport(r: SendRecord, timeline?: DeliveryTimeline): string {
  const rows: [string, string][] = [
    [t('Environment'), r.environment],
    [t('Endpoint'), `\`POST ${r.endpoint}\``],
    [t('Sent'), r.at],
    [t('Duration'), t('{0} ms', r.durationMs)],
    [t('HTTP status'), r.httpStatus === undefined ? '—' : String(r.httpStatus)],
  ];
  if (r.transid) rows.push(['transid', codeSpan(r.transid)]);
  rows.push([
    t('Message'),
    r.recipients === 1
      ? t('{0} to {1} recipient, from {2}', r.messageType, r.recipients, r.file)
      : t('{0} to {1} recipients, from {2}', r.messageType, r.recipients, r.file),
  ]);
  const lines = [
    `# ${r.success ? '✔' : '✖'} ${markdownText(r.headline)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    `**${t('What next:')}** ${markdownText(r.advice)}`,
    '',
    ...(r.success ? deliverySection(r, timeline) : []),
    `## ${t('Response body')}`,
    '',
    r.responseBody === undefined ? `_${t('No answer was received.')}_` : fence(r.responseBody || t('(empty)'), 'json'),
    '',
    `## ${t('Payload as sent')}`,
    '',
    t('The `key` header is not shown.'),
    '',
    fence(prettyJson(r.sentBody), 'json'),
    '',
  ];
  return lines.join('\n');
}
