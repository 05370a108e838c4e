/**
 * The parts of `wxc send` that only --follow needs: its options, the `{{notifyurl}}` it fills in,
 * and what it says and exits with once the send is queued.
 */
import { checkPublicBaseUrl, notifyUrlFor } from '../core/delivery/receiver';
import { isLoopbackHost } from '../core/net/hosts';
import { NOTIFY_URL_VARIABLE } from '../core/payload/variables';
import { t } from '../core/text/l10n';
import { FOLLOW_UNTIL, type FollowOutcome, type FollowUntil, type Follower } from './follow';
import type { EnvironmentSetting } from './settings';
import { UsageError } from './usage';

/** The exit code when --follow-timeout passes before the send is done (as GNU timeout's). */
export const FOLLOW_TIMEOUT_EXIT_CODE = 124;
/** The longest --follow-timeout: a day, the customer's reply window. */
const MAX_FOLLOW_SECONDS = 86_400;
const DEFAULT_FOLLOW_SECONDS = 300;

/** The environment variable of the webhook secret reports (and events) must be signed with while following. */
export const WEBHOOK_SECRET_VARIABLE = 'WXC_WEBHOOK_SECRET';

export interface FollowOptions {
  readonly until: FollowUntil;
  readonly timeoutSeconds: number;
  readonly receiverPort: number;
}

interface FollowValues {
  readonly follow?: boolean;
  readonly 'follow-timeout'?: string;
  readonly until?: string;
  readonly 'receiver-port'?: string;
  readonly 'dry-run'?: boolean;
}

/** --follow's options, or undefined without --follow (its options without it are a UsageError). */
export function parseFollowOptions(values: FollowValues): FollowOptions | undefined {
  if (!values.follow) {
    for (const option of ['follow-timeout', 'until', 'receiver-port'] as const) {
      if (values[option] !== undefined) throw new UsageError(t('--{0} goes with --follow.', option));
    }
    return undefined;
  }
  if (values['dry-run']) throw new UsageError(t('--follow and --dry-run do not go together: a dry run sends nothing to follow.'));
  const timeoutText = values['follow-timeout'] ?? String(DEFAULT_FOLLOW_SECONDS);
  const timeoutSeconds = /^\d+(\.\d+)?$/.test(timeoutText) ? Number(timeoutText) : NaN;
  if (!(timeoutSeconds >= 1 && timeoutSeconds <= MAX_FOLLOW_SECONDS)) {
    throw new UsageError(t('--follow-timeout is a number of seconds from 1 to {0}, not "{1}".', MAX_FOLLOW_SECONDS, timeoutText));
  }
  const until = values.until ?? 'delivered';
  if (!(FOLLOW_UNTIL as readonly string[]).includes(until)) throw new UsageError(t('--until is delivered, read or reply, not "{0}".', until));
  const portText = values['receiver-port'] ?? '0';
  const receiverPort = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(receiverPort >= 0 && receiverPort <= 65535)) throw new UsageError(t('--receiver-port is a port from 0 to 65535 (0: any free one), not "{0}".', portText));
  return { until: until as FollowUntil, timeoutSeconds, receiverPort };
}

/**
 * What `{{notifyurl}}` is while following: the receiver on this machine when the API is on this
 * machine too (the sandbox); for a remote API, the environment's notifyBaseUrl (a public address
 * forwarding to --receiver-port) with the receiver's path — without one, a UsageError.
 */
export function followNotifyUrl(endpoint: URL, env: EnvironmentSetting, name: string, follower: Follower): string {
  if (isLoopbackHost(endpoint.hostname)) return follower.localUrl;
  const base = typeof env.notifyBaseUrl === 'string' ? env.notifyBaseUrl : '';
  if (base.trim() === '') {
    throw new UsageError(
      t(
        'Not sent: --follow with environment "{0}" needs a public address for its delivery reports: set "notifyBaseUrl" of the environment to the https address that forwards to this machine (a tunnel), and start the receiver on the forwarded port with --receiver-port.',
        name,
      ),
    );
  }
  const checked = checkPublicBaseUrl(base, endpoint);
  if ('error' in checked) throw new UsageError(t('Not sent: the notifyBaseUrl of environment "{0}" is not usable: {1}', name, checked.error));
  return notifyUrlFor(checked.url, follower.token, name);
}

/** The refusal when the payload's notifyurl is not `{{notifyurl}}` (reports would not come to the receiver). */
export function notifyUrlMismatch(file: string): UsageError {
  return new UsageError(
    t('Not sent: --follow waits for the delivery reports at {1}, but the notifyurl of {0} is something else (or missing). Write "notifyurl": "{1}" in the payload.', file, `{{${NOTIFY_URL_VARIABLE}}}`),
  );
}

/** What the follow ended with, said on stderr; and its exit code. */
export function followEnding(outcome: Exclude<FollowOutcome, 'interrupted'>, transid: string, options: FollowOptions): { message: string; code: number } {
  switch (outcome) {
    case 'done':
      return { message: t('Done: transid {0} reached {1} for every recipient.', transid, options.until === 'reply' ? t('a reply') : options.until === 'read' ? 'Read' : t('Delivered or Read')), code: 0 };
    case 'failed':
      return { message: t('Failed: transid {0} was not delivered to every recipient (see the reports above).', transid), code: 1 };
    case 'timeout':
      return {
        message: t(
          'Stopped following after {0} s (--follow-timeout): transid {1} was accepted (1001) but had not reached {2} yet; its later reports reach no receiver.',
          options.timeoutSeconds,
          transid,
          options.until === 'reply' ? t('a reply') : options.until === 'read' ? 'Read' : t('Delivered or Read'),
        ),
        code: FOLLOW_TIMEOUT_EXIT_CODE,
      };
  }
}
