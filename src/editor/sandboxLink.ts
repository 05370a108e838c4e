import * as vscode from 'vscode';
import { clearSandboxWebhook, isSandbox, loopbackOrigin, sandboxWebhook, setSandboxWebhook } from '../core/net/sandboxApi';
import type { DeliveryReceiver } from './deliveryReceiver';
import type { Environment, Environments } from './environments';

/** How long a "this is (not) the sandbox" answer is trusted before the endpoint is asked again. */
const IDENTITY_TTL_MS = 30_000;

/** The active environment when it is the local sandbox, with the origin its interface answers at. */
export interface ActiveSandbox {
  readonly env: Environment;
  readonly origin: string;
}

/**
 * The editor's link to the local sandbox: which environment is it (an endpoint on this machine that
 * answers GET /sandbox as the sandbox), and, while the delivery receiver runs and the sandbox is the
 * active environment, registering the receiver as the webhook of the sandbox's customers.
 */
export class SandboxLink implements vscode.Disposable {
  private readonly identities = new Map<string, { sandbox: boolean; at: number }>();
  /** What this editor registered, so it clears only its own. */
  private registered: { origin: string; url: string } | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly environments: Environments,
    private readonly receiver: DeliveryReceiver,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      receiver.onDidChange(() => this.sync()),
      environments.onDidChange(() => this.sync()),
    );
  }

  /** Whether a loopback origin is the sandbox (asked once every 30 s at most). */
  async isSandboxOrigin(origin: string): Promise<boolean> {
    const known = this.identities.get(origin);
    if (known && Date.now() - known.at < IDENTITY_TTL_MS) return known.sandbox;
    const sandbox = await isSandbox(origin);
    this.identities.set(origin, { sandbox, at: Date.now() });
    return sandbox;
  }

  /** The active environment, when it is the sandbox. */
  async active(): Promise<ActiveSandbox | undefined> {
    const env = this.environments.active();
    if (!env || !env.endpoint.ok) return undefined;
    const origin = loopbackOrigin(env.endpoint.url);
    if (!origin || !(await this.isSandboxOrigin(origin))) return undefined;
    return { env, origin };
  }

  /** Brings the sandbox's webhook in line with the receiver (serialised: starts and stops may come quickly). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce()).catch((err: Error) => this.log.warn(`sandbox webhook: ${err.message}`));
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const sandbox = this.receiver.running ? await this.active() : undefined;
    const url = sandbox ? this.receiver.localUrlFor(sandbox.env.name) : undefined;
    const mine = this.registered;
    if (sandbox && url) {
      if (mine && mine.origin === sandbox.origin && mine.url === url) return;
      const problem = await setSandboxWebhook(sandbox.origin, url);
      if (problem) {
        this.log.warn(`The sandbox at ${sandbox.origin} did not take the delivery receiver as its customers' webhook: ${problem}`);
        return;
      }
      this.registered = { origin: sandbox.origin, url };
      // The origin only: the URL's path holds the receiver's token.
      this.log.info(`The sandbox at ${sandbox.origin} now posts its customers' replies and taps to the delivery receiver`);
      if (mine && mine.origin !== sandbox.origin) await this.release(mine);
      return;
    }
    if (mine) await this.release(mine);
  }

  /** Clears a webhook this editor registered, unless someone else has set another since. */
  private async release(mine: { origin: string; url: string }): Promise<void> {
    this.registered = undefined;
    const now = await sandboxWebhook(mine.origin);
    if ('url' in now && now.url === mine.url) await clearSandboxWebhook(mine.origin);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerSandboxLink(context: vscode.ExtensionContext, deps: { environments: Environments; receiver: DeliveryReceiver; log: vscode.LogOutputChannel }): SandboxLink {
  const link = new SandboxLink(deps.environments, deps.receiver, deps.log);
  context.subscriptions.push(link);
  return link;
}
