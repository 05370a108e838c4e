/**
 * What the delivery receiver says when it starts, fitted to where the active environment sends:
 * the sandbox (or any API on this machine) reaches it as it is, so there is nothing to do; a
 * tenant can't reach this machine, so it needs a public URL, and either way a payload follows its
 * delivery only with `"notifyurl": "{{notifyurl}}"`. Pure: the editor asks and shows.
 */
import { NOTIFY_URL_VARIABLE } from '../payload/variables';
import { t } from '../text/l10n';

/** Where the active environment sends, as far as the receiver is concerned. */
export type ReceiverAudience =
  | { readonly kind: 'none' }
  /** The local sandbox, which posts its delivery reports to the receiver. */
  | { readonly kind: 'sandbox'; readonly environment: string }
  /** Another API on this machine: it can post to 127.0.0.1 as it is. */
  | { readonly kind: 'local'; readonly environment: string }
  /** A tenant of Webex Connect, with the environment's usable public base URL when it has one. */
  | { readonly kind: 'tenant'; readonly environment: string; readonly publicBaseUrl?: string };

/** The buttons of the message: the Sends view, the Ports view, the public URL's prompt. */
export type ReceiverAction = 'showSends' | 'openPorts' | 'setPublicUrl';

export interface ReceiverAdvice {
  readonly message: string;
  readonly actions: readonly ReceiverAction[];
}

/** The receiver's start message for an audience; `port` is where it listens on 127.0.0.1. */
export function receiverAdvice(port: number, audience: ReceiverAudience): ReceiverAdvice {
  // Braces are built outside the messages: t() reads "{{" as an escape.
  const notifyUrl = `{{${NOTIFY_URL_VARIABLE}}}`;
  switch (audience.kind) {
    case 'sandbox':
      return {
        message: t(
          'Delivery receiver on 127.0.0.1:{0}: the sandbox posts its delivery reports here. A payload with "notifyurl": "{1}" (every sample has it) shows Submitted, Delivered and Read in the Sends view.',
          port,
          notifyUrl,
        ),
        actions: ['showSends'],
      };
    case 'local':
      return {
        message: t(
          'Delivery receiver on 127.0.0.1:{0}: {1} of environment "{2}" points at it (its API is on this machine). A payload with "notifyurl": "{1}" shows its delivery reports in the Sends view.',
          port,
          notifyUrl,
          audience.environment,
        ),
        actions: ['showSends'],
      };
    case 'tenant':
      return audience.publicBaseUrl
        ? {
            message: t(
              'Delivery receiver on 127.0.0.1:{0}: {1} of environment "{2}" is under {3}, which must forward to port {0}. Write "notifyurl": "{1}" in a payload to see its delivery reports in the Sends view.',
              port,
              notifyUrl,
              audience.environment,
              audience.publicBaseUrl,
            ),
            actions: ['showSends', 'setPublicUrl'],
          }
        : {
            message: t(
              'Delivery receiver on 127.0.0.1:{0}. Webex Connect (environment "{1}") cannot reach this machine: forward port {0} to a public https address (the Ports view with visibility Public, or any tunnel), set it with "Set Public URL…", and write "notifyurl": "{2}" in the payload.',
              port,
              audience.environment,
              notifyUrl,
            ),
            actions: ['openPorts', 'setPublicUrl'],
          };
    case 'none':
      return {
        message: t(
          'Delivery receiver on 127.0.0.1:{0}. Choose an environment (Webex Connect: Select Environment…); a payload with "notifyurl": "{1}" then shows its delivery reports in the Sends view.',
          port,
          notifyUrl,
        ),
        actions: [],
      };
  }
}
