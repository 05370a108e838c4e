/** What the sandbox records of its traffic (requests, accepted messages, delivery report attempts), and what resets it. */
import type { DeliveryStep } from './deliveryTriggers';

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  keyPresent: boolean;
  keyValid: boolean;
  contentType?: string;
  bodyBytes: number;
  /** The API code answered ("-" when the request never reached the API checks). */
  code: string;
  httpStatus: number;
}

export interface AcceptedMessage {
  at: string;
  transid: string;
  /** What the message is, as a send names it: "image", "list", "template 602076559564625 (spring_offer)". */
  type: string;
  recipients: number;
  payload: unknown;
  correlationid?: string;
}

export interface DeliveryReportAttempt {
  at: string;
  url: string;
  transid: string;
  /** The recipient the report is about. */
  destination: string;
  state: DeliveryStep['state'];
  code: string;
  /** Whether it carried an x-hub-signature. */
  signed: boolean;
  status?: number;
  error?: string;
}

/** Records how one request was answered; its time, method and path are known to whoever makes the recorder. */
export type Recorder = (r: Omit<RecordedRequest, 'at' | 'method' | 'path'>) => void;

/** The three lists a sandbox keeps; the same arrays for its whole life, since its owner holds them. */
export interface Traffic {
  readonly requests: RecordedRequest[];
  readonly messages: AcceptedMessage[];
  readonly reports: DeliveryReportAttempt[];
}

/** Empty traffic. */
export function newTraffic(): Traffic {
  return { requests: [], messages: [], reports: [] };
}

/** Empties every list in place. */
export function clearTraffic(traffic: Traffic): void {
  traffic.requests.length = 0;
  traffic.messages.length = 0;
  traffic.reports.length = 0;
}
