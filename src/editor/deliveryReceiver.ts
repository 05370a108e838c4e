import * as vscode from 'vscode';
import { Receiver, ReceiverOptions, checkPublicBaseUrl, newReceiverToken, notifyUrlFor, startReceiver } from '../core/delivery/receiver';
import { NOTIFY_URL_VARIABLE } from '../core/payload/variables';
import { CommandIds } from './commandIds';
import { EnvironmentSetting, readSettings } from './config';
import { canUpdateEnvironment, updateEnvironmentSetting } from './environmentSettings';
import { Environment, Environments } from './environments';
import { ReceiverAction, ReceiverAdvice, ReceiverAudience, receiverAdvice } from '../core/delivery/receiverAdvice';
import { isSandbox, loopbackOrigin } from '../core/net/sandboxApi';
import type { Conversations } from './conversations';
import { SendHistory } from './history';
import { startsOnOpen } from './receiverStartOnOpen';
import { EnvironmentSecrets } from './environmentSecrets';

/** Where the receiver's path token is kept, so notify URLs already sent stay valid after a restart. */
const TOKEN_KEY = 'wxc.receiverToken';
/** The port the receiver last had, tried first when the setting asks for any free port. */
const LAST_PORT_KEY = 'wxc.receiverLastPort';
/** A context key for menus: the receiver runs. */
const RUNNING_CONTEXT = 'wxc.receiverRunning';

/** What the start command returns to scripts and tests. */
export interface ReceiverStarted {
  readonly port: number;
  /** `{{notifyurl}}` of the active environment, when there is one. */
  readonly notifyUrl?: string;
  /** What the start message said and offered (only when this call started it). */
  readonly advice?: ReceiverAdvice;
}

/**
 * The delivery receiver in the editor: started and stopped by commands (and with the window), its
 * reports stored with their sends, its URL offered to payloads as `{{notifyurl}}` of each
 * environment, a status bar item while it runs.
 */
export class DeliveryReceiver implements vscode.Disposable {
  private receiver: Receiver | undefined;
  private starting: Promise<Receiver> | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Public base URLs already reported as unusable (said once, not on every keystroke). */
  private readonly warned = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
    private readonly webhookSecrets: EnvironmentSecrets,
    private readonly history: SendHistory,
    private readonly conversations: Conversations,
    private readonly environments: Environments,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem('wxc.receiver', vscode.StatusBarAlignment.Left, 49);
    this.status.name = vscode.l10n.t('Webex Connect Delivery Receiver');
    this.status.command = CommandIds.stopReceiver;
    environments.provideVariables((name, setting) => this.variablesFor(name, setting));
  }

  get running(): boolean {
    return this.receiver !== undefined;
  }

  get port(): number | undefined {
    return this.receiver?.port;
  }

  /** `{{notifyurl}}` of an environment while the receiver runs: its public base URL when set (and usable), else this machine's. */
  notifyUrl(name: string, setting: EnvironmentSetting): string | undefined {
    const receiver = this.receiver;
    if (!receiver) return undefined;
    const base = typeof setting.notifyBaseUrl === 'string' && setting.notifyBaseUrl.trim() !== '' ? setting.notifyBaseUrl : undefined;
    if (base) {
      const checked = checkPublicBaseUrl(base);
      if ('url' in checked) return notifyUrlFor(checked.url, receiver.token, name);
      if (!this.warned.has(base)) {
        this.warned.add(base);
        this.log.warn(`notifyBaseUrl of environment "${name}": ${checked.error}`);
        void vscode.window.showWarningMessage(vscode.l10n.t('The notifyBaseUrl of environment "{0}" is not usable, so {1} points at this machine: {2}', name, `{{${NOTIFY_URL_VARIABLE}}}`, checked.error));
      }
    }
    return notifyUrlFor(receiver.localBaseUrl, receiver.token, name);
  }

  /** The receiver's URL on this machine for an environment's reports and customer events, while it runs (what the local sandbox posts to). */
  localUrlFor(name: string): string | undefined {
    return this.receiver ? notifyUrlFor(this.receiver.localBaseUrl, this.receiver.token, name) : undefined;
  }

  private variablesFor(name: string, setting: EnvironmentSetting): Readonly<Record<string, string>> {
    const url = this.notifyUrl(name, setting);
    return url === undefined ? {} : { [NOTIFY_URL_VARIABLE]: url };
  }

  /**
   * The secret a report must be signed with. A report to the bare path (or naming no environment
   * of the settings) has no secret to be checked with: while any environment has one, such a
   * report is refused (a secret nobody knows), else anyone with the URL could skip the signature a
   * send's environment asks for. (A report is matched only to sends of the environment it names.)
   */
  private async secretFor(environment: string | undefined): Promise<string | undefined> {
    const known = this.environments.list();
    if (environment !== undefined && known.some((e) => e.name === environment)) return this.webhookSecrets.get(environment);
    // The bare path, or a name that is no environment: the same rule.
    for (const env of known) {
      if ((await this.webhookSecrets.get(env.name)) !== undefined) return newReceiverToken();
    }
    return undefined;
  }

  private async token(): Promise<string> {
    const stored = await this.secrets.get(TOKEN_KEY);
    if (stored && /^[A-Za-z0-9_-]{16,}$/.test(stored)) return stored;
    const token = newReceiverToken();
    await this.secrets.store(TOKEN_KEY, token);
    return token;
  }

  /** Starts the receiver (once); resolves to it. Throws when the port cannot be taken. */
  async start(): Promise<Receiver> {
    if (this.receiver) return this.receiver;
    this.starting ??= (async () => {
      const options: Omit<ReceiverOptions, 'port'> = {
        token: await this.token(),
        secretFor: (environment) => this.secretFor(environment),
        // Answered 200 only once stored: a report or event that could not be written is answered 500, and Webex Connect posts it again.
        onReport: async (report, meta) => {
          const outcome = await this.history.addReport(report, meta);
          this.log.info(`delivery report transid=${JSON.stringify(report.transid)} ${report.state} ${JSON.stringify(report.code)}${outcome === 'matched' ? '' : ` (${outcome})`}`);
        },
        onEvent: async (event) => {
          const outcome = await this.conversations.addEvent(event);
          this.log.info(`customer event ${event.type} waid=${JSON.stringify(event.waid)}${event.type === 'tap' ? ` transid=${JSON.stringify(event.transid)}` : ''}${outcome === 'kept' ? '' : ` (${outcome})`}`);
        },
        log: (line: string) => this.log.warn(line),
      };
      const port = readSettings().receiverPort;
      // Any free port will do: the last one first, so notify URLs already sent (and a forwarded port) stay valid.
      const last = this.state.get<number>(LAST_PORT_KEY);
      let receiver: Receiver;
      if (port === 0 && typeof last === 'number' && last > 0) {
        receiver = await startReceiver({ ...options, port: last }).catch(() => startReceiver({ ...options, port: 0 }));
      } else {
        receiver = await startReceiver({ ...options, port });
      }
      void this.state.update(LAST_PORT_KEY, receiver.port);
      this.receiver = receiver;
      this.log.info(`Delivery receiver listening on 127.0.0.1:${receiver.port}`);
      return receiver;
    })().finally(() => (this.starting = undefined));
    const receiver = await this.starting;
    this.showState();
    return receiver;
  }

  async stop(): Promise<boolean> {
    const receiver = this.receiver;
    if (!receiver) return false;
    this.receiver = undefined;
    await receiver.close();
    this.log.info('Delivery receiver stopped');
    this.showState();
    return true;
  }

  private showState(): void {
    const port = this.receiver?.port;
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, port !== undefined);
    if (port !== undefined) {
      this.status.text = `$(radio-tower) ${port}`;
      this.status.tooltip = vscode.l10n.t('Webex Connect delivery receiver on 127.0.0.1:{0}. Click to stop it.', port);
      this.status.show();
    } else {
      this.status.hide();
    }
    this.environments.variablesChanged();
    this.changed.fire();
  }

  dispose(): void {
    this.status.dispose();
    this.changed.dispose();
    const receiver = this.receiver;
    this.receiver = undefined;
    void receiver?.close();
  }
}

export function registerDeliveryReceiver(
  context: vscode.ExtensionContext,
  deps: { environments: Environments; history: SendHistory; conversations: Conversations; webhookSecrets: EnvironmentSecrets; log: vscode.LogOutputChannel },
): DeliveryReceiver {
  const receiver = new DeliveryReceiver(context.workspaceState, context.secrets, deps.webhookSecrets, deps.history, deps.conversations, deps.environments, deps.log);
  context.subscriptions.push(
    receiver,
    vscode.commands.registerCommand(CommandIds.startReceiver, async (): Promise<ReceiverStarted | undefined> => {
      const wasRunning = receiver.running;
      let started: Receiver;
      try {
        started = await receiver.start();
      } catch (err) {
        couldNotStart(err, deps.log);
        return undefined;
      }
      const env = deps.environments.active();
      const notifyUrl = env?.variables[NOTIFY_URL_VARIABLE];
      const advice = wasRunning ? undefined : await explainStart(started.port, env);
      return { port: started.port, ...(notifyUrl ? { notifyUrl } : {}), ...(advice ? { advice } : {}) };
    }),
    vscode.commands.registerCommand(CommandIds.setNotifyBaseUrl, (value?: unknown) => setNotifyBaseUrl(deps.environments, value)),
    vscode.commands.registerCommand(CommandIds.stopReceiver, async () => {
      const stopped = await receiver.stop();
      if (stopped) void vscode.window.showInformationMessage(vscode.l10n.t('Delivery receiver stopped. Payloads that use {0} cannot be sent until it runs again.', `{{${NOTIFY_URL_VARIABLE}}}`));
      return stopped;
    }),
  );
  startOnOpen(receiver, deps.log);
  return receiver;
}

/**
 * Starts the receiver at activation when the user's settings ask for it (npm start does), so the
 * sandbox's customers reach the editor with nothing started by hand. Said in the log only: nobody
 * asked in the window, so no notification.
 */
function startOnOpen(receiver: DeliveryReceiver, log: vscode.LogOutputChannel): void {
  if (!startsOnOpen(vscode.workspace.getConfiguration('wxc').inspect<boolean>('deliveryReceiver.startOnOpen'))) return;
  log.info('Starting the delivery receiver: wxc.deliveryReceiver.startOnOpen is set in the user settings');
  receiver.start().catch((err: unknown) => couldNotStart(err, log));
}

function couldNotStart(err: unknown, log: vscode.LogOutputChannel): void {
  const message = vscode.l10n.t(
    'The delivery receiver could not start: {0}. Choose another port in the setting wxc.deliveryReceiver.port (0 takes a free one).',
    err instanceof Error ? err.message : String(err),
  );
  log.error(message);
  const open = vscode.l10n.t('Open Settings');
  void vscode.window.showErrorMessage(message, open).then((a) => {
    if (a === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'wxc.deliveryReceiver.port');
  });
}

/** Where the active environment sends: the sandbox and other APIs on this machine reach the receiver as it is; a tenant needs a public URL. */
async function audienceOf(env: Environment | undefined): Promise<ReceiverAudience> {
  if (!env) return { kind: 'none' };
  const origin = env.endpoint.ok ? loopbackOrigin(env.endpoint.url) : undefined;
  if (origin) return { kind: (await isSandbox(origin)) ? 'sandbox' : 'local', environment: env.name };
  const base = typeof env.setting.notifyBaseUrl === 'string' && env.setting.notifyBaseUrl.trim() !== '' ? checkPublicBaseUrl(env.setting.notifyBaseUrl) : undefined;
  return { kind: 'tenant', environment: env.name, ...(base && 'url' in base ? { publicBaseUrl: base.url } : {}) };
}

/** One short message on start, fitted to the environment (see receiverAdvice), with its buttons; resolves to what it says once shown. */
async function explainStart(port: number, env: Environment | undefined): Promise<ReceiverAdvice> {
  const advice = receiverAdvice(port, await audienceOf(env));
  const labels: Record<ReceiverAction, string> = {
    showSends: vscode.l10n.t('Show Sends'),
    openPorts: vscode.l10n.t('Open Ports View'),
    setPublicUrl: vscode.l10n.t('Set Public URL…'),
  };
  // wxc.sends.focus: VS Code's focus command of the Sends view (SENDS_VIEW_ID; sendsView imports this file).
  const commands: Record<ReceiverAction, string> = { showSends: 'wxc.sends.focus', openPorts: '~remote.forwardedPorts.focus', setPublicUrl: CommandIds.setNotifyBaseUrl };
  void vscode.window.showInformationMessage(advice.message, ...advice.actions.map((a) => labels[a])).then((answer) => {
    const chosen = advice.actions.find((a) => labels[a] === answer);
    if (chosen) void vscode.commands.executeCommand(commands[chosen]);
  });
  return advice;
}

/**
 * Asks for the public https URL that forwards to the receiver (a forwarded port, a tunnel) and keeps
 * it as the active environment's notifyBaseUrl; an empty answer removes it. `value`: for scripts.
 */
async function setNotifyBaseUrl(environments: Environments, value?: unknown): Promise<boolean> {
  const env = environments.active();
  if (!env) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose an environment first (Webex Connect: Select Environment…).'));
    return false;
  }
  if (!canUpdateEnvironment(env.name)) return false;
  const endpoint = env.endpoint.ok ? env.endpoint.url : undefined;
  const problem = (text: string) => {
    if (text.trim() === '') return undefined;
    const checked = checkPublicBaseUrl(text, endpoint);
    return 'error' in checked ? checked.error : undefined;
  };
  const entered =
    typeof value === 'string'
      ? value
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Public URL for delivery reports to environment {0}', env.name),
          prompt: vscode.l10n.t('The https:// address that forwards to the delivery receiver\'s port (Ports view with visibility Public, or a tunnel). Empty: reports go to this machine only.'),
          placeHolder: 'https://abc123-8787.euw.devtunnels.ms',
          value: typeof env.setting.notifyBaseUrl === 'string' ? env.setting.notifyBaseUrl : '',
          validateInput: problem,
          ignoreFocusOut: true,
        });
  if (entered === undefined) return false;
  const error = problem(entered);
  if (error) {
    void vscode.window.showErrorMessage(error);
    return false;
  }
  const checked = entered.trim() === '' ? undefined : checkPublicBaseUrl(entered, endpoint);
  const url = checked && 'url' in checked ? checked.url : undefined;
  return updateEnvironmentSetting(env.name, (entry) => {
    const next = { ...entry };
    delete next.notifyBaseUrl;
    return url ? { ...next, notifyBaseUrl: url } : next;
  });
}
