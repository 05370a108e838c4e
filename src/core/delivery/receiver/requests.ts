/** One request through the receiver's gates, in order: its path, HEAD or POST, JSON, a body within the limits, then the report. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { takeReport } from './deliveries';
import { type Limits, readBody } from './limits';
import type { ReceiverOptions } from './options';
import { answer, type Log, quoted, where } from './refusals';
import { routeOf } from './routes';
import { t } from '../../text/l10n';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** What a running receiver handles requests with. */
export interface Handling {
  readonly token: string;
  readonly limits: Limits;
  readonly options: Pick<ReceiverOptions, 'secretFor' | 'onReport' | 'onEvent'>;
  readonly log: Log;
}

/** Answers one request: HEAD 200 on the token path, a POSTed JSON report taken, anything else refused with a 4xx and a log line. */
export function handleRequest(req: IncomingMessage, res: ServerResponse, handling: Handling): void {
  const { log } = handling;
  const route = routeOf(req.url ?? '', handling.token);
  // The path is never logged: on our route it holds the token, elsewhere it is a stranger's text.
  if (!route.ok) {
    log(t('Delivery receiver: {0} to an unknown path refused (404)', quoted(req.method ?? '')));
    return answer(req, res, 404, 'not found');
  }
  if (req.method === 'HEAD') return answer(req, res, 200, '');
  if (req.method !== 'POST') {
    log(t('Delivery receiver: {0} {1} refused: only POST and HEAD (405)', quoted(req.method ?? ''), where(route)));
    return answer(req, res, 405, 'method not allowed', { Allow: 'POST, HEAD' });
  }
  const type = req.headers['content-type'] ?? '';
  if (!JSON_TYPE.test(type)) {
    log(t('Delivery receiver: refused a body {0}: Content-Type {1} is not JSON (415)', where(route), quoted(type)));
    return answer(req, res, 415, 'JSON only (Content-Type: application/json)');
  }
  readBody(req, res, route, handling.limits, log, (body) => {
    takeReport(req, res, route, body, handling.options, log).catch((err: Error) => {
      log(t('Delivery receiver: internal error: {0}', err.message));
      answer(req, res, 500, 'internal error');
    });
  });
}
