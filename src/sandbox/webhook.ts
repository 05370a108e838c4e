/**
 * Where the sandbox posts its customers' events: one URL on this machine (like notify URLs), set
 * by `--webhook-url`, WXC_SANDBOX_WEBHOOK_URL or PUT /sandbox/webhook, signed with the webhook
 * secret when there is one (as delivery reports are).
 */
import { isLoopbackUrl } from './loopback';
import { postWithTimeout, signatureOf } from './loopbackPost';
import type { WebhookOutcome } from './customers';

/** How long an event's post may take before the sandbox says the webhook did not answer. */
export const WEBHOOK_TIMEOUT_MS = 5_000;
const MAX_URL_LENGTH = 2048;

/** Why a webhook URL is not usable (undefined when it is). */
export function webhookUrlProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return 'must be a URL (a non-empty string)';
  if (raw.length > MAX_URL_LENGTH) return `is longer than ${MAX_URL_LENGTH} characters`;
  // Webex Connect refuses a URL with a leading or trailing space; so does the sandbox, rather than guess.
  if (raw.trim() !== raw) return 'has a leading or trailing space';
  if (!isLoopbackUrl(raw)) return `must be an http(s) URL on this machine (127.0.0.0/8, localhost, [::1]); got ${JSON.stringify(raw.slice(0, 200))}`;
  return undefined;
}

/** The webhook of one sandbox. */
export class Webhook {
  private url: URL | undefined;
  private readonly controllers = new Set<AbortController>();

  constructor(
    initial: string | undefined,
    private readonly secret: () => string | undefined,
    private readonly log: (line: string) => void,
  ) {
    if (initial !== undefined) this.url = new URL(initial);
  }

  /** The URL events go to, or undefined. */
  get current(): string | undefined {
    return this.url?.href;
  }

  /** Sets the URL; returns why not when it is not usable. */
  set(raw: unknown): string | undefined {
    const problem = webhookUrlProblem(raw);
    if (problem) return problem;
    this.url = new URL(raw as string);
    this.log(`customer events now go to ${this.url.origin}`);
    return undefined;
  }

  clear(): void {
    this.url = undefined;
  }

  /** Posts an event; resolves to what became of it (nothing is posted when no URL is set). */
  async post(event: Record<string, unknown>): Promise<WebhookOutcome> {
    const url = this.url;
    if (!url) return { error: 'no webhook is set' };
    const body = JSON.stringify(event);
    const signature = signatureOf(body, this.secret());
    const controller = new AbortController();
    this.controllers.add(controller);
    const outcome = await postWithTimeout(url, body, signature, WEBHOOK_TIMEOUT_MS, controller.signal);
    this.controllers.delete(controller);
    // The origin only: a receiver's path holds its token, which no log may show.
    this.log(`customer event ${String(event.event)} from ${String(event.waid)} to ${url.origin}: ${outcome.status ?? outcome.error}`);
    return { to: url.origin, ...outcome };
  }

  /** Aborts every post in flight (the sandbox closes). */
  close(): void {
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
  }
}
