/** Taking a report from a request whose body is read: the environment's secret, the signature, the report itself, then onReport. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReceiverOptions } from './options';
import { answer, type Log, quoted, where } from './refusals';
import type { Route } from './routes';
import { signatureProblem } from './signatures';
import { readDeliveryReport } from '../reports';
import { t } from '../../text/l10n';

/** Hands a signed (when the environment has a secret), well-formed report to onReport and answers 200; otherwise answers 401, 400 or 500, logged. */
export async function takeReport(
  req: IncomingMessage,
  res: ServerResponse,
  route: Route & { ok: true },
  body: Buffer,
  options: Pick<ReceiverOptions, 'secretFor' | 'onReport'>,
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
  const read = readDeliveryReport(body.toString('utf8'));
  if ('error' in read) {
    log(t('Delivery receiver: refused a body {0}: {1} (400)', where(route), read.error));
    return answer(req, res, 400, read.error);
  }
  const meta = { receivedAt: new Date().toISOString(), ...(route.environment !== undefined ? { environment: route.environment } : {}) };
  try {
    options.onReport(read.report, meta);
  } catch (err) {
    log(t('Delivery receiver: a report for transid {0} could not be kept: {1} (answered 500, Webex Connect retries)', quoted(read.report.transid), (err as Error).message));
    return answer(req, res, 500, 'internal error');
  }
  answer(req, res, 200, '');
}
