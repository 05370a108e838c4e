/**
 * The editor's settings the command line needs (`wxc.environments`, `wxc.templates`), read from a
 * workspace's `.vscode/settings.json` (JSONC, as VS Code writes it) or from `--settings FILE`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { positionAt } from '../core/json/jsonc';
import { t } from '../core/text/l10n';
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { hostPitfall, hostPitfallsInSettings } from '../core/send/hostPitfall';
import { UsageError } from './usage';
import { isObject } from '../core/json/values';

/** An environment as written in the setting `wxc.environments`. */
export interface EnvironmentSetting {
  readonly region?: string;
  readonly baseUrl?: string;
  readonly variables?: Readonly<Record<string, string>>;
  /** `key` (default) or `jwt` (see environmentAuth in core/send/auth). */
  readonly auth?: unknown;
  readonly serviceId?: unknown;
  /** The public address that forwards to the delivery receiver (a tunnel), for `wxc send --follow` with a remote API. */
  readonly notifyBaseUrl?: string;
}

export interface CliSettings {
  /** The file read, or undefined when there was none (no `.vscode/settings.json`). */
  readonly file: string | undefined;
  readonly environments: Readonly<Record<string, EnvironmentSetting>>;
  readonly templates: TemplateDefinitions | undefined;
  /** The settings file's text (for placing warnings in it). */
  readonly text?: string;
}


/** The settings in a settings.json text; throws a UsageError naming the line and column of a syntax error. */
function parseSettings(text: string, file: string): CliSettings {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const { line, column } = positionAt(text, errors[0].offset);
    throw new UsageError(t('{0}:{1}:{2}: the settings file is not valid JSON with comments ({3}).', file, line, column, printParseErrorCode(errors[0].error)));
  }
  if (!isObject(value)) throw new UsageError(t('{0}: the settings file must hold a JSON object.', file));
  const environments = value['wxc.environments'] ?? {};
  if (!isObject(environments)) throw new UsageError(t('{0}: "wxc.environments" must be an object of environments by name.', file));
  const templates = value['wxc.templates'];
  if (templates !== undefined && !isObject(templates)) throw new UsageError(t('{0}: "wxc.templates" must be an object of templates by id.', file));
  return {
    file,
    text,
    environments: environments as Record<string, EnvironmentSetting>,
    templates: templates && Object.keys(templates).length > 0 ? (templates as TemplateDefinitions) : undefined,
  };
}

/** Reads `--settings FILE`, else `.vscode/settings.json` under `cwd` when it exists (else empty settings). */
export function readSettings(cwd: string, explicit: string | undefined): CliSettings {
  const file = explicit !== undefined ? explicit : join(cwd, '.vscode', 'settings.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (explicit === undefined && (err as NodeJS.ErrnoException).code === 'ENOENT') return { file: undefined, environments: {}, templates: undefined };
    throw new UsageError(t('Cannot read the settings file {0}: {1}', file, (err as Error).message));
  }
  return parseSettings(text, file);
}

/**
 * The host pitfall of an environment's baseUrl (the docs' host without "api.", a region that doesn't
 * exist) as a warning line, `file:line:column warning … (host-pitfall)` where the settings file writes
 * it, naming the documented host; undefined when its host is fine.
 */
export function hostWarning(settings: CliSettings, name: string, env: EnvironmentSetting): string | undefined {
  const pitfall = typeof env.baseUrl === 'string' ? hostPitfall(env.baseUrl) : undefined;
  if (!pitfall) return undefined;
  const placed = settings.text !== undefined ? hostPitfallsInSettings(settings.text).find((p) => p.environment === name) : undefined;
  const where = placed && settings.file !== undefined ? `${settings.file}:${Object.values(positionAt(settings.text ?? '', placed.offset)).join(':')} ` : '';
  const fix = pitfall.suggestions.length === 1 ? ` ${t('Write "baseUrl": "{0}".', pitfall.suggestions[0])}` : '';
  return `${where}warning ${t('Environment "{0}": {1}', name, pitfall.message)}${fix} (host-pitfall)`;
}

/**
 * The host pitfall of an environment's baseUrl as a finding of the settings file, at the place and
 * with the words of `hostWarning` (from `validate`'s point of view, a warning like any other: it
 * counts, fails `--strict`, and is in every format); undefined when the host is fine or the settings
 * file does not write it where it can be placed.
 */
export function hostFinding(settings: CliSettings, name: string, env: EnvironmentSetting): { file: string; finding: HostFinding } | undefined {
  const pitfall = typeof env.baseUrl === 'string' ? hostPitfall(env.baseUrl) : undefined;
  if (!pitfall || settings.text === undefined || settings.file === undefined) return undefined;
  const placed = hostPitfallsInSettings(settings.text).find((p) => p.environment === name);
  if (!placed) return undefined;
  const start = positionAt(settings.text, placed.offset);
  const end = positionAt(settings.text, placed.offset + placed.length);
  const fix = pitfall.suggestions.length === 1 ? ` ${t('Write "baseUrl": "{0}".', pitfall.suggestions[0])}` : '';
  return {
    file: settings.file,
    finding: {
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: 'warning',
      message: `${t('Environment "{0}": {1}', name, pitfall.message)}${fix}`,
      rule: 'host-pitfall',
      path: `wxc.environments.${name}.baseUrl`,
    },
  };
}

/** A finding of a settings file, in the shape `wxc validate` prints (1-based line and column). */
export interface HostFinding {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'warning';
  readonly message: string;
  readonly rule: 'host-pitfall';
  readonly path: string;
}

/** `name=value` → [name, value]; the value may hold `=`. */
function parseVariable(arg: string): [string, string] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UsageError(t('--var takes name=value (e.g. --var waid=447700900123), not "{0}".', arg));
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

/** The environment's setting by name; a UsageError listing the names there are when it is not one of them. */
export function environmentNamed(settings: CliSettings, name: string): EnvironmentSetting {
  if (Object.prototype.hasOwnProperty.call(settings.environments, name)) {
    const env = settings.environments[name];
    if (!isObject(env)) throw new UsageError(t('Environment "{0}" in {1} must be an object.', name, settings.file ?? ''));
    return env;
  }
  const where = settings.file ?? t('.vscode/settings.json (not found; pass --settings FILE)');
  const known = Object.keys(settings.environments);
  throw new UsageError(
    known.length > 0
      ? t('There is no environment "{0}" in "wxc.environments" of {1}. Known: {2}.', name, where, known.join(', '))
      : t('There is no environment "{0}": {1} defines no "wxc.environments".', name, where),
  );
}

/**
 * The variables to fill in: the environment's, then each `--var` over them. Undefined when there is
 * neither an environment nor a --var (variables are then not checked, as in the editor without an
 * active environment).
 */
export function variablesFor(env: EnvironmentSetting | undefined, vars: readonly string[]): Record<string, string> | undefined {
  if (!env && vars.length === 0) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (env && isObject(env.variables)) for (const [k, v] of Object.entries(env.variables)) if (typeof v === 'string') out[k] = v;
  for (const arg of vars) {
    const [name, value] = parseVariable(arg);
    out[name] = value;
  }
  return out;
}
