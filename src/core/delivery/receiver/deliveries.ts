/**
 * Taking a body from a request whose body is read: the environment's secret, the signature, then
 * what the body is — a delivery report (handed to onReport) or one of the customer's events (to
 * onEvent) — and a 200 only once it is kept: a handler that fails (or rejects) gets a 500, so
 * Webex Connect posts it again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReceiverOptions } from './options';
import { answer, type Log, quoted, where } from './refusals';
import type { Route } from './routes';
import { signatureProblem } from './signatures';
import { deliveryReportOf } from '../reports';
import { isInboundEvent, readInboundEvent } from '../../inbound/events';
import { t } from '../../text/l10n';

/** Hands a signed (when the environment has a secret), well-formed report or event to its handler and answers 200 once it is kept; otherwise answers 401, 400 or 500, logged. */
export async function takeReport(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route & { ok: true },
  body: Buffer,
  options: Pick<ReceiverOptions, 'secretFor' | 'onReport' | 'onEvent'>,
  log: Log,
): Promise<void> {
  let secret: string | undefined;
  try {
    secret = await options.secretFor(route.environment);
  } catch (err) {
    log(t('Delivery receiver: could not read the webhook secret {0}: {1} (answered 500)', where(route), (err as Error).message));
    return answer(req, res, 500, 'internal error');
  }
  const problem = secret ? signatureProblem(req.headers, body, secret) : undefined;
  if (problem === 'missing') {
    log(t('Delivery receiver: refused a report {0}: no x-hub-signature header, and the environment has a webhook secret (401)', where(route)));
    return answer(req, res, 401, 'signature required');
  }
  if (problem === 'invalid') {
    log(t('Delivery receiver: refused a report {0}: its x-hub-signature does not match the body with the webhook secret (401)', where(route)));
    return answer(req, res, 401, 'signature invalid');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    log(t('Delivery receiver: refused a body {0}: {1} (400)', where(route), t('The body is not JSON.')));
    return answer(req, res, 400, t('The body is not JSON.'));
  }
  const meta = { receivedAt: new Date().toISOString(), ...(route.environment !== undefined ? { environment: route.environment } : {}) };
  if (options.onEvent && isInboundEvent(parsed)) return takeEvent(req, res, route, readInboundEvent(parsed, meta.receivedAt), meta, options.onEvent, log);
  const read = deliveryReportOf(parsed);
  if ('error' in read) {
    log(t('Delivery receiver: refused a body {0}: {1} (400)', where(route), read.error));
    return answer(req, res, 400, read.error);
  }
  try {
    await options.onReport(read.report, meta);
  } catch (err) {
    log(t('Delivery receiver: a report for transid {0} could not be kept: {1} (answered 500, Webex Connect retries)', quoted(read.report.transid), (err as Error).message));
    return answer(req, res, 500, 'internal error');
  }
  answer(req, res, 200, '');
}

/** Hands one of the customer's events to onEvent; 200 once it is kept, 500 when it could not be. */
async function takeEvent(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route & { ok: true },
  event: ReturnType<typeof readInboundEvent>,
  meta: { receivedAt: string; environment?: string },
  onEvent: NonNullable<ReceiverOptions['onEvent']>,
  log: Log,
): Promise<void> {
  try {
    await onEvent(event, meta);
  } catch (err) {
    log(t('Delivery receiver: an event from the customer {0} {1} could not be kept: {2} (answered 500, Webex Connect retries)', quoted(event.waid), where(route), (err as Error).message));
    return answer(req, res, 500, 'internal error');
  }
  answer(req, res, 200, '');
}
