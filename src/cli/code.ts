/**
 * `wxc code FILE --env NAME --language L`: the payload as a ready request in a language (Copy as
 * Code's), on stdout. It is prepared as `wxc send` prepares it, and whatever stops a send stops
 * this too; the credential is read by the code from an environment variable, never written in it.
 */
import { parseArgs } from 'node:util';
import { CODE_LANGUAGES, buildCode, codeLanguageLabel, credentialVariable, isCodeLanguage } from '../core/send/code';
import { notifyUrlOmittedNote, prepareMessage } from '../core/send/prepare';
import { t } from '../core/text/l10n';
import { terminalSafe } from '../core/text/printable';
import { printRejection } from './rejection';
import { variablesFor } from './settings';
import { readTarget } from './target';
import { Io, UsageError } from './usage';

export const CODE_HELP = `Usage: wxc code FILE --env NAME --language LANGUAGE [options]

Prints the payload as a ready request in LANGUAGE, the editor's Copy as Code: {{variables}}
filled in from the environment, comments gone, the payload checked as wxc send checks it, the
environment's endpoint, and the credential read from an environment variable by the code itself
(WXC_SERVICE_KEY; WXC_JWT, as Authorization: Bearer, for an environment with "auth": "jwt").

Languages:
${CODE_LANGUAGES.map((l) => `  ${l.padEnd(8)} ${codeLanguageLabel(l)}`).join('\n')}

Options:
  --language L, -l L   the language (required)
  --env NAME           the environment of wxc.environments (required: its endpoint goes in the code)
  --var name=value     add or override a variable (repeatable)
  --settings FILE      read wxc.environments / wxc.templates from FILE instead of
                       .vscode/settings.json
  -h, --help           this help

Exit codes: 0 printed, 1 the payload can't be sent (its problems on stderr), 2 a usage error.`;

/** The language option, or a UsageError listing the choices. */
function languageOf(value: string | undefined) {
  const choices = CODE_LANGUAGES.join(', ');
  if (value === undefined) throw new UsageError(t('wxc code needs --language, one of: {0}.', choices));
  if (!isCodeLanguage(value)) throw new UsageError(t('Unknown language "{0}". Languages: {1}.', value, choices));
  return value;
}

/** Runs `wxc code`; returns the exit code. */
export function runCode(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      language: { type: 'string', short: 'l' },
      env: { type: 'string' },
      var: { type: 'string', multiple: true, default: [] },
      settings: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(CODE_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(t('wxc code takes one payload file (see wxc code --help).'));
  const language = languageOf(values.language);
  if (values.env === undefined) throw new UsageError(t('wxc code needs --env NAME: the environment of wxc.environments whose endpoint the code sends to.'));
  const file = positionals[0];
  const name = values.env;
  const { settings, envSetting, url, auth, text } = readTarget(io, values.settings, name, file);
  const prepared = prepareMessage(text, variablesFor(envSetting, values.var ?? []) ?? {}, `environment "${name}"`, { templates: settings.templates, omitUnfilledNotifyUrl: true });
  if (!prepared.ok) {
    printRejection(io, file, prepared);
    return 1;
  }
  if (prepared.notifyUrlOmitted) io.err(notifyUrlOmittedNote());
  io.out(buildCode(language, { url: url, body: prepared.body, auth: auth.scheme }).trimEnd());
  io.err(
    auth.scheme === 'jwt'
      ? t('{0} for environment "{1}" ({2}); set {3} to a JWT (HS256, iss {4}, signed with the Base64-decoded service secret) before running it.', codeLanguageLabel(language), terminalSafe(name), url.host, credentialVariable('jwt'), terminalSafe(auth.serviceId))
      : t('{0} for environment "{1}" ({2}); set {3} in the environment before running it.', codeLanguageLabel(language), terminalSafe(name), url.host, credentialVariable('key')),
  );
  return 0;
}
