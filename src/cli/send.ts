/**
 * `wxc send FILE --env NAME`: the editor's send path from a terminal or a script. The key comes
 * only from the WXC_SERVICE_KEY environment variable, a JWT environment's service secret only from
 * WXC_SERVICE_SECRET (an argument would land in shell history and process lists); everything
 * printed is scrubbed of them and of the token minted for the send.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CURL_KEY_VARIABLE, buildCurl } from '../core/send/curl';
import type { EnvironmentAuth } from '../core/send/auth';
import { TOKEN_LIFETIME_SECONDS, decodeServiceSecret, mintJwt, secretForms } from '../core/send/jwt';
import { HostApprovals, hostDecision } from '../core/send/hostTrust';
import { postMessage } from '../core/send/http';
import { t } from '../core/text/l10n';
import { recipientsOf } from '../core/delivery/timeline';
import { isLoopbackHost } from '../core/net/hosts';
import { NOTIFY_URL_VARIABLE } from '../core/payload/variables';
import { jsonTerminalSafe, terminalSafe } from '../core/text/printable';
import { preflightFetchesMedia, preflightProbeOptions, preflightRuleProblems, preflightTargets, probeProblems } from '../core/send/preflight';
import { notifyUrlOmittedNote, prepareMessage, sendSummary } from '../core/send/prepare';
import { assessProbe, probeMedia } from '../core/media/probe';
import { scrub } from '../core/send/scrub';
import { decideSend } from '../core/send/decision';
import { printRejection } from './rejection';
import { variablesFor } from './settings';
import { readTarget } from './target';
import { HandledSignal, SIGNAL_EXIT_CODES, interruptible } from './interrupt';
import { startFollower } from './follow';
import { FOLLOW_TIMEOUT_EXIT_CODE, WEBHOOK_SECRET_VARIABLE, followEnding, followNotifyUrl, notifyUrlMismatch, parseFollowOptions } from './followSend';
import { type WebhookTakeover, takeOverSandboxWebhook } from './sandboxWebhook';
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
  --timeout SECONDS    how long to wait for the answer, 1 to 600 (default 30)
  --follow             after 1001, wait for this send's delivery reports (and, with the
                       sandbox, the customers' replies and taps) and print each as it arrives;
                       {{notifyurl}} in the payload is this command's own receiver
  --until STATE        with --follow: done when every recipient is delivered (Delivered or
                       Read, the default), read, or has replied or tapped one of its
                       buttons or rows (reply)
  --follow-timeout S   with --follow: stop waiting after S seconds, 1 to 86400 (default 300)
  --receiver-port N    with --follow: the receiver's port on 127.0.0.1 (default: a free one);
                       for a remote API, the port the environment's notifyBaseUrl forwards to
  -h, --help           this help

With --follow, reports must be signed (x-hub-signature) when $${WEBHOOK_SECRET_VARIABLE} holds
the webhook secret. The message is sent once; following never sends anything.

Ctrl-C (or SIGTERM) says whether anything left: "nothing was sent" before the request went out;
after it, the message may have been accepted (the transid is unknown): check its delivery reports
or the Webex Connect logs before sending again.

Exit codes: 0 queued (1001), 1 not sent because of the payload or the media check, or refused or
failed by the API or the network, 2 a usage error (also: no key or service secret, a host not
allowed, no confirmation possible, --timeout out of range; with --follow, a payload without
"notifyurl": "{{notifyurl}}"), ${SIGNAL_EXIT_CODES.SIGINT} interrupted by Ctrl-C (SIGINT), ${SIGNAL_EXIT_CODES.SIGTERM} by SIGTERM.
With --follow: 0 done (--until reached for every recipient), 1 a recipient Failed,
${FOLLOW_TIMEOUT_EXIT_CODE} --follow-timeout passed first.`;

/** Asks a y/N question on the terminal; resolves true only for y or yes (false when `signal` aborts it). */
export type Ask = (question: string, signal?: AbortSignal) => Promise<boolean>;

export interface SendIo extends Io {
  /** Whether stdin is a terminal a question can be asked on. */
  readonly interactive: boolean;
  readonly ask: Ask;
}

/**
 * A y/N question on stdin and stderr. Ctrl-C at the prompt is a SIGINT like anywhere else; the
 * input ending without an answer (Ctrl-D) is a no, not a silent exit.
 */
export function askOnTerminal(question: string, signal?: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  // In a terminal readline takes Ctrl-C as a key; without this it would only pause the prompt.
  rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  return new Promise((done) => {
    const close = () => {
      rl.close();
      done(false);
    };
    // Without this, Ctrl-D would leave the question unanswered and the process would end with 0, saying nothing.
    rl.on('close', () => done(false));
    signal?.addEventListener('abort', close, { once: true });
    rl.question(`${terminalSafe(question)} [y/N] `, (answer) => {
      signal?.removeEventListener('abort', close);
      // Answered before closing: closing says "no" to a question still open.
      done(/^y(es)?$/i.test(answer.trim()));
      rl.close();
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

/** Seconds from 1 to 600 written as a plain number (`30`, `2.5`); else a UsageError naming the range. */
export function parseTimeout(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 1 && seconds <= 600)) throw new UsageError(t('--timeout is a number of seconds from 1 to 600, not "{0}".', text));
  return seconds;
}

/** Where wxc reads the credential a 7001 (or the like) blames, for the environment `label`. */
function credentialAdvice(scheme: Exclude<EnvironmentAuth, { ok: false }>['scheme'], label: string): string {
  return scheme === 'jwt'
    ? t('wxc reads the service secret from the environment variable {0}; check that it holds the secret of {1}.', SERVICE_SECRET_VARIABLE, terminalSafe(label))
    : t('wxc reads the service key from the environment variable {0}; check that it holds the key of {1}.', SERVICE_KEY_VARIABLE, terminalSafe(label));
}

/** Where a send stands, for what an interruption means. */
type Stage = 'not-sent' | 'request-left' | 'answered' | 'following';

/** What a SIGINT or SIGTERM means at each stage of a send. */
function interruptionMessage(signal: HandledSignal, stage: Stage, host: string, transid: string): string {
  if (stage === 'not-sent') return t('Interrupted ({0}): nothing was sent.', signal);
  if (stage === 'following') return t('Interrupted ({0}): stopped following. The message was accepted (1001, transid {1}); its later delivery reports reach no receiver.', signal, transid);
  return t(
    'Interrupted ({0}) while waiting for the answer of {1}: the request had left, so the message may have been accepted, and its transid is unknown. Before sending it again, check its delivery reports (at the notifyurl, if the payload has one) or the Webex Connect logs.',
    signal,
    host,
  );
}

/**
 * --allow-host names a host (with its port when not the default), never a URL: a URL there would
 * match nothing, and the refusal that followed would not say why.
 */
function assertHostOnly(value: string): void {
  if (!/[/@?#\\]/.test(value) && value.trim() === value && value !== '') return;
  let host: string | undefined;
  try {
    host = new URL(value.trim()).host || undefined;
  } catch {
    host = undefined;
  }
  throw new UsageError(
    host
      ? t('--allow-host takes a host, not a URL: pass --allow-host {0} instead of "{1}".', host, value)
      : t('--allow-host takes a host such as gateway.example.com (with :port when it is not 443), not "{0}".', value),
  );
}

/** Refuses (a usage error) to send the key to a host that is not Webex Connect's unless --allow-host names it. */
function assertHostAllowed(url: URL, name: string, allowHosts: readonly string[], pitfall: boolean): void {
  for (const h of allowHosts) assertHostOnly(h);
  const approvals: HostApprovals = Object.fromEntries(
    allowHosts.filter((h) => h.toLowerCase() === url.host.toLowerCase() || h.toLowerCase() === url.hostname.toLowerCase()).map(() => [name, url.host]),
  );
  if (hostDecision(url, name, approvals) !== 'ask') return;
  if (pitfall) throw new UsageError(t('Not sent: the baseUrl of environment "{0}" is not a Webex Connect API host (see the warning above).', name));
  throw new UsageError(
    t('Not sent: environment "{0}" sends to {1}, which is not a Webex Connect API host. If you set up {1} yourself (a proxy, a gateway), pass --allow-host {2}.', name, url.host, url.hostname),
  );
}

/** `wxc send`'s arguments, checked: usage errors (exit 2) for what can't be used; 'help' for --help. */
function parseSendArgs(argv: string[]) {
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
      follow: { type: 'boolean', default: false },
      'follow-timeout': { type: 'string' },
      until: { type: 'string' },
      'receiver-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  if (positionals.length !== 1) throw new UsageError(t('wxc send takes one payload file (see wxc send --help).'));
  if (values.env === undefined) throw new UsageError(t('wxc send needs --env NAME: the environment of wxc.environments to send with.'));
  return { values, file: positionals[0], name: values.env, timeoutSeconds: parseTimeout(values.timeout ?? '30'), following: parseFollowOptions(values) };
}

/** Runs `wxc send`; returns the exit code. */
export async function runSend(argv: string[], io: SendIo): Promise<number> {
  const args = parseSendArgs(argv);
  if (args === 'help') {
    io.out(SEND_HELP);
    return 0;
  }
  const { values, file, name, timeoutSeconds, following } = args;
  const { settings, envSetting, url, auth, pitfall, text } = readTarget(io, values.settings, name, file);

  // Following: a receiver of its own, whose URL is the payload's {{notifyurl}} (over any other value of it).
  const webhookSecret = io.env[WEBHOOK_SECRET_VARIABLE] || undefined;
  const follower = following && (await startFollower({ port: following.receiverPort, environment: name, webhookSecret, log: (line) => io.err(`wxc: ${terminalSafe(line)}`) }).catch((err: Error) => {
    throw new UsageError(t('--follow could not start its receiver on port {0}: {1}', following.receiverPort, err.message));
  }));
  let takeover: WebhookTakeover | undefined;
  try {
    const notifyUrl = follower ? followNotifyUrl(url, envSetting, name, follower) : undefined;
    const variables = { ...variablesFor(envSetting, values.var ?? []), ...(notifyUrl ? { [NOTIFY_URL_VARIABLE]: notifyUrl } : {}) };
    // Without --follow no receiver waits: "{{notifyurl}}" is left out (and said so), as for a payload without it.
    const prepared = prepareMessage(text, variables, `environment "${name}"`, { templates: settings.templates, omitUnfilledNotifyUrl: !follower });
    if (!prepared.ok) {
      printRejection(io, file, prepared);
      return 1;
    }
    if (prepared.notifyUrlOmitted) io.err(`${notifyUrlOmittedNote()} ${t('--follow follows its delivery.')}`);
    if (notifyUrl !== undefined && (prepared.value as { notifyurl?: unknown }).notifyurl !== notifyUrl) throw notifyUrlMismatch(file);
    const what = sendSummary(prepared);
    const label = `${name} (${url.host})`;

    if (values['dry-run']) {
      // The same JSON with the characters a terminal would act on as \u escapes (JSON escapes C0 itself).
      io.out(jsonTerminalSafe(JSON.stringify(prepared.value, null, 2)));
      io.out('');
      io.out(jsonTerminalSafe(buildCurl(url, prepared.body, auth.scheme)));
      io.err(t('Dry run: {0} with {1}; nothing was sent.', what, label));
      return 0;
    }

    // Where the key may go is settled before anything is fetched or sent.
    assertHostAllowed(url, name, values['allow-host'] ?? [], Boolean(pitfall));
    const credential = credentialFor(auth, io.env, label);
    const secrets = [...credential.secrets, ...(webhookSecret ? [webhookSecret] : [])];
    const hide = (s: string) => scrub(s, secrets);

    let stage: Stage = 'not-sent';
    let transid = '';
    return await interruptible(
      async (signal) => {
        if (!values['no-preflight'] && !(await mediaCheckPasses(prepared.value, url, { io, hide, timeoutSeconds, signal, yes: values.yes ?? false }))) return 1;
        if (signal.aborted) return 1;
        if (!values.yes) {
          if (!io.interactive) throw new UsageError(t('Not sent: confirm with --yes (stdin is not a terminal, so there is no one to ask).'));
          if (!(await io.ask(t('Send {0} with {1}? POST {2}', what, label, url.href), signal))) {
            if (!signal.aborted) io.err(t('Not sent: declined.'));
            return 1;
          }
        }
        if (signal.aborted) return 1;
        if (follower && following) {
          takeover = isLoopbackHost(url.hostname) ? await takeOverSandboxWebhook(url, follower.localUrl) : undefined;
          io.err(
            takeover
              ? t('Following: delivery reports and the customers\' replies come to this command while it runs (the sandbox\'s webhook points here until then).')
              : t('Following: delivery reports come to this command; replies are not followed (only the sandbox can be told where to post them).'),
          );
        }
        if (signal.aborted) return 1;

        const at = new Date().toISOString();
        // Minted now, after the questions, so the token's clock starts when it is sent.
        const jwt = credential.jwt?.();
        if (jwt) secrets.push(jwt);
        const result = await postMessage({ url, ...(jwt ? { jwt } : { serviceKey: credential.key }), body: prepared.body, timeoutMs: timeoutSeconds * 1000, signal, surface: 'cli', onConnected: () => (stage = 'request-left') });
        if (signal.aborted) return 1; // the interruption has said what it means
        stage = 'answered';
        const decision = decideSend(result, prepared, { id: randomUUID(), environment: label, environmentName: name, endpoint: url, file, at, secrets, auth: auth.scheme });
        if (decision.success) io.out(hide(t('{0}: {1} transid {2}', terminalSafe(file), terminalSafe(decision.headline), terminalSafe(decision.transid ?? '—'))));
        else io.err(hide(`${terminalSafe(file)}: ${terminalSafe(decision.message, { keepLineFeeds: true })}`));
        if (decision.keyProblem) io.err(credentialAdvice(auth.scheme, label));
        // The API's answer as it came, every control character shown as an escape.
        if (result.ok) io.err(hide(terminalSafe(result.bodyText, { keepLineFeeds: true })));
        if (!decision.success || !follower || !following) return decision.success ? 0 : 1;
        transid = decision.transid ?? '';
        stage = 'following';
        io.err(t('Following transid {0} for up to {1} s (--follow-timeout; Ctrl-C stops)…', terminalSafe(transid), following.timeoutSeconds));
        const outcome = await follower.follow({
          transid,
          recipients: recipientsOf(prepared.body),
          until: following.until,
          since: at,
          timeoutMs: following.timeoutSeconds * 1000,
          signal,
          print: (line) => io.out(hide(line)),
        });
        if (outcome === 'interrupted') return 1; // the interruption has said what it means
        const ending = followEnding(outcome, terminalSafe(transid), following);
        io.err(ending.message);
        return ending.code;
      },
      (signal) => interruptionMessage(signal, stage, url.host, transid),
      io.err,
    );
  } finally {
    await takeover?.restore();
    if (follower) await follower.close();
  }
}

interface MediaCheckOptions {
  readonly io: SendIo;
  readonly hide: (text: string) => string;
  readonly timeoutSeconds: number;
  readonly signal: AbortSignal;
  readonly yes: boolean;
}

/** The media check before a send (fetching the media only for a real API host); false when the send should not go. */
async function mediaCheckPasses(value: unknown, url: URL, { io, hide, timeoutSeconds, signal, yes }: MediaCheckOptions): Promise<boolean> {
  const problems = preflightRuleProblems(value);
  if (preflightFetchesMedia(url)) {
    const reports = [];
    for (const target of preflightTargets(value)) {
      io.err(t('Checking media {0}…', terminalSafe(target.url)));
      const result = await probeMedia(target.url, preflightProbeOptions(timeoutSeconds * 1000, signal));
      if (signal.aborted) return false;
      reports.push({ url: target.url, findings: assessProbe(result, target.type, target.mimeType) });
    }
    problems.push(...probeProblems(reports));
  }
  if (problems.length === 0) return true;
  io.err(
    problems.length === 1
      ? t('The media check found 1 problem that would make WhatsApp fail to deliver this message:')
      : t('The media check found {0} problems that would make WhatsApp fail to deliver this message:', problems.length),
  );
  for (const p of problems) io.err(`  • ${hide(terminalSafe(p))}`);
  const sendAnyway = io.interactive && !yes && (await io.ask(t('Send anyway?'), signal));
  if (!sendAnyway && !signal.aborted) io.err(t('Not sent: the media check found problems (--no-preflight skips the check).'));
  return sendAnyway;
}
