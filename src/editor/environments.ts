import * as vscode from 'vscode';
import { isObject } from '../core/json/values';
import { type EnvironmentAuth, environmentAuth } from '../core/send/auth';
import { EndpointResult, REGIONS, Region, endpointFor } from '../core/send/endpoint';
import { CommandIds } from './commandIds';
import { EnvironmentSetting, affectsSettings, readSettings } from './config';
import { type FromEnvField, credentialFromEnv } from './credentialsFromEnv';
import { isPayloadDocument } from './payloadFiles';

/** The name of the environment npm start defines for its local sandbox (chosen when nothing else is). */
export const SANDBOX_ENVIRONMENT = 'sandbox';
const ACTIVE_KEY = 'wxc.activeEnvironment';

export interface Environment {
  readonly name: string;
  readonly setting: EnvironmentSetting;
  readonly variables: Readonly<Record<string, string>>;
  readonly endpoint: EndpointResult;
  /** `dev (eu)`, `sandbox (127.0.0.1:3210)`. */
  readonly label: string;
  /** How its sends authenticate (the service key, or a JWT), or why its setting says none that works. */
  readonly auth: EnvironmentAuth;
}

/** The field naming an environment variable for the credential an environment's auth needs. */
export const fromEnvField = (env: Environment): FromEnvField => (env.auth.ok && env.auth.scheme === 'jwt' ? 'secretFromEnv' : 'keyFromEnv');

function describeWhere(setting: EnvironmentSetting, endpoint: EndpointResult): string {
  if (endpoint.ok) return setting.baseUrl ? endpoint.url.host : setting.region ?? endpoint.url.host;
  return 'not configured';
}

/** The picker's line under an environment: its region, its baseUrl, or why its endpoint is not usable. */
function describeDetail(e: Environment): string | undefined {
  if (!e.endpoint.ok) return e.endpoint.error;
  return e.setting.region ? REGIONS[e.setting.region as Region] ?? e.setting.region : e.setting.baseUrl;
}

/**
 * The environments of the settings, the active one, and its status bar item, shown while a
 * payload is in a visible editor.
 */
export class Environments implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  /** Variables the extension computes (not settings), e.g. `notifyurl` while the delivery receiver runs. */
  private computed: (name: string, setting: EnvironmentSetting) => Readonly<Record<string, string>> = () => ({});
  /** The ignored keyFromEnv/secretFromEnv names already explained in this window. */
  private readonly explained = new Set<string>();

  constructor(private readonly state: vscode.Memento) {
    this.status = vscode.window.createStatusBarItem('wxc.environment', vscode.StatusBarAlignment.Left, 50);
    this.status.name = vscode.l10n.t('Webex Connect Environment');
    this.status.command = CommandIds.selectEnvironment;
    this.disposables.push(
      this.status,
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSettings(e)) this.refresh();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.showOrHide()),
      // A document whose language changes is closed and opened again, in the same editor.
      vscode.workspace.onDidOpenTextDocument(() => this.showOrHide()),
    );
    this.refresh();
  }

  private showOrHide(): void {
    if (vscode.window.visibleTextEditors.some((e) => isPayloadDocument(e.document))) this.status.show();
    else this.status.hide();
  }

  /** Every environment, sorted by name. */
  list(): Environment[] {
    const configured: Record<string, EnvironmentSetting> = { ...readSettings().environments };
    return Object.keys(configured)
      .sort()
      .map((name) => {
        const setting = configured[name] ?? {};
        const where = vscode.l10n.t('environment "{0}"', name);
        const endpoint = endpointFor(setting, where);
        const own = isObject(setting.variables) ? setting.variables : {};
        // A variable the user defines wins over a computed one of the same name.
        const variables = { ...this.computed(name, setting), ...own };
        return { name, setting, variables, endpoint, label: `${name} (${describeWhere(setting, endpoint)})`, auth: environmentAuth(setting, where) };
      });
  }

  /** The chosen environment; without a choice, the only one, or else the local sandbox npm start defines (its key in the process environment). */
  active(): Environment | undefined {
    const all = this.list();
    const chosen = this.state.get<string>(ACTIVE_KEY);
    return (
      all.find((e) => e.name === chosen) ??
      (all.length === 1 ? all[0] : all.find((e) => e.name === SANDBOX_ENVIRONMENT && credentialFromEnv(e.name, fromEnvField(e)).honoured !== undefined))
    );
  }

  /** Says once per window, for each environment, why a keyFromEnv/secretFromEnv it names is ignored. */
  private explainIgnored(all: readonly Environment[]): void {
    for (const env of all) {
      for (const field of ['keyFromEnv', 'secretFromEnv'] as const) {
        const { ignored } = credentialFromEnv(env.name, field);
        const id = `${env.name}/${field}/${ignored?.variable ?? ''}`;
        if (!ignored || this.explained.has(id)) continue;
        this.explained.add(id);
        void vscode.window.showWarningMessage(ignored.reason);
      }
    }
  }

  /**
   * Sets where computed variables come from. Nothing is re-read: the provider computes none until
   * it says so with variablesChanged() (the receiver, when it starts), so activation does not tell
   * every listener that the environments changed when they did not.
   */
  provideVariables(computed: (name: string, setting: EnvironmentSetting) => Readonly<Record<string, string>>): void {
    this.computed = computed;
  }

  /** The computed variables changed (the receiver started or stopped): re-read the environments. */
  variablesChanged(): void {
    this.refresh();
  }

  /** Makes `name` active (kept in workspace state, so settings.json and git stay untouched). */
  async select(name: string): Promise<void> {
    await this.state.update(ACTIVE_KEY, name);
    this.refresh();
  }

  /** Asks which environment to use; resolves to it, or undefined when dismissed or there is none. */
  async pick(): Promise<Environment | undefined> {
    const all = this.list();
    if (all.length === 0) {
      const open = vscode.l10n.t('Open Settings');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('No Webex Connect environment is defined. Add one to the setting wxc.environments, e.g. "dev": { "region": "eu" }.'),
        open,
      );
      if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'wxc.environments');
      return undefined;
    }
    const current = this.active()?.name;
    const items = all.map((e) => ({
      label: `${e.name === current ? '$(check) ' : ''}${e.name}`,
      description: e.endpoint.ok && e.auth.ok ? e.endpoint.url.host : vscode.l10n.t('not usable'),
      detail: !e.auth.ok ? e.auth.error : describeDetail(e),
      env: e,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Webex Connect environment'), placeHolder: vscode.l10n.t('Send messages with…') });
    if (!picked) return undefined;
    await this.select(picked.env.name);
    return picked.env;
  }

  private refresh(): void {
    this.explainIgnored(this.list());
    const env = this.active();
    if (env) {
      this.status.text = `$(cloud-upload) ${env.label}`;
      this.status.tooltip = !env.endpoint.ok
        ? env.endpoint.error
        : !env.auth.ok
          ? env.auth.error
          : env.auth.scheme === 'jwt'
            ? vscode.l10n.t('Webex Connect: messages go to {0}, with a JWT of service {1}. Click to switch environment.', env.endpoint.url.href, env.auth.serviceId)
            : vscode.l10n.t('Webex Connect: messages go to {0}. Click to switch environment.', env.endpoint.url.href);
    } else {
      this.status.text = '$(cloud-upload) ' + vscode.l10n.t('No environment');
      this.status.tooltip = vscode.l10n.t('Choose the Webex Connect environment to send with.');
    }
    this.showOrHide();
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The environment a command names (a script's or a menu's argument), else the active one, else the one the user picks. */
export async function environmentFromArg(environments: Environments, arg: unknown): Promise<Environment | undefined> {
  if (typeof arg === 'string') {
    const env = environments.list().find((e) => e.name === arg);
    if (!env) void vscode.window.showErrorMessage(vscode.l10n.t('There is no Webex Connect environment "{0}" in the setting wxc.environments.', arg));
    return env;
  }
  return environments.active() ?? environments.pick();
}

export function registerEnvironments(context: vscode.ExtensionContext): Environments {
  const environments = new Environments(context.workspaceState);
  context.subscriptions.push(
    environments,
    vscode.commands.registerCommand(CommandIds.selectEnvironment, async (name?: unknown) => {
      if (typeof name === 'string') {
        if (!environments.list().some((e) => e.name === name)) {
          void vscode.window.showErrorMessage(vscode.l10n.t('There is no Webex Connect environment "{0}" in the setting wxc.environments.', name));
          return undefined;
        }
        await environments.select(name);
        return name;
      }
      return (await environments.pick())?.name;
    }),
  );
  return environments;
}
