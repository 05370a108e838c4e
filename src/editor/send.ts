import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeProblem, locate, parsePayload } from '../core/json/jsonc';
import { mediaPlaces } from '../core/media/places';
import { PostResult, postMessage } from '../core/send/http';
import { PreparedMessage, sendSummary } from '../core/send/prepare';
import { HostApprovals, approveHost, hostDecision } from '../core/send/hostTrust';
import { hostPitfall } from '../core/send/hostPitfall';
import { UnreachableNotifyUrl, unreachableNotifyUrl } from '../core/send/notifyReach';
import { SendDecision, decideSend } from '../core/send/decision';
import { MediaChecker } from './checkMedia';
import { CommandIds } from './commandIds';
import { displayName, targetDocument } from './documents';
import { restrictedModeMessage } from './restricted';
import { readSettings } from './config';
import { Environment, Environments } from './environments';
import { updateEnvironmentSetting } from './environmentSettings';
import { SendHistory } from './history';
import { preparePayload } from './preparePayload';
import type { Replies } from './reply';
import { confirmWindows } from './windowCheck';
import type { WindowState } from '../core/inbound/window';
import { ResponseViews } from './responseView';
import { ServiceKeys } from './serviceKeys';
import { ServiceSecrets } from './serviceSecrets';
import { sendCredential } from './sendCredential';

/** What a send came to; returned by the command so scripts and tests can act on it. */
export interface SendOutcome {
  /** Whether a request left for the endpoint. */
  readonly posted: boolean;
  /** `queued`, `rejected`, `unreadable`, a failure kind, or why nothing was sent. */
  readonly result: string;
  readonly code?: string;
  readonly transid?: string;
  readonly message: string;
  /** The send's id in the history: its response page opens with the command wxc.openSend. */
  readonly sendId?: string;
  /** A new payload opened instead of sending (the window warning's "Start a Template…"). */
  readonly openedUri?: string;
}

const notSent = (result: string, message: string): SendOutcome => ({ posted: false, result, message });

const HOST_APPROVALS_KEY = 'wxc.approvedHosts';


export class Sender {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly environments: Environments,
    private readonly keys: ServiceKeys,
    private readonly serviceSecrets: ServiceSecrets,
    private readonly history: SendHistory,
    private readonly views: ResponseViews,
    private readonly log: vscode.LogOutputChannel,
    private readonly media: MediaChecker,
    private readonly globalState: vscode.Memento,
    private readonly windows: { windowOf(waid: string): WindowState },
    private readonly replies: Replies,
  ) {}

  /**
   * The key goes without asking only to a documented Webex Connect host or to this machine;
   * another host needs the user's yes, remembered outside the workspace per environment.
   */
  private async hostAllowed(env: Environment, endpoint: URL): Promise<boolean> {
    const approvals = this.globalState.get<HostApprovals>(HOST_APPROVALS_KEY) ?? {};
    if (hostDecision(endpoint, env.name, approvals) !== 'ask') return true;
    const jwt = env.auth.ok && env.auth.scheme === 'jwt';
    const allow = jwt ? vscode.l10n.t('Send Token to {0}', endpoint.host) : vscode.l10n.t('Send Key to {0}', endpoint.host);
    const answer = await vscode.window.showWarningMessage(
      jwt
        ? vscode.l10n.t('Environment "{0}" sends to {1}, which is not a Webex Connect API host. Send a token signed with your service secret there?', env.name, endpoint.host)
        : vscode.l10n.t('Environment "{0}" sends to {1}, which is not a Webex Connect API host. Send your service key there?', env.name, endpoint.host),
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

  /**
   * A baseUrl that can't be Webex Connect's API (the docs' host without "api.", a region that doesn't
   * exist, plain http://, a path that is not the API's): nothing is sent; the user may have the setting changed to the documented host
   * (then the send goes on with it). Undefined when the host is fine.
   */
  private async hostPitfall(env: Environment): Promise<{ outcome?: SendOutcome; fixed?: boolean } | undefined> {
    const pitfall = env.setting.baseUrl ? hostPitfall(env.setting.baseUrl) : undefined;
    if (!pitfall) return undefined;
    this.log.warn(`environment ${env.name}: ${pitfall.message}`);
    const only = pitfall.suggestions.length === 1 ? pitfall.suggestions[0] : undefined;
    const fix = only ? vscode.l10n.t('Use {0} and Send', only) : undefined;
    const open = vscode.l10n.t('Open Settings');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Not sent: the baseUrl of environment "{0}" is not the address of Webex Connect\'s API.', env.name),
      { modal: true, detail: `${pitfall.message}\n\n${vscode.l10n.t('baseUrl: {0}', env.setting.baseUrl ?? '')}` },
      ...(fix ? [fix, open] : [open]),
    );
    if (fix && answer === fix && only && (await updateEnvironmentSetting(env.name, (entry) => ({ ...entry, baseUrl: only })))) return { fixed: true };
    if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'wxc.environments');
    return { outcome: notSent('host-pitfall', `${vscode.l10n.t('Not sent: the baseUrl of environment "{0}" is not the address of Webex Connect\'s API.', env.name)} ${pitfall.message}`) };
  }

  /** The media checks before a send; an outcome when the user chose not to send, else undefined. */
  private async preflight(document: vscode.TextDocument, prepared: PreparedMessage, env: Environment, endpoint: URL): Promise<SendOutcome | undefined> {
    const problems = await this.media.preflight(prepared.value, env, endpoint);
    if (problems.length === 0) return undefined;
    // A predicted failure: the first button, the one Enter presses, sends nothing.
    const review = vscode.l10n.t('Review Payload');
    const sendAnyway = vscode.l10n.t('Send Anyway');
    this.log.warn(`media preflight ${displayName(document.uri)}: ${problems.join(' ')}`);
    const answer = await vscode.window.showWarningMessage(
      problems.length === 1
        ? vscode.l10n.t('The media check found 1 problem that would make WhatsApp fail to deliver this message. Send anyway?')
        : vscode.l10n.t('The media check found {0} problems that would make WhatsApp fail to deliver this message. Send anyway?', problems.length),
      { modal: true, detail: `${problems.map((p) => `• ${p}`).join('\n')}\n\n${vscode.l10n.t('The setting wxc.preflightMedia turns this check off.')}` },
      review,
      sendAnyway,
    );
    if (answer === sendAnyway) return undefined;
    if (answer === review) await revealMedia(document, prepared.value);
    return notSent('preflight', vscode.l10n.t('Not sent: the media check found problems: {0}', problems.join(' ')));
  }

  /** Asks before a send whose delivery reports can't reach their notifyurl; the first button (Enter) sends nothing. */
  private async confirmUnreachableNotifyUrl(unreachable: UnreachableNotifyUrl): Promise<SendOutcome | undefined> {
    const setUrl = vscode.l10n.t('Set Public URL…');
    const sendAnyway = vscode.l10n.t('Send Anyway');
    const message = vscode.l10n.t(
      'The notifyurl points at {0}, {1}, which Webex Connect can\'t reach: the message can be delivered, but its delivery reports will never arrive and the Sends view will show it Queued.',
      unreachable.host,
      unreachable.reason,
    );
    this.log.warn(message);
    const answer = await vscode.window.showWarningMessage(
      message,
      { modal: true, detail: vscode.l10n.t('Give the delivery receiver a public address (a forwarded port or a tunnel) with Set Public URL…; {0} then points there.', '{{notifyurl}}') },
      setUrl,
      sendAnyway,
    );
    if (answer === sendAnyway) return undefined;
    if (answer === setUrl) await vscode.commands.executeCommand(CommandIds.setNotifyBaseUrl);
    return notSent('notifyurl-unreachable', vscode.l10n.t('Not sent: {0}', message));
  }

  private async environment(): Promise<Environment | undefined> {
    return this.environments.active() ?? this.environments.pick();
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
    let env = await this.environment();
    if (!env) return notSent('no-environment', vscode.l10n.t('No environment chosen.'));
    const pitfall = await this.hostPitfall(env);
    if (pitfall?.outcome) return pitfall.outcome;
    // The setting was changed to the documented host: go on with the environment as it is now.
    if (pitfall?.fixed) env = this.environments.list().find((e) => e.name === env?.name) ?? env;
    if (!env.endpoint.ok) {
      void vscode.window.showErrorMessage(env.endpoint.error);
      return notSent('endpoint', env.endpoint.error);
    }
    if (!env.auth.ok) {
      void vscode.window.showErrorMessage(env.auth.error);
      return notSent('auth', env.auth.error);
    }
    const endpoint = env.endpoint.url;
    const prepared = preparePayload(document, env, this.log);
    if (!prepared.ok) return notSent(prepared.stage, prepared.summary);

    // Where the key goes is settled first: nothing else is fetched for a host the user refuses.
    if (!(await this.hostAllowed(env, endpoint))) {
      const message = vscode.l10n.t('Not sent: {0} is not a Webex Connect host and was not approved.', endpoint.host);
      void vscode.window.showWarningMessage(message);
      return notSent('host-not-approved', message);
    }

    // Reports a tenant can't post (a notifyurl on this machine): the send would look Queued for good.
    const unreachable = unreachableNotifyUrl(prepared.value, endpoint);
    if (unreachable) {
      const declined = await this.confirmUnreachableNotifyUrl(unreachable);
      if (declined) return declined;
    }

    // The checks that predict a failed delivery: the customer's window, then the media.
    const windows = await confirmWindows(prepared, (waid) => this.windows.windowOf(waid), this.log);
    if (!windows.go) {
      const who = windows.closed.map((c) => c.waid).join(', ');
      if (windows.startTemplate) {
        const appid = typeof prepared.value.appid === 'string' ? prepared.value.appid : undefined;
        const uri = await this.replies.startTemplate(windows.closed.map((c) => c.waid), appid);
        return { ...notSent('window-closed', vscode.l10n.t('Not sent: the 24-hour window is closed for {0}. A template addressed to them is open to fill in.', who)), openedUri: uri.toString() };
      }
      return notSent('window-closed', vscode.l10n.t('Not sent: the 24-hour window is closed for {0}.', who));
    }

    const settings = readSettings();
    if (settings.preflightMedia) {
      const declined = await this.preflight(document, prepared, env, endpoint);
      if (declined) return declined;
    }

    const credential = await sendCredential(env, { keys: this.keys, secrets: this.serviceSecrets }, this.log);
    if (!credential.ok) return notSent(credential.result, credential.message);

    const what = sendSummary(prepared);
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
    // Minted after the questions, so the token's clock starts when it is sent.
    const jwt = credential.mint?.();
    const secrets = [...credential.secrets, ...(jwt ? [jwt] : [])];
    const auth = jwt !== undefined ? { jwt } : { serviceKey: credential.serviceKey };
    const result: PostResult = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Sending {0} with {1}…', what, env.label),
        cancellable: true,
      },
      (_progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        return postMessage({ url: endpoint, ...auth, body: prepared.body, timeoutMs: settings.timeoutSeconds * 1000, signal: controller.signal, surface: 'editor' }).finally(() =>
          subscription.dispose(),
        );
      },
    );
    return this.report(result, { env, endpoint, file, at, prepared, secrets, scheme: credential.scheme });
  }

  /** Shows, logs and stores what `decideSend` made of the result. */
  private async report(
    result: PostResult,
    ctx: { env: Environment; endpoint: URL; file: string; at: string; prepared: PreparedMessage; secrets: readonly string[]; scheme: 'key' | 'jwt' },
  ): Promise<SendOutcome> {
    const { env, endpoint, file, at, prepared, secrets, scheme } = ctx;
    const decision = decideSend(result, prepared, { id: randomUUID(), environment: env.label, environmentName: env.name, endpoint, file, at, secrets, auth: scheme });
    // Reports that beat the answer to the history join the stored entry's timeline; the page is built from the history when it opens.
    await this.history.add(decision.record);
    if (decision.success) this.log.info(decision.logLine);
    else this.log.warn(decision.logLine);
    this.notify(decision, env);
    return { posted: true, result: decision.outcome, code: decision.apiCode, transid: decision.transid, message: decision.message, sendId: decision.record.id };
  }

  private notify(decision: SendDecision, env: Environment): void {
    const showResponse = vscode.l10n.t('Show Response');
    const followDelivery = vscode.l10n.t('Follow Delivery');
    const copyTransid = vscode.l10n.t('Copy transid');
    const jwt = env.auth.ok && env.auth.scheme === 'jwt';
    const setKey = jwt ? vscode.l10n.t('Set Service Secret…') : vscode.l10n.t('Set Service Key…');
    const buttons = [showResponse];
    if (decision.success) buttons.push(followDelivery);
    if (decision.transid) buttons.push(copyTransid);
    if (decision.keyProblem) buttons.push(setKey);
    const show = decision.success ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(decision.notification, ...buttons).then(async (answer) => {
      if (answer === showResponse) this.views.show(decision.record.id);
      else if (answer === followDelivery) await vscode.commands.executeCommand(CommandIds.revealSend, decision.record.id);
      else if (answer === copyTransid && decision.transid) await vscode.env.clipboard.writeText(decision.transid);
      else if (answer === setKey) await vscode.commands.executeCommand(jwt ? CommandIds.setServiceSecret : CommandIds.setServiceKey, env.name);
    });
  }
}

/** Shows the payload with its first media URL selected (what the media check is about). */
async function revealMedia(document: vscode.TextDocument, value: unknown): Promise<void> {
  const editor = await vscode.window.showTextDocument(document);
  const media = mediaPlaces(value)[0];
  if (!media) return;
  const place = locate(parsePayload(document.getText()), [...media.path, media.urlKey], '');
  const range = new vscode.Range(document.positionAt(place.offset), document.positionAt(place.offset + place.length));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerSend(
  context: vscode.ExtensionContext,
  deps: {
    environments: Environments;
    keys: ServiceKeys;
    serviceSecrets: ServiceSecrets;
    history: SendHistory;
    views: ResponseViews;
    log: vscode.LogOutputChannel;
    media: MediaChecker;
    windows: { windowOf(waid: string): WindowState };
    replies: Replies;
  },
): Sender {
  const sender = new Sender(deps.environments, deps.keys, deps.serviceSecrets, deps.history, deps.views, deps.log, deps.media, context.globalState, deps.windows, deps.replies);
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.send, (arg?: unknown) => sender.send(arg)));
  return sender;
}
