/**
 * `wxc validate`: the editor's checks of a payload file, outside the editor (src/core/checks/pipeline:
 * the same findings, words, places and severities), as text, JSON or GitHub annotations, and an exit code.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Severity } from '../core/checks/findings';
import { PayloadCheckContext, checkPayload } from '../core/checks/pipeline';
import { lineStarts, positionAt } from '../core/json/jsonc';
import { t } from '../core/text/l10n';
import { jsonTerminalSafe, terminalSafe } from '../core/text/printable';
import { findPayloadFiles } from './files';
import { environmentNamed, hostFinding, hostWarning, readSettings, variablesFor } from './settings';
import { Io, UsageError } from './usage';

export type { Severity };

/** One finding in a file, 1-based line and column as editors show them. */
export interface Finding {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly message: string;
  /** `syntax`, `schema`, or the media or message-kind rule id. */
  readonly rule: string;
  /** The field, as a dotted path; '' for the whole payload. */
  readonly path: string;
}

export interface FileResult {
  readonly file: string;
  readonly findings: Finding[];
}

/** The environment's variables (with --var; undefined: variables are not checked), its name in messages, the templates. */
export type CheckContext = PayloadCheckContext;

/** Every finding the editor shows for a payload text (and the schema's, which VS Code draws there), in the order of the text. */
export function checkPayloadText(text: string, context: CheckContext = {}): Finding[] {
  const starts = lineStarts(text);
  return checkPayload(text, context).findings.map((f) => {
    const start = positionAt(text, f.offset, starts);
    const end = positionAt(text, f.offset + f.length, starts);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity: f.severity, message: f.message, rule: f.rule, path: f.path };
  });
}

export interface Totals {
  readonly files: number;
  readonly problems: number;
  readonly errors: number;
  readonly warnings: number;
  /** Infos and hints. */
  readonly notes: number;
}

/** The totals of the findings; `files` counts the payload files checked (`checked`, all the results by default: not a settings file). */
export function totals(results: readonly FileResult[], checked = results.length): Totals {
  const all = results.flatMap((r) => r.findings);
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  return { files: checked, problems: all.length, errors: count('error'), warnings: count('warning'), notes: count('info') + count('hint') };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * `3 problems (1 error, 2 warnings) in 2 files`, or `2 files checked, no problems`; with what could
 * not be searched or read (`notChecked`), `…; 1 path not checked (wxc: lines)`, so the last line
 * never says all is well when it isn't.
 */
export function summaryLine(s: Totals, notChecked = 0): string {
  const files = plural(s.files, t('file'), t('files'));
  let line: string;
  if (s.problems === 0) line = t('{0} checked, no problems', files);
  else {
    const parts = [plural(s.errors, t('error'), t('errors')), plural(s.warnings, t('warning'), t('warnings'))];
    if (s.notes > 0) parts.push(plural(s.notes, t('info or hint'), t('infos or hints')));
    line = t('{0} ({1}) in {2}', plural(s.problems, t('problem'), t('problems')), parts.join(', '), files);
  }
  if (notChecked === 0) return line;
  return t('{0}; {1} not checked (the "wxc:" lines say why)', line, plural(notChecked, t('path'), t('paths')));
}

/** The exit code: 1 when there is an error (or, with `strict`, a warning), else 0. */
export function exitCodeFor(s: Totals, strict: boolean): 0 | 1 {
  return s.errors > 0 || (strict && s.warnings > 0) ? 1 : 0;
}

/**
 * `file:line:column severity message (rule)`, one line per finding: line breaks in a message become
 * spaces, and control characters from the payload or the file name are shown as escapes (`\x1b`),
 * so neither can split, erase or disguise a finding's line.
 */
export function formatText(results: readonly FileResult[]): string[] {
  return results.flatMap((r) => r.findings.map((f) => `${terminalSafe(r.file)}:${f.line}:${f.column} ${f.severity} ${terminalSafe(f.message.replace(/\r?\n/g, ' '))} (${f.rule})`));
}

/** GitHub Actions' escaping of a command's message. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub Actions' escaping of a command's property value (also `:` and `,`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** One workflow command per finding: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. */
export function formatGithub(results: readonly FileResult[]): string[] {
  return results.flatMap((r) =>
    r.findings.map((f) => {
      const props = [
        `file=${escapeGithubProperty(terminalSafe(r.file.split('\\').join('/')))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeGithubProperty(`Webex Connect (${f.rule})`)}`,
      ];
      // A message's own line breaks stay line breaks (%0A); every other control character is escaped.
      return `::${GITHUB_COMMAND[f.severity]} ${props.join(',')}::${escapeGithubData(terminalSafe(f.message, { keepLineFeeds: true }))}`;
    }),
  );
}

/** A problem that is not a finding (a folder or file that cannot be read) as a GitHub annotation. */
export function githubProblem(problem: string): string {
  return `::error title=${escapeGithubProperty('wxc validate')}::${escapeGithubData(terminalSafe(problem))}`;
}

/**
 * The JSON report: every file with its findings, what could not be checked (`notChecked`: folders
 * and files that could not be read, dangling links, loops), and the totals with the exit code.
 */
export function formatJson(results: readonly FileResult[], strict: boolean, problems: readonly string[] = [], checked = results.length): string {
  const s = totals(results, checked);
  return jsonTerminalSafe(JSON.stringify({ files: results, notChecked: problems, summary: { ...s, exitCode: problems.length > 0 ? 2 : exitCodeFor(s, strict) } }, null, 2));
}

export const VALIDATE_HELP = `Usage: wxc validate [paths or globs…] [options]

Checks WhatsApp payload files (*.wa.json, *.wa.jsonc) with the editor's checks and messages:
syntax and schema problems are errors; media and message-kind findings keep their severities
(error, warning, info, hint). Without paths, the current directory is searched; directories are
searched recursively (node_modules and .git skipped); quote globs ("payloads/**/*.wa.jsonc").

Options:
  --format text|json|github  output: lines "file:line:column severity message (rule)" (default),
                             one JSON report, or GitHub Actions annotations
  --strict                   warnings fail too (exit 1)
  --env NAME                 fill {{variables}} from this environment of wxc.environments and
                             report those it doesn't define
  --var name=value           add or override a variable (repeatable)
  --settings FILE            read wxc.environments / wxc.templates from FILE instead of
                             .vscode/settings.json (wxc.templates is used with or without --env)
  -h, --help                 this help

Exit codes: 0 no error, 1 an error (or with --strict a warning), 2 a usage error, no payload
file found, or a file or folder that cannot be read or searched (a dangling symbolic link, a link
loop; the rest is still checked).`;

/** A file as the payloads' paths are shown: relative to the current directory when it is inside it (as GitHub annotations need). */
function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, resolve(cwd, file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** Runs `wxc validate`; returns the exit code. */
export function runValidate(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      strict: { type: 'boolean', default: false },
      env: { type: 'string' },
      var: { type: 'string', multiple: true, default: [] },
      settings: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(VALIDATE_HELP);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'github') throw new UsageError(t('--format is text, json or github, not "{0}".', format ?? ''));
  const settings = readSettings(io.cwd, values.settings);
  const env = values.env !== undefined ? environmentNamed(settings, values.env) : undefined;
  // The payloads are checked either way; where the environment would send them is a warning of the
  // settings file (counted, failing --strict, in every format), where it writes the baseUrl.
  const pitfall = env && values.env !== undefined ? hostFinding(settings, values.env, env) : undefined;
  if (env && values.env !== undefined && !pitfall) {
    const unplaced = hostWarning(settings, values.env, env);
    if (unplaced) io.err(terminalSafe(unplaced));
  }
  const variables = variablesFor(env, values.var ?? []);
  const context: CheckContext = {
    variables,
    environment: values.env !== undefined ? `environment "${values.env}"` : t('the variables given with --var'),
    templates: settings.templates,
    // wxc send fills {{notifyurl}} in with --follow, and leaves it out without.
    notifyUrlBySender: true,
  };
  // What could not be searched or read does not stop the rest; it makes the exit code 2.
  const { files, problems } = findPayloadFiles(positionals, io.cwd);
  const results: FileResult[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (err) {
      problems.push(t('{0}: cannot be read: {1}', file, (err as Error).message));
      continue;
    }
    results.push({ file, findings: checkPayloadText(text, context) });
  }
  const checked = results.length;
  if (pitfall) results.unshift({ file: shownPath(io.cwd, pitfall.file), findings: [pitfall.finding] });
  const s = totals(results, checked);
  if (format === 'json') io.out(formatJson(results, values.strict ?? false, problems, checked));
  else {
    const lines = format === 'github' ? [...formatGithub(results), ...problems.map(githubProblem)] : formatText(results);
    if (lines.length > 0) io.out(lines.join('\n'));
    io.out(summaryLine(s, problems.length));
  }
  for (const p of problems) io.err(`wxc: ${terminalSafe(p)}`);
  return problems.length > 0 ? 2 : exitCodeFor(s, values.strict ?? false);
}
