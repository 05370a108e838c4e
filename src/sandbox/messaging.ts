/**
 * The messaging endpoint, POST MESSAGING_PATH, as the Messaging API answers it: the key first,
 * then the body (JSON, within the size limit), then the API's checks (apiChecks.ts); an accepted
 * message is recorded, answered 1001 and its delivery reports scheduled.
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { isObject } from '../core/json/values';
import { describeMessage } from '../core/messages';
import { choicesOf } from '../core/messages/choices';
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { countRecipients } from '../core/payload/envelope';
import { type Answer, responseBody, sendJson } from './answers';
import { refusalOf } from './apiChecks';
import { keepLast } from './bounds';
import { DEFAULT_APP_ID } from './customerEvents';
import { type Customers, outcomeOf } from './customers';
import { type Course, type Deliveries, recipientsOf } from './deliveries';
import { deliverySteps } from './deliveryTriggers';
import { BODY_TOO_LARGE, readBody } from './limits';
import type { SandboxSettings } from './options';
import { authFailure, keyStatus } from './serviceKey';
import type { AcceptedMessage, Recorder } from './traffic';

type Json = Record<string, unknown>;

interface Verdict {
  answer: Answer;
  /** The payload, when it is accepted. */
  payload?: Json;
  recipients?: number;
}

const INVALID_JSON: Answer = { code: '7000', description: 'Invalid JSON', httpStatus: 400 };
const METHOD_NOT_ALLOWED: Answer = { code: '7000', description: 'Method not allowed; use POST', httpStatus: 405 };

/** What the API answers a body from a client whose key is right. */
function evaluate(body: Buffer, templates: TemplateDefinitions): Verdict {
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return { answer: INVALID_JSON };
  }
  if (!isObject(payload)) return { answer: INVALID_JSON };
  const refusal = refusalOf(payload, templates);
  if (refusal) return { answer: { ...refusal, httpStatus: 400 } };
  return { answer: { code: '1001', description: 'Queued', httpStatus: 202 }, payload, recipients: countRecipients(payload) };
}

/** evaluate(), and should a check ever throw on what a client sent, 7006 instead of a crashed server. */
function safelyEvaluate(body: Buffer, settings: Pick<SandboxSettings, 'templates' | 'log'>): Verdict {
  try {
    return evaluate(body, settings.templates);
  } catch (err) {
    settings.log(`internal error while checking a payload: ${(err as Error).message}`);
    return { answer: { code: '7006', description: 'Internal error', httpStatus: 500 } };
  }
}

/** The record of an accepted message. */
function acceptedMessage(payload: Json, recipients: number, transid: string, templates: TemplateDefinitions): AcceptedMessage {
  const correlationid = payload.correlationid;
  return {
    at: new Date().toISOString(),
    transid,
    type: describeMessage(payload, templates),
    recipients,
    payload,
    ...(typeof correlationid === 'string' ? { correlationid } : {}),
  };
}

/**
 * Each recipient's course of delivery (its window decides for a session message), kept with the
 * customer as a message sent to it, so a tap can answer it.
 */
function coursesOf(message: AcceptedMessage, payload: Json, customers: Customers): Course[] {
  const choices = choicesOf(payload);
  const appId = typeof payload.appid === 'string' && payload.appid !== '' ? payload.appid : DEFAULT_APP_ID;
  return recipientsOf(payload).map((destination) => {
    const steps = deliverySteps(payload, destination, customers.windowIsOpen(destination));
    customers.sentTo(destination, { at: message.at, transid: message.transid, type: message.type, appId, choices, outcome: outcomeOf(steps) });
    return [destination, steps] as const;
  });
}

export interface MessagingContext {
  readonly settings: Pick<SandboxSettings, 'serviceKey' | 'jwt' | 'templates' | 'log' | 'limits'>;
  readonly traffic: { readonly messages: AcceptedMessage[] };
  readonly deliveries: Pick<Deliveries, 'schedule'>;
  readonly customers: Customers;
}

/** Answers a request to the messaging endpoint, records it, and records and reports an accepted message. */
export function handleMessaging(req: http.IncomingMessage, res: http.ServerResponse, record: Recorder, ctx: MessagingContext): void {
  const key = keyStatus(req, ctx.settings.serviceKey);
  const contentType = req.headers['content-type'];
  const refused = authFailure(req, key, ctx.settings.jwt);
  const answer = (a: Answer, bodyBytes: number, transid = randomUUID()) => {
    record({ ...key, ...(contentType !== undefined ? { contentType } : {}), bodyBytes, code: a.code, httpStatus: a.httpStatus });
    sendJson(res, a.httpStatus, responseBody(a, transid));
  };

  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    req.resume();
    answer(METHOD_NOT_ALLOWED, 0);
    return;
  }
  readBody(req, {
    keep: !refused,
    tooLarge: (bytes) => answer(refused ?? BODY_TOO_LARGE, bytes),
    done: (body, bytes) => {
      if (refused) return answer(refused, bytes);
      const verdict = safelyEvaluate(body, ctx.settings);
      if (!verdict.payload) return answer(verdict.answer, bytes);
      const transid = randomUUID();
      const message = acceptedMessage(verdict.payload, verdict.recipients ?? 0, transid, ctx.settings.templates);
      keepLast(ctx.traffic.messages, message, ctx.settings.limits.messages);
      const courses = coursesOf(message, verdict.payload, ctx.customers);
      answer(verdict.answer, bytes, transid);
      ctx.deliveries.schedule(verdict.payload, transid, courses);
    },
  });
}
