/**
 * `wxc send FILE --env NAME`: the editor's send path from a terminal or a script. The key comes
 * only from the WXC_SERVICE_KEY environment variable, a JWT environment's service secret only from
 * WXC_SERVICE_SECRET (an argument would land in shell history and process lists); everything
 * printed is scrubbed of them and of the token minted for the send.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CURL_KEY_VARIABLE, buildCurl } from '../core/send/curl';
import { type EnvironmentAuth, environmentAuth } from '../core/send/auth';
import { TOKEN_LIFETIME_SECONDS, decodeServiceSecret, mintJwt, secretForms } from '../core/send/jwt';
import { endpointFor } from '../core/send/endpoint';
import { HostApprovals, hostDecision } from '../core/send/hostTrust';
import { postMessage } from '../core/send/http';
import { t } from '../core/text/l10n';
import { preflightFetchesMedia, preflightProbeOptions, preflightRuleProblems, preflightTargets, probeProblems } from '../core/send/preflight';
import { prepareMessage, sendSummary } from '../core/send/prepare';
import { assessProbe, probeMedia } from '../core/media/probe';
import { scrub } from '../core/send/scrub';
import { decideSend } from '../core/send/decision';
import { printRejection } from './rejection';
import { environmentNamed, hostWarning, readSettings, variablesFor } from './settings';
import { Io, UsageError } from './usage';

export const SERVICE_KEY_VARIABLE = CURL_KEY_VARIABLE;
export const SERVICE_SECRET_VARIABLE = 'WXC_SERVICE_SECRET';

export const SEND_HELP = `Usage: wxc send FILE --env NAME [options]

Sends one WhatsApp payload the way the editor's Send does: {{variables}} filled in from the
environment, the payload validated, its media checked, your confirmation, then one POST (never
retried, no redirect followed) and the answer explained by its code.

The service key is read only from the environment variable ${SERVICE_KEY_VARIABLE}, never from an
argument (arguments end up in shell history and process lists). An environment with
"auth": "jwt" and a "serviceId" sends a JWT instead (HS256, iss = the service id, valid
${TOKEN_LIFETIME_SECONDS / 60} minutes, minted for the send, as Authorization: Bearer, without the key), signed with the service
secret (Base64, as the service's API tab shows it) read only from ${SERVICE_SECRET_VARIABLE}.
wxc ignores an environment's keyFromEnv and secretFromEnv: it reads only these two variables.

Options:
  --env NAME           the environment of wxc.environments to send with (required)
  --var name=value     add or override a variable (repeatable)
  --settings FILE      read wxc.environments / wxc.templates from FILE instead of
                       .vscode/settings.json
  --yes, -y            send without asking (needed when stdin is not a terminal)
  --dry-run            print the resolved body and a cURL command (key as $${SERVICE_KEY_VARIABLE},
                       a JWT as $WXC_JWT); send nothing
  --no-preflight       skip the media check (it is skipped anyway for this machine's endpoints)
  --allow-host HOST    let the key go to HOST although it is not a Webex Connect API host
                       (repeatable; HOST or HOST:PORT)
  --timeout SECONDS    how long to wait for the answer (default 30)
  -h, --help           this help

Exit codes: 0 queued (1001), 1 not sent because of the payload or the media check, or refused or
failed by the API or the network, 2 a usage error (also: no key, a host not allowed, no
confirmation possible).`;

/** Asks a y/N question on the terminal; resolves true only for y or yes. */
export type Ask = (question: string) => Promise<boolean>;

export interface SendIo extends Io {
  /** Whether stdin is a terminal a question can be asked on. */
  readonly interactive: boolean;
  readonly ask: Ask;
}

/** A y/N question on stdin and stderr. */
export function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((done) => {
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      done(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

interface CliCredential {
  /** The service key, for a key environment. */
  readonly key?: string;
  /** Mints the send's token, for a JWT environment. */
  readonly jwt?: () => string;
  /** What is kept out of everything printed. */
  readonly secrets: readonly string[];
}

/** The credential the environment's auth needs, from the process environment; a UsageError when it is missing or unusable. */
function credentialFor(auth: Exclude<EnvironmentAuth, { ok: false }>, env: NodeJS.ProcessEnv, label: string): CliCredential {
  if (auth.scheme === 'key') {
    const key = env[SERVICE_KEY_VARIABLE];
    if (!key) {
      throw new UsageError(t('Not sent: the environment variable {0} is not set. Export the service key of {1} (the API tab of your Webex Connect service) as {0}.', SERVICE_KEY_VARIABLE, label));
    }
    return { key, secrets: [key] };
  }
  const text = env[SERVICE_SECRET_VARIABLE];
  if (!text) {
    throw new UsageError(
      t('Not sent: {1} authenticates with a JWT and the environment variable {0} is not set. Export the service secret of {1} (the API tab of your Webex Connect service; Base64) as {0}.', SERVICE_SECRET_VARIABLE, label),
    );
  }
  const decoded = decodeServiceSecret(text);
  if (!decoded.ok) throw new UsageError(t('Not sent: {0} ({1}).', decoded.error, SERVICE_SECRET_VARIABLE));
  const { serviceId } = auth;
  return { jwt: () => mintJwt(serviceId, decoded.bytes), secrets: secretForms(text, decoded.bytes) };
}

/** Runs `wxc send`; returns the exit code. */
export async function runSend(argv: string[], io: SendIo): Promise<number> {
  if (argv.some((a) => a === '--key' || a.startsWith('--key='))) {
    throw new UsageError(
      t('--key is not accepted: a key on the command line ends up in shell history and process lists. Set the environment variable {0} instead.', SERVICE_KEY_VARIABLE),
    );
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      env: { type: 'string' },
      var: { type: 'string', multiple: true, default: [] },
      settings: { type: 'string' },
      yes: { type: 'boolean', short: 'y', default: false },
      'dry-run': { type: 'boolean', default: false },
      'no-preflight': { type: 'boolean', default: false },
      'allow-host': { type: 'string', multiple: true, default: [] },
      timeout: { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(SEND_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(t('wxc send takes one payload file (see wxc send --help).'));
  if (values.env === undefined) throw new UsageError(t('wxc send needs --env NAME: the environment of wxc.environments to send with.'));
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) throw new UsageError(t('--timeout is a number of seconds from 1 to 600.'));
  const file = positionals[0];
  const name = values.env;
  const settings = readSettings(io.cwd, values.settings);
  const envSetting = environmentNamed(settings, name);
  const endpoint = endpointFor(envSetting, `environment "${name}"`);
  if (!endpoint.ok) throw new UsageError(endpoint.error);
  const auth = environmentAuth(envSetting, `environment "${name}"`);
  if (!auth.ok) throw new UsageError(auth.error);
  const url = endpoint.url;
  const pitfall = hostWarning(settings, name, envSetting);
  if (pitfall) io.err(pitfall);
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(t('{0}: cannot be read: {1}', file, (err as Error).message));
  }

  const prepared = prepareMessage(text, variablesFor(envSetting, values.var ?? []) ?? {}, `environment "${name}"`, { templates: settings.templates });
  if (!prepared.ok) {
    printRejection(io, file, prepared);
    return 1;
  }
  const what = sendSummary(prepared);
  const label = `${name} (${url.host})`;

  if (values['dry-run']) {
    io.out(JSON.stringify(prepared.value, null, 2));
    io.out('');
    io.out(buildCurl(url, prepared.body, auth.scheme));
    io.err(t('Dry run: {0} with {1}; nothing was sent.', what, label));
    return 0;
  }

  // Where the key may go is settled before anything is fetched or sent.
  const approvals: HostApprovals = Object.fromEntries(
    (values['allow-host'] ?? []).filter((h) => h.toLowerCase() === url.host.toLowerCase() || h.toLowerCase() === url.hostname.toLowerCase()).map(() => [name, url.host]),
  );
  if (hostDecision(url, name, approvals) === 'ask') {
    if (pitfall) throw new UsageError(t('Not sent: the baseUrl of environment "{0}" is not a Webex Connect API host (see the warning above).', name));
    throw new UsageError(
      t('Not sent: environment "{0}" sends to {1}, which is not a Webex Connect API host. If you set up {1} yourself (a proxy, a gateway), pass --allow-host {2}.', name, url.host, url.hostname),
    );
  }
  const credential = credentialFor(auth, io.env, label);
  const hide = (s: string) => scrub(s, credential.secrets);

  if (!values['no-preflight']) {
    const problems = preflightRuleProblems(prepared.value);
    if (preflightFetchesMedia(url)) {
      const reports = [];
      for (const target of preflightTargets(prepared.value)) {
        io.err(t('Checking media {0}…', target.url));
        const result = await probeMedia(target.url, preflightProbeOptions(timeoutSeconds * 1000));
        reports.push({ url: target.url, findings: assessProbe(result, target.type, target.mimeType) });
      }
      problems.push(...probeProblems(reports));
    }
    if (problems.length > 0) {
      io.err(t('The media check found {0} problem(s) that would make WhatsApp fail to deliver this message:', problems.length));
      for (const p of problems) io.err(`  • ${hide(p)}`);
      const sendAnyway = io.interactive && !values.yes && (await io.ask(t('Send anyway?')));
      if (!sendAnyway) {
        io.err(t('Not sent: the media check found problems (--no-preflight skips the check).'));
        return 1;
      }
    }
  }

  if (!values.yes) {
    if (!io.interactive) throw new UsageError(t('Not sent: confirm with --yes (stdin is not a terminal, so there is no one to ask).'));
    if (!(await io.ask(t('Send {0} with {1}? POST {2}', what, label, url.href)))) {
      io.err(t('Not sent: declined.'));
      return 1;
    }
  }

  const at = new Date().toISOString();
  // Minted now, after the questions, so the token's clock starts when it is sent.
  const jwt = credential.jwt?.();
  const secrets = [...credential.secrets, ...(jwt ? [jwt] : [])];
  const result = await postMessage({ url, ...(jwt ? { jwt } : { serviceKey: credential.key }), body: prepared.body, timeoutMs: timeoutSeconds * 1000 });
  const decision = decideSend(result, prepared, { id: randomUUID(), environment: label, environmentName: name, endpoint: url, file, at, secrets, auth: auth.scheme });
  if (decision.success) io.out(hide(t('{0}: {1} transid {2}', file, decision.headline, decision.transid ?? '—')));
  else io.err(scrub(`${file}: ${decision.message}`, secrets));
  if (decision.keyProblem) {
    io.err(
      auth.scheme === 'jwt'
        ? t('wxc reads the service secret from the environment variable {0}; check that it holds the secret of {1}.', SERVICE_SECRET_VARIABLE, label)
        : t('wxc reads the service key from the environment variable {0}; check that it holds the key of {1}.', SERVICE_KEY_VARIABLE, label),
    );
  }
  if (result.ok) io.err(scrub(result.bodyText, secrets));
  return decision.success ? 0 : 1;
}
