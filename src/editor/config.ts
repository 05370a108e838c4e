import * as vscode from 'vscode';
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { isObject } from '../core/json/values';
import type { MediaConsent } from '../webview/protocol';

/** An environment as written in the setting `wxc.environments`. */
export interface EnvironmentSetting {
  readonly region?: string;
  readonly baseUrl?: string;
  readonly variables?: Readonly<Record<string, string>>;
  /** The public base URL that forwards to the delivery receiver (a forwarded port, a tunnel), for `{{notifyurl}}`. */
  readonly notifyBaseUrl?: string;
  /** `key` (the default) or `jwt`; read through environmentAuth (core/send/auth). */
  readonly auth?: unknown;
  /** The service id a JWT is issued by (`"auth": "jwt"`). */
  readonly serviceId?: unknown;
  /** The name of a variable of VS Code's process environment holding the service key; honoured only in user settings. */
  readonly keyFromEnv?: unknown;
  /** The same for the service secret of a JWT environment. */
  readonly secretFromEnv?: unknown;
}

export interface Settings {
  readonly environments: Readonly<Record<string, EnvironmentSetting>>;
  readonly confirmBeforeSend: boolean;
  readonly timeoutSeconds: number;
  readonly preflightMedia: boolean;
  /** The tenant's approved templates by id; undefined when none are described. */
  readonly templates: TemplateDefinitions | undefined;
  /** The delivery receiver's port; 0: a free one. */
  readonly receiverPort: number;
  /** Whether the preview loads media (setting wxc.preview.loadMedia). */
  readonly previewMedia: MediaConsent;
}

const CONSENTS: readonly MediaConsent[] = ['never', 'ask', 'always'];

export const SECTION = 'wxc';

function templatesOf(value: unknown): TemplateDefinitions | undefined {
  return isObject(value) && Object.keys(value).length > 0 ? (value as TemplateDefinitions) : undefined;
}

function portOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535 ? value : 0;
}

/** The extension's settings, read in one place. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const environments = config.get<Record<string, EnvironmentSetting>>('environments') ?? {};
  const timeout = config.get<number>('timeoutSeconds') ?? 30;
  return {
    environments: isObject(environments) ? environments : {},
    confirmBeforeSend: config.get<boolean>('confirmBeforeSend') ?? true,
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, 600) : 30,
    preflightMedia: config.get<boolean>('preflightMedia') ?? true,
    templates: templatesOf(config.get('templates')),
    receiverPort: portOf(config.get<number>('deliveryReceiver.port')),
    previewMedia: CONSENTS.find((c) => c === config.get('preview.loadMedia')) ?? 'ask',
  };
}

/** Whether a configuration change touches our settings. */
export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
