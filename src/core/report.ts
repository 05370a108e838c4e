/** The text of the response view: what was sent where, what came back, and what to do next. */
import { t } from './l10n';
import { SendRecord } from './sendRecord';

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

/** Markdown for the read-only response view of a send. */
export function buildReport(r: SendRecord): string {
  const rows: [string, string][] = [
    [t('Environment'), r.environment],
    [t('Endpoint'), `\`POST ${r.endpoint}\``],
    [t('Sent'), r.at],
    [t('Duration'), t('{0} ms', r.durationMs)],
    [t('HTTP status'), r.httpStatus === undefined ? '—' : String(r.httpStatus)],
  ];
  if (r.transid) rows.push(['transid', `\`${r.transid}\``]);
  rows.push([
    t('Message'),
    r.recipients === 1
      ? t('{0} to {1} recipient, from {2}', r.messageType, r.recipients, r.file)
      : t('{0} to {1} recipients, from {2}', r.messageType, r.recipients, r.file),
  ]);
  const lines = [
    `# ${r.success ? '✔' : '✖'} ${r.headline}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    `**${t('What next:')}** ${r.advice}`,
    '',
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
