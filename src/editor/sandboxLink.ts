import * as vscode from 'vscode';
import { clearSandboxWebhook, isSandbox, loopbackOrigin, sandboxIdentity, sandboxWebhook, setSandboxWebhook } from '../core/net/sandboxApi';
import type { DeliveryReceiver } from './deliveryReceiver';
import type { Environment, Environments } from './environments';

/** How long a "this is (not) the sandbox" answer is trusted before the endpoint is asked again. */
const IDENTITY_TTL_MS = 30_000;
/** How often, while the receiver runs for the sandbox, the editor looks whether the sandbox restarted (and forgot its webhook). */
export const RECONNECT_EVERY_MS = 15_000;

/** A webhook this editor registered: where, what, and with which start of the sandbox. */
interface Registration {
  readonly origin: string;
  readonly url: string;
  readonly instance: string | undefined;
}

/** The active environment when it is the local sandbox, with the origin its interface answers at. */
export interface ActiveSandbox {
  readonly env: Environment;
  readonly origin: string;
}

/**
 * The editor's link to the local sandbox: which environment is it (an endpoint on this machine that
 * answers GET /sandbox as the sandbox), and, while the delivery receiver runs and the sandbox is the
 * active environment, registering the receiver as the webhook of the sandbox's customers. A sandbox
 * restarted on its own forgets its webhook: the editor tells it by its instance (GET /sandbox)
 * after each send, before a tap in the preview and every RECONNECT_EVERY_MS, and registers again
 * when the restarted one has none; a webhook changed or cleared on the same sandbox is left alone.
 */
export class SandboxLink implements vscode.Disposable {
  private readonly identities = new Map<string, { sandbox: boolean; at: number }>();
  /** What this editor registered, so it clears only its own. */
  private registered: Registration | undefined;
  private syncing: Promise<void> = Promise.resolve();
  /** A reconnect queued and not yet done (sends and reports come in bursts: one look serves them all). */
  private reconnecting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly environments: Environments,
    private readonly receiver: DeliveryReceiver,
    private readonly log: vscode.LogOutputChannel,
    sent: vscode.Event<unknown>,
  ) {
    this.disposables.push(
      receiver.onDidChange(() => this.sync()),
      environments.onDidChange(() => this.sync()),
      sent(() => void this.reconnect()),
    );
    this.timer = setInterval(() => void this.reconnect(), RECONNECT_EVERY_MS);
    this.timer.unref?.();
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
      this.registered = { origin: sandbox.origin, url, instance: (await sandboxIdentity(sandbox.origin))?.instance };
      // The origin only: the URL's path holds the receiver's token.
      this.log.info(`The sandbox at ${sandbox.origin} now posts its customers' replies and taps to the delivery receiver`);
      if (mine && mine.origin !== sandbox.origin) await this.release(mine);
      return;
    }
    if (mine) await this.release(mine);
  }

  /**
   * Registers the receiver again with a sandbox that restarted without a webhook (or was not up
   * when the receiver started); a cheap GET when nothing changed. Serialised with sync().
   */
  reconnect(): Promise<void> {
    this.reconnecting ??= this.syncing = this.syncing
      .then(() => {
        this.reconnecting = undefined;
        return this.reconnectOnce();
      })
      .catch((err: Error) => this.log.warn(`sandbox webhook: ${err.message}`));
    return this.reconnecting;
  }

  private async reconnectOnce(): Promise<void> {
    const sandbox = this.receiver.running ? await this.active() : undefined;
    const url = sandbox ? this.receiver.localUrlFor(sandbox.env.name) : undefined;
    if (!sandbox || !url) return;
    const mine = this.registered;
    const now = await sandboxIdentity(sandbox.origin);
    // Down (try again later), or the same start of it: what its webhook is now was someone's choice.
    if (!now || (mine && mine.origin === sandbox.origin && mine.instance === now.instance)) return;
    if (now.webhook !== null && now.webhook !== url) return;
    if (now.webhook === null) {
      const problem = await setSandboxWebhook(sandbox.origin, url);
      if (problem) {
        this.log.warn(`The sandbox at ${sandbox.origin} did not take the delivery receiver as its customers' webhook: ${problem}`);
        return;
      }
      this.log.info(`The sandbox at ${sandbox.origin} ${mine ? 'restarted: it posts' : 'now posts'} its customers' replies and taps to the delivery receiver${mine ? ' again' : ''}`);
    }
    this.registered = { origin: sandbox.origin, url, instance: now.instance };
  }

  /** Clears a webhook this editor registered, unless someone else has set another since. */
  private async release(mine: Registration): Promise<void> {
    this.registered = undefined;
    const now = await sandboxWebhook(mine.origin);
    if ('url' in now && now.url === mine.url) await clearSandboxWebhook(mine.origin);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The link to the sandbox; `sent` fires after a send or a report (the send history changed). */
export function registerSandboxLink(context: vscode.ExtensionContext, deps: { environments: Environments; receiver: DeliveryReceiver; log: vscode.LogOutputChannel; sent: vscode.Event<unknown> }): SandboxLink {
  const link = new SandboxLink(deps.environments, deps.receiver, deps.log, deps.sent);
  context.subscriptions.push(link);
  return link;
}
