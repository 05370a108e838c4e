import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { buildCurl } from '../core/curl';
import { describeProblem, parsePayload } from '../core/jsonc';
import { FAILURE_TITLES, PostResult, postMessage } from '../core/http';
import { PreparedMessage, prepareMessage } from '../core/prepare';
import { HostApprovals, approveHost, hostDecision } from '../core/hostTrust';
import { buildReport } from '../core/report';
import { scrub } from '../core/scrub';
import { MediaChecker } from './checkMedia';
import { CommandIds } from './commandIds';
import { targetDocument } from './documents';
import { restrictedModeMessage } from './restricted';
import { readSettings } from './config';
import { Environment, Environments } from './environments';
import { SendHistory } from './history';
import { ResponseViews } from './responseView';
import { PAYLOAD_SELECTOR } from './payloadFiles';
import { ServiceKeys } from './serviceKeys';

/** What a send came to; returned by the command so scripts and tests can act on it. */
export interface SendOutcome {
  /** Whether a request left for the endpoint. */
  readonly posted: boolean;
  /** `queued`, `rejected`, `unreadable`, a failure kind, or why nothing was sent. */
  readonly result: string;
  readonly code?: string;
  readonly transid?: string;
  readonly message: string;
  readonly reportUri?: string;
}

const notSent = (result: string, message: string): SendOutcome => ({ posted: false, result, message });

const HOST_APPROVALS_KEY = 'wxc.approvedHosts';

function displayName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? vscode.workspace.asRelativePath(uri) : uri.path.split('/').pop() ?? uri.toString();
}

export class Sender {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly environments: Environments,
    private readonly keys: ServiceKeys,
    private readonly history: SendHistory,
    private readonly views: ResponseViews,
    private readonly log: vscode.LogOutputChannel,
    private readonly media: MediaChecker,
    private readonly globalState: vscode.Memento,
  ) {}

  /**
   * The key goes without asking only to a documented Webex Connect host or to this machine;
   * another host needs the user's yes, remembered outside the workspace per environment.
   */
  private async hostAllowed(env: Environment, endpoint: URL): Promise<boolean> {
    const approvals = this.globalState.get<HostApprovals>(HOST_APPROVALS_KEY) ?? {};
    if (hostDecision(endpoint, env.name, approvals) !== 'ask') return true;
    const allow = vscode.l10n.t('Send Key to {0}', endpoint.host);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Environment "{0}" sends to {1}, which is not a Webex Connect API host. Send your service key there?', env.name, endpoint.host),
      {
        modal: true,
        detail: vscode.l10n.t(
          'A workspace\'s settings can point an environment anywhere. Continue only if you set up {0} yourself (a proxy, a gateway). You are asked again if this environment\'s host changes.',
          endpoint.host,
        ),
      },
      allow,
    );
    if (answer !== allow) return false;
    await this.globalState.update(HOST_APPROVALS_KEY, approveHost(approvals, env.name, endpoint));
    return true;
  }

  /** The media checks before a send; an outcome when the user chose not to send, else undefined. */
  private async preflight(document: vscode.TextDocument, prepared: PreparedMessage, env: Environment, endpoint: URL): Promise<SendOutcome | undefined> {
    const problems = await this.media.preflight(prepared.value, env, endpoint);
    if (problems.length === 0) return undefined;
    const sendAnyway = vscode.l10n.t('Send Anyway');
    this.log.warn(`media preflight ${displayName(document.uri)}: ${problems.join(' ')}`);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('The media check found {0} problem(s) that would make WhatsApp fail to deliver this message. Send anyway?', problems.length),
      { modal: true, detail: `${problems.map((p) => `• ${p}`).join('\n')}\n\n${vscode.l10n.t('The setting wxc.preflightMedia turns this check off.')}` },
      sendAnyway,
    );
    return answer === sendAnyway ? undefined : notSent('preflight', vscode.l10n.t('Not sent: the media check found problems: {0}', problems.join(' ')));
  }

  private async environment(): Promise<Environment | undefined> {
    return this.environments.active() ?? this.environments.pick();
  }

  /** Parses, fills in and validates the document for an environment; shows why when it can't. */
  private prepare(document: vscode.TextDocument, env: Environment): PreparedMessage | SendOutcome {
    const prepared = prepareMessage(document.getText(), env.variables, `environment "${env.name}"`);
    if (prepared.ok) return prepared;
    const showProblems = vscode.l10n.t('Show Problems');
    void vscode.window.showErrorMessage(prepared.summary, showProblems).then((a) => {
      if (a === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    this.log.warn(`not sent (${prepared.stage}) ${displayName(document.uri)}: ${prepared.problems.map(describeProblem).join('; ')}`);
    return notSent(prepared.stage, prepared.summary);
  }

  /** The `wxc.send` command. */
  async send(arg?: unknown): Promise<SendOutcome> {
    if (!vscode.workspace.isTrusted) return notSent('restricted', restrictedModeMessage(vscode.l10n.t('Sending')));
    let document: vscode.TextDocument | undefined;
    try {
      document = await targetDocument(arg);
    } catch (err) {
      return this.unopenable(arg as vscode.Uri, err);
    }
    if (!document) {
      const message = vscode.l10n.t('Open a WhatsApp payload (a *.wa.json file) to send it.');
      void vscode.window.showErrorMessage(message);
      return notSent('no-document', message);
    }
    const id = document.uri.toString();
    if (this.inFlight.has(id)) {
      const message = vscode.l10n.t('{0} is being sent already. Wait for its answer before sending it again.', displayName(document.uri));
      void vscode.window.showWarningMessage(message);
      return notSent('in-flight', message);
    }
    this.inFlight.add(id);
    try {
      return await this.sendDocument(document);
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** A file VS Code won't open as text (binary, say): read it directly and say what is wrong, and where. */
  private async unopenable(uri: vscode.Uri, err: unknown): Promise<SendOutcome> {
    let message = vscode.l10n.t('Not sent: {0} cannot be opened as text ({1}).', displayName(uri), err instanceof Error ? err.message : String(err));
    try {
      const parsed = parsePayload(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      if (parsed.problems.length > 0) message = vscode.l10n.t('Not sent: {0}: {1}', displayName(uri), describeProblem(parsed.problems[0]));
    } catch {
      // keep the first message
    }
    void vscode.window.showErrorMessage(message);
    this.log.warn(message);
    return notSent('syntax', message);
  }

  private async sendDocument(document: vscode.TextDocument): Promise<SendOutcome> {
    const env = await this.environment();
    if (!env) return notSent('no-environment', vscode.l10n.t('No environment chosen.'));
    if (!env.endpoint.ok) {
      void vscode.window.showErrorMessage(env.endpoint.error);
      return notSent('endpoint', env.endpoint.error);
    }
    const endpoint = env.endpoint.url;
    const prepared = this.prepare(document, env);
    if (!('ok' in prepared)) return prepared;

    // Where the key goes is settled first: nothing else is fetched for a host the user refuses.
    if (!(await this.hostAllowed(env, endpoint))) {
      const message = vscode.l10n.t('Not sent: {0} is not a Webex Connect host and was not approved.', endpoint.host);
      void vscode.window.showWarningMessage(message);
      return notSent('host-not-approved', message);
    }

    const settings = readSettings();
    if (settings.preflightMedia) {
      const declined = await this.preflight(document, prepared, env, endpoint);
      if (declined) return declined;
    }

    let key = await this.keys.get(env);
    if (!key) {
      key = await this.keys.prompt(env, vscode.l10n.t('{0} has no service key yet. Paste the key from the API tab of your Webex Connect service to send.', env.label));
      if (!key) {
        const message = vscode.l10n.t('Not sent: {0} has no service key. Set one with "Webex Connect: Set Service Key…".', env.label);
        void vscode.window.showWarningMessage(message);
        return notSent('no-key', message);
      }
    }

    const what = vscode.l10n.t(
      '{0} message to {1} recipient(s)',
      prepared.messageType,
      prepared.recipients,
    );
    if (settings.confirmBeforeSend) {
      const sendButton = vscode.l10n.t('Send');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Send {0} with {1}?', what, env.label),
        { modal: true, detail: vscode.l10n.t('POST {0}\nThe setting wxc.confirmBeforeSend turns this question off.', endpoint.href) },
        sendButton,
      );
      if (answer !== sendButton) return notSent('declined', vscode.l10n.t('Not sent: declined.'));
    }

    const at = new Date().toISOString();
    const file = displayName(document.uri);
    this.log.info(`send ${file}: ${what} with ${env.label} → POST ${endpoint.href}`);
    const serviceKey = key;
    const result: PostResult = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Sending {0} with {1}…', what, env.label),
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return postMessage({ url: endpoint, serviceKey, body: prepared.body, timeoutMs: settings.timeoutSeconds * 1000, signal: controller.signal }).finally(() =>
          subscription.dispose(),
        );
      },
    );
    return this.report(result, { env, endpoint, file, at, prepared, serviceKey });
  }

  private async report(
    result: PostResult,
    ctx: { env: Environment; endpoint: URL; file: string; at: string; prepared: PreparedMessage; serviceKey: string },
  ): Promise<SendOutcome> {
    const { env, endpoint, file, at, prepared, serviceKey } = ctx;
    const reportId = randomUUID();
    const base = {
      environment: env.label,
      endpoint: endpoint.href,
      file,
      at,
      durationMs: result.durationMs,
      messageType: prepared.messageType,
      recipients: prepared.recipients,
      sentBody: prepared.body,
      httpStatus: result.httpStatus,
    };
    let headline: string;
    let outcome: SendOutcome;
    let code: string;
    let meaning: string;
    let advice: string;
    if (result.ok) {
      const a = result.answer;
      code = a.code ?? `HTTP ${result.httpStatus}`;
      meaning = a.meaning;
      advice = a.advice;
      headline = a.code ? `${a.code} ${a.meaning}` : a.meaning;
      outcome = { posted: true, result: a.outcome, code: a.code, transid: a.transid, message: `${headline}. ${advice}` };
    } else {
      code = result.kind;
      meaning = FAILURE_TITLES[result.kind];
      advice =
        result.kind === 'cancelled'
          ? result.mayHaveBeenSent
            ? vscode.l10n.t('Cancelled after the request left: {0} may still have accepted the message. Check the delivery reports before sending again.', endpoint.host)
            : vscode.l10n.t('Cancelled before anything was sent.')
          : result.message;
      headline = meaning;
      outcome = { posted: true, result: result.kind, message: advice };
    }
    const report = scrub(
      buildReport({ ...base, headline, success: result.ok && result.answer.outcome === 'queued', transid: outcome.transid, advice, responseBody: result.ok ? result.answer.prettyBody : undefined }),
      [serviceKey],
    );
    const uri = this.views.uriFor(reportId, report);
    await this.history.add({
      id: reportId,
      at,
      file,
      environment: env.label,
      endpoint: endpoint.href,
      messageType: prepared.messageType,
      recipients: prepared.recipients,
      durationMs: result.durationMs,
      httpStatus: result.httpStatus,
      code,
      meaning,
      transid: outcome.transid,
      report,
    });
    const logLine = scrub(`${file} with ${env.label}: ${headline}${outcome.transid ? ` transid=${outcome.transid}` : ''} (${result.durationMs} ms${result.httpStatus ? `, HTTP ${result.httpStatus}` : ''})`, [serviceKey]);
    if (outcome.result === 'queued') this.log.info(logLine);
    else this.log.warn(logLine);
    this.notify(outcome, env, reportId, report);
    return { ...outcome, message: scrub(outcome.message, [serviceKey]), reportUri: uri.toString() };
  }

  private notify(outcome: SendOutcome, env: Environment, reportId: string, report: string): void {
    const showResponse = vscode.l10n.t('Show Response');
    const copyTransid = vscode.l10n.t('Copy transid');
    const setKey = vscode.l10n.t('Set Service Key…');
    const buttons = [showResponse];
    if (outcome.transid) buttons.push(copyTransid);
    if (outcome.code === '7001' || outcome.code === '7002') buttons.push(setKey);
    const text =
      outcome.result === 'queued'
        ? vscode.l10n.t('Queued (1001) with {0}. transid {1}', env.label, outcome.transid ?? '—')
        : outcome.message;
    const show = outcome.result === 'queued' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(text, ...buttons).then(async (answer) => {
      if (answer === showResponse) await this.views.show(reportId, report);
      else if (answer === copyTransid && outcome.transid) await vscode.env.clipboard.writeText(outcome.transid);
      else if (answer === setKey) await vscode.commands.executeCommand(CommandIds.setServiceKey, env.name);
    });
  }

  /** The `wxc.copyAsCurl` command: the resolved payload as a curl command, the key as $WXC_SERVICE_KEY. */
  async copyAsCurl(arg?: unknown): Promise<string | undefined> {
    const document = await targetDocument(arg);
    if (!document) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a WhatsApp payload (a *.wa.json file) to copy it as cURL.'));
      return undefined;
    }
    const env = await this.environment();
    if (!env) return undefined;
    if (!env.endpoint.ok) {
      void vscode.window.showErrorMessage(env.endpoint.error);
      return undefined;
    }
    const prepared = this.prepare(document, env);
    if (!('ok' in prepared)) return undefined;
    const key = await this.keys.get(env);
    const command = scrub(buildCurl(env.endpoint.url, prepared.body), [key]);
    await vscode.env.clipboard.writeText(command);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied a curl command for {0}. Set WXC_SERVICE_KEY in your shell before running it.', env.label));
    return command;
  }
}

/** "▷ Send with dev (eu)" and "Copy as cURL" above every payload. */
class SendCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  constructor(private readonly environments: Environments) {
    this.subscriptions = [environments.onDidChange(() => this.changed.fire()), vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()), this.changed];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    if (!vscode.workspace.isTrusted) {
      return [new vscode.CodeLens(top, { title: `$(shield) ${vscode.l10n.t('Sending is off in Restricted Mode')}`, command: 'workbench.trust.manage' })];
    }
    const env = this.environments.active();
    return [
      new vscode.CodeLens(top, {
        title: env ? `$(play) ${vscode.l10n.t('Send with {0}', env.label)}` : `$(play) ${vscode.l10n.t('Send… (choose an environment)')}`,
        command: CommandIds.send,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('Copy as cURL'), command: CommandIds.copyAsCurl, arguments: [document.uri] }),
    ];
  }
}

export function registerSend(
  context: vscode.ExtensionContext,
  deps: { environments: Environments; keys: ServiceKeys; history: SendHistory; views: ResponseViews; log: vscode.LogOutputChannel; media: MediaChecker },
): Sender {
  const sender = new Sender(deps.environments, deps.keys, deps.history, deps.views, deps.log, deps.media, context.globalState);
  const lenses = new SendCodeLens(deps.environments);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.send, (arg?: unknown) => sender.send(arg)),
    vscode.commands.registerCommand(CommandIds.copyAsCurl, (arg?: unknown) => sender.copyAsCurl(arg)),
    lenses,
    vscode.languages.registerCodeLensProvider(PAYLOAD_SELECTOR, lenses),
  );
  return sender;
}
