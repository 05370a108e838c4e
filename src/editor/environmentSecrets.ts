/** A secret per environment (service keys, webhook secrets): kept only in VS Code's secret storage, cached, set and cleared by two commands. */
import * as vscode from 'vscode';
import { Environment, Environments, environmentFromArg } from './environments';

/** What the user reads about one kind of secret; each text comes from `vscode.l10n.t` at the caller's, so the l10n bundle finds it. */
export interface SecretTexts {
  /** The input box's title. */
  title(env: Environment): string;
  /** The input box's prompt, when the caller gives no reason to ask. */
  prompt(): string;
  /** Why an entered value is refused, or undefined to take it. */
  invalid(value: string): string | undefined;
  saved(env: Environment): string;
  removed(env: Environment): string;
  noneStored(env: Environment): string;
}

/**
 * The secrets of one kind, one per environment, under `<prefix><environment name>` in secret
 * storage (the key existing users' secrets are found by). Read often (the receiver reads webhook
 * secrets on every report), so they are cached in memory and dropped from the cache when secret
 * storage changes, in this window or another. An empty secret counts as none.
 */
export class EnvironmentSecrets implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly prefix: string,
    readonly texts: SecretTexts,
  ) {
    this.listener = secrets.onDidChange((e) => {
      if (e.key.startsWith(prefix)) this.cache.delete(e.key.slice(prefix.length));
    });
  }

  /** The secret of an environment, or undefined when none is stored. */
  get(environment: string): Promise<string | undefined> {
    let secret = this.cache.get(environment);
    if (!secret) {
      const read = Promise.resolve(this.secrets.get(this.prefix + environment)).then(
        (s) => (s === '' ? undefined : s),
        (err: unknown) => {
          // A failed read is not remembered: the next one asks secret storage again.
          if (this.cache.get(environment) === read) this.cache.delete(environment);
          throw err;
        },
      );
      secret = read;
      this.cache.set(environment, secret);
    }
    return secret;
  }

  async store(environment: string, secret: string): Promise<void> {
    this.cache.delete(environment);
    await this.secrets.store(this.prefix + environment, secret);
    // A read while it was stored may have cached the old value.
    this.cache.delete(environment);
  }

  /** Removes the secret; resolves to whether there was one. */
  async clear(environment: string): Promise<boolean> {
    const had = (await this.get(environment)) !== undefined;
    this.cache.delete(environment);
    await this.secrets.delete(this.prefix + environment);
    this.cache.delete(environment);
    return had;
  }

  /** Asks for the secret (hidden input) and stores it; resolves to it, or undefined when dismissed. */
  async prompt(env: Environment, reason?: string): Promise<string | undefined> {
    const entered = await vscode.window.showInputBox({
      title: this.texts.title(env),
      prompt: reason ?? this.texts.prompt(),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => this.texts.invalid(v),
    });
    if (entered === undefined) return undefined;
    await this.store(env.name, entered.trim());
    return entered.trim();
  }

  dispose(): void {
    this.listener.dispose();
  }
}

/**
 * Registers the Set… and Clear… commands of a kind of secret. Both take an environment name
 * (else the active environment, else a pick); Set… also takes the secret, so scripts and tests
 * set one without the prompt. Each resolves to whether it changed something.
 */
export function registerSecretCommands(
  context: vscode.ExtensionContext,
  environments: Environments,
  secrets: EnvironmentSecrets,
  commands: { readonly set: string; readonly clear: string },
): void {
  context.subscriptions.push(
    secrets,
    vscode.commands.registerCommand(commands.set, async (envArg?: unknown, secretArg?: unknown) => {
      const env = await environmentFromArg(environments, envArg);
      if (!env) return false;
      if (typeof secretArg === 'string' && secretArg.trim() !== '') {
        // A script's secret is checked as a typed one is: a refused one is not stored.
        const invalid = secrets.texts.invalid(secretArg);
        if (invalid !== undefined) {
          void vscode.window.showErrorMessage(invalid);
          return false;
        }
        await secrets.store(env.name, secretArg.trim());
      } else if ((await secrets.prompt(env)) === undefined) {
        return false;
      }
      void vscode.window.showInformationMessage(secrets.texts.saved(env));
      return true;
    }),
    vscode.commands.registerCommand(commands.clear, async (envArg?: unknown) => {
      const env = await environmentFromArg(environments, envArg);
      if (!env) return false;
      const had = await secrets.clear(env.name);
      void vscode.window.showInformationMessage(had ? secrets.texts.removed(env) : secrets.texts.noneStored(env));
      return had;
    }),
  );
}
