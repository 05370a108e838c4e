/** The text of the response view: what was sent where, what came back, and what to do next. */

export interface ReportInput {
  readonly environment: string;
  readonly endpoint: string;
  readonly file: string;
  readonly at: string;
  readonly durationMs: number;
  readonly messageType: string;
  readonly recipients: number;
  /** Shown as the title: `1001 Queued`, `7001 Authentication failed`, `Timed out`. */
  readonly headline: string;
  readonly success: boolean;
  readonly httpStatus?: number;
  readonly transid?: string;
  readonly advice: string;
  readonly responseBody?: string;
  /** The JSON that was sent (or would have been). */
  readonly sentBody: string;
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

/** Markdown for the read-only response view. */
export function buildReport(r: ReportInput): string {
  const rows: [string, string][] = [
    ['Environment', r.environment],
    ['Endpoint', `\`POST ${r.endpoint}\``],
    ['Sent', r.at],
    ['Duration', `${r.durationMs} ms`],
    ['HTTP status', r.httpStatus === undefined ? '—' : String(r.httpStatus)],
  ];
  if (r.transid) rows.push(['transid', `\`${r.transid}\``]);
  rows.push(['Message', `${r.messageType} to ${r.recipients} recipient${r.recipients === 1 ? '' : 's'}, from ${r.file}`]);
  const lines = [
    `# ${r.success ? '✔' : '✖'} ${r.headline}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    `**What next:** ${r.advice}`,
    '',
    '## Response body',
    '',
    r.responseBody === undefined ? '_No answer was received._' : fence(r.responseBody || '(empty)', 'json'),
    '',
    '## Payload as sent',
    '',
    'The `key` header is not shown.',
    '',
    fence(prettyJson(r.sentBody), 'json'),
    '',
  ];
  return lines.join('\n');
}
