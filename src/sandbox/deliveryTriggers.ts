/**
 * What the sandbox's delivery reports say, per recipient: Submitted → Delivered → Read, or a
 * failure on demand, like a payment provider's test cards. One table: the sandbox follows it, its
 * page lists it, docs/sandbox.md and the tests name the same values.
 */
import type { DeliveryReport } from '../core/delivery/reports';
import { isObject } from '../core/json/values';
import { mediaTargets } from '../core/media/places';
import { OUTSIDE_WINDOW_INFO } from './window';

export interface DeliveryStep {
  readonly state: DeliveryReport['state'];
  readonly code: string;
  /** The report's `additionalInfo` (Webex Connect passes WhatsApp's words on; empty when there are none). */
  readonly additionalInfo?: string;
}

export interface DeliveryTrigger {
  /** What is matched: the end of a recipient's number, or a marker in the path of any media URL of the message. */
  readonly when: 'destination ends with' | 'media URL path contains';
  readonly value: string;
  readonly code: string;
  /** Reported Submitted (7501) before failing: WhatsApp took the message, then could not deliver it. */
  readonly submittedFirst: boolean;
  /** What it stands for, for the page. */
  readonly meaning: string;
  /** The customer's 24-hour window decides, not the trigger itself (window.ts): such a number starts with its window closed. */
  readonly window?: true;
}

const SUBMITTED: DeliveryStep = { state: 'Submitted', code: '7501' };

/** The normal course of a message: one step per delivery delay. */
export const DELIVERED_STEPS: readonly DeliveryStep[] = Object.freeze([SUBMITTED, { state: 'Delivered', code: '7500' }, { state: 'Read', code: '7502' }]);

/** The failure triggers, in the order they are tried (a recipient trigger wins over a media one). */
export const DELIVERY_TRIGGERS: readonly DeliveryTrigger[] = Object.freeze([
  { when: 'destination ends with', value: '7865', code: '7865', submittedFirst: true, meaning: 'not on WhatsApp' },
  {
    when: 'destination ends with',
    value: '7710',
    code: '7710',
    submittedFirst: false,
    meaning: 'outside the 24-hour window: never wrote (a template is delivered; writing opens it)',
    window: true,
  },
  { when: 'destination ends with', value: '7737', code: '7737', submittedFirst: false, meaning: 'invalid WhatsApp destination' },
  { when: 'media URL path contains', value: 'fail-7701', code: '7701', submittedFirst: true, meaning: 'media download error' },
  { when: 'media URL path contains', value: 'fail-7727', code: '7727', submittedFirst: true, meaning: 'media not found' },
  { when: 'media URL path contains', value: 'fail-7861', code: '7861', submittedFirst: true, meaning: 'unsupported MIME type' },
] as const);

/** The path of every media URL of a payload that parses as a URL. */
function mediaPaths(payload: unknown): string[] {
  return mediaTargets(payload).flatMap(({ url }) => {
    try {
      return [new URL(url).pathname];
    } catch {
      return [];
    }
  });
}

/** The trigger a recipient of a payload meets, if any (the window's row is the window's business: see deliverySteps). */
export function triggerFor(payload: unknown, destination: string): DeliveryTrigger | undefined {
  const paths = mediaPaths(payload);
  return DELIVERY_TRIGGERS.find((trigger) =>
    trigger.window ? false : trigger.when === 'destination ends with' ? destination.endsWith(trigger.value) : paths.some((p) => p.includes(trigger.value)),
  );
}

/** Whether a payload is a session message (anything but a template), which only an open window lets through. */
export const isSessionMessage = (payload: unknown): boolean => !isObject(payload) || payload.message === undefined;

/**
 * The reports a recipient of a payload gets, in order. A recipient trigger (7865, 7737) comes
 * first, then the window (a session message to a closed one fails 7710 with WhatsApp's words), then
 * a media trigger.
 */
export function deliverySteps(payload: unknown, destination: string, windowIsOpen = true): readonly DeliveryStep[] {
  const trigger = triggerFor(payload, destination);
  if (trigger?.when !== 'destination ends with' && !windowIsOpen && isSessionMessage(payload)) return [{ state: 'Failed', code: '7710', additionalInfo: OUTSIDE_WINDOW_INFO }];
  if (!trigger) return DELIVERED_STEPS;
  const failed: DeliveryStep = { state: 'Failed', code: trigger.code };
  return trigger.submittedFirst ? [SUBMITTED, failed] : [failed];
}
