/**
 * POST /sandbox/customers/{waid}/messages: the customer writes or taps. A tap is checked against
 * the messages the sandbox sent that customer (the message, that it was delivered, that it carried
 * that button or row); the event is built in Webex Connect's shape, posted to the webhook, and kept
 * with the customer, whose window it opens, whatever the webhook answered (the customer did write).
 */
import type { Choice } from '../core/messages/choices';
import { DEFAULT_APP_ID, moEvent, postbackEvent, type Who } from './customerEvents';
import type { CustomerAction, Tap } from './customerInput';
import type { Customers, SentMessage, WebhookOutcome } from './customers';
import type { Webhook } from './webhook';

export interface CustomerMessageContext {
  readonly customers: Customers;
  readonly webhook: Webhook;
  readonly clock: () => number;
  readonly sentPerCustomer: number;
}

/** How a customer's action was answered: the HTTP status, and the body. */
export interface ActionAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const quote = (s: string) => JSON.stringify(s);

/** The sent message and choice a tap answers, or why it answers none. */
function tapTarget(waid: string, tap: Tap, ctx: CustomerMessageContext): { sent: SentMessage; choice: Choice } | { refused: string } {
  const sent = ctx.customers.sentMessage(waid, tap.transid);
  if (!sent) return { refused: `no message with transid ${quote(tap.transid)} was sent to ${waid} (the sandbox keeps the last ${ctx.sentPerCustomer} sent to each customer)` };
  if (sent.choices.length === 0) return { refused: `message ${quote(tap.transid)} (${sent.type}) carries no buttons or rows to tap` };
  if (sent.outcome.startsWith('Failed')) return { refused: `message ${quote(tap.transid)} was not delivered to ${waid} (${sent.outcome}): the customer never saw it` };
  const choice = sent.choices.find((c) => c.id === tap.buttonPayload);
  if (!choice) {
    return { refused: `message ${quote(tap.transid)} (${sent.type}) has no button or row with id ${quote(tap.buttonPayload)}; its ids: ${sent.choices.map((c) => quote(c.id)).join(', ')}` };
  }
  if (tap.buttonText !== undefined && tap.buttonText !== choice.title) return { refused: `the ${choice.kind === 'row' ? 'row' : 'button'} ${quote(choice.id)} of message ${quote(tap.transid)} is titled ${quote(choice.title)}, not ${quote(tap.buttonText)}` };
  return { sent, choice };
}

/** The answer to a post that reached the webhook or did not. */
function answerFor(event: Record<string, unknown>, webhook: WebhookOutcome): ActionAnswer {
  if (webhook.status !== undefined && webhook.status >= 200 && webhook.status < 300) return { status: 202, body: { event, webhook } };
  if (webhook.to === undefined) {
    return { status: 409, body: { error: 'no webhook is set, so the event was posted nowhere (it is kept, and the window opened): PUT /sandbox/webhook {"url": "http://127.0.0.1:PORT/…"} or start the sandbox with --webhook-url', event, webhook } };
  }
  const why = webhook.status !== undefined ? `the webhook answered HTTP ${webhook.status}` : `the webhook could not be reached: ${webhook.error}`;
  return { status: 502, body: { error: `${why} (the event is kept, and the window opened)`, event, webhook } };
}

/** Carries out a customer's action; resolves to its answer (400 with the reason for a tap that answers nothing). */
export async function customerActs(waid: string, action: CustomerAction, ctx: CustomerMessageContext): Promise<ActionAnswer> {
  const username = action.name ?? `Sandbox customer ${waid}`;
  let event: Record<string, unknown>;
  if ('tap' in action) {
    const target = tapTarget(waid, action.tap, ctx);
    if ('refused' in target) return { status: 400, body: { error: target.refused } };
    const who: Who = { waid, appId: target.sent.appId, username };
    event = postbackEvent(who, { transid: target.sent.transid, buttonPayload: target.choice.id, buttonText: target.choice.title }, ctx.clock());
  } else {
    const who: Who = { waid, appId: ctx.customers.appIdOf(waid) ?? DEFAULT_APP_ID, username };
    event = moEvent(who, action.write, ctx.clock());
  }
  const webhook = await ctx.webhook.post(event);
  ctx.customers.wrote(waid, { at: new Date(ctx.clock()).toISOString(), event, webhook });
  return answerFor(event, webhook);
}
