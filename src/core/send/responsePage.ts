/**
 * The response page of a send, as data: the headline is what the send is at now (its latest
 * delivery state, what that means and what to do), the API's synchronous answer below it, then the
 * facts, each recipient's timeline and the JSON that went and came back. Pure: the editor formats
 * times its way and a webview shows every string as text (none of it is markup).
 */
import { DeliveryState, deliveryCodeInfo } from '../delivery/reports';
import { meaningOf, recipientRows, sendState, stateName } from '../delivery/timeline';
import { isObject } from '../json/values';
import { kindTitle } from '../messages';
import { t } from '../text/l10n';
import { HistoryEntry, sendViewOf, wasQueued } from './history';

/** How the headline reads: done, still on its way, nothing more will come, or failed. */
export type PageTone = 'done' | 'waiting' | 'stuck' | 'failed';

export interface PageHeadline {
  readonly tone: PageTone;
  /** `Failed 7710`, `Read`, `7001 Authentication failed`. */
  readonly text: string;
  /** What it means, in a sentence (empty when the text says it all). */
  readonly meaning: string;
  /** What to do (or that there is nothing to do). */
  readonly advice: string;
}

export interface PageFact {
  readonly label: string;
  readonly value: string;
  /** An id, address or code: shown in the editor's monospace font. */
  readonly mono?: boolean;
}

export interface PageEvent {
  readonly state: DeliveryState;
  /** `Failed 7710`, `Queued 1001`. */
  readonly label: string;
  /** The code's meaning, or the report's own words for a code not in the table; empty when it would repeat the state. */
  readonly meaning: string;
  readonly time: string;
}

export interface PageRecipient {
  readonly destination: string;
  readonly state: DeliveryState;
  readonly events: readonly PageEvent[];
}

export interface PageBlock {
  readonly title: string;
  readonly text: string;
  /** Highlight as JSON. */
  readonly json: boolean;
  readonly note?: string;
}

export interface ResponsePage {
  /** The tab's title: `Image · sandbox · 10:02 AM`. */
  readonly title: string;
  readonly headline: PageHeadline;
  /** The synchronous answer, below the headline, when the headline is the delivery state: `1001 Queued`, `Accepted for delivery. …`. */
  readonly answer?: { readonly label: string; readonly text: string; readonly advice: string };
  readonly facts: readonly PageFact[];
  readonly delivery?: { readonly title: string; readonly note?: string; readonly recipients: readonly PageRecipient[] };
  readonly blocks: readonly PageBlock[];
}

/** How the page writes a time: `time` for a moment of the day, `dateTime` for the full date. */
export interface PageTimes {
  readonly time: (iso: string) => string;
  readonly dateTime: (iso: string) => string;
  readonly shortTime: (iso: string) => string;
}

/** Whether the body that was sent asked for delivery reports (a `notifyurl`). */
function askedForReports(sentBody: string | undefined): boolean {
  if (sentBody === undefined) return true;
  try {
    const value: unknown = JSON.parse(sentBody);
    return isObject(value) && typeof value.notifyurl === 'string' && value.notifyurl !== '';
  } catch {
    return true;
  }
}

function prettyJson(text: string): { text: string; json: boolean } {
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

/** The headline of a send the API queued: its delivery state now. */
function deliveryHeadline(entry: HistoryEntry): PageHeadline {
  const send = sendViewOf(entry);
  const state = sendState(send);
  const rows = recipientRows(send);
  const failed = rows.filter((r) => r.state === 'Failed');
  if (state.state === 'Failed') {
    const codes = [...new Set(failed.map((r) => r.event?.code ?? ''))];
    const advice = codes.map((c) => deliveryCodeInfo(c)?.advice).filter((a): a is string => a !== undefined);
    const only = failed.length === 1 && rows.length === 1 ? failed[0].event : undefined;
    return {
      tone: 'failed',
      text: state.short,
      meaning: only ? meaningOf(only.code, only.description) : codes.map((c) => `${c} ${meaningOf(c, failed.find((r) => r.event?.code === c)?.event?.description)}`.trim()).join(' · '),
      advice: advice.length > 0 ? advice.join(' ') : t('This code is not in the table of delivery codes; see the Webex Connect documentation.'),
    };
  }
  const text = state.short || stateName('Queued');
  switch (state.state) {
    case 'Read':
      return { tone: 'done', text, meaning: t('The customer opened the message.'), advice: t('Nothing to do.') };
    case 'Delivered':
      return { tone: 'done', text, meaning: t('The message reached the phone.'), advice: t('Nothing to do. Read follows when the customer opens it (never when they turned read receipts off).') };
    case 'Submitted':
      return { tone: 'waiting', text, meaning: t('WhatsApp accepted the message and is delivering it.'), advice: t('Nothing to do yet: this page follows the delivery reports as they arrive.') };
    default:
      if (!askedForReports('sentBody' in entry ? entry.sentBody : undefined)) {
        return {
          tone: 'stuck',
          text,
          meaning: t('Queued, and no delivery report will come: the payload had no "notifyurl".'),
          advice: t('To follow the delivery, start the delivery receiver ("Webex Connect: Start Delivery Receiver"), write "notifyurl": "{0}" in the payload and send again.', '{{notifyurl}}'),
        };
      }
      return {
        tone: 'waiting',
        text,
        meaning: t('Accepted for delivery; no delivery report has arrived yet.'),
        advice: t('Reports arrive at the payload\'s "notifyurl" while the delivery receiver runs; this page follows them.'),
      };
  }
}

function timelineOf(entry: HistoryEntry, times: PageTimes): PageRecipient[] {
  return recipientRows(sendViewOf(entry)).map((row) => ({
    destination: row.destination || t('(not named)'),
    state: row.state,
    events: [
      { state: 'Queued' as const, label: `${stateName('Queued')} ${entry.code}`, meaning: '', time: times.time(entry.at) },
      ...row.events.map((e) => {
        const meaning = meaningOf(e.code, e.description);
        return { state: e.state, label: `${stateName(e.state)} ${e.code}`.trim(), meaning: meaning === stateName(e.state) ? '' : meaning, time: times.time(e.timeStamp || e.receivedAt) };
      }),
    ],
  }));
}

function factsOf(entry: HistoryEntry, times: PageTimes): PageFact[] {
  const facts: PageFact[] = [
    { label: t('Message'), value: entry.recipients === 1 ? t('{0} to {1} recipient', entry.messageType, entry.recipients) : t('{0} to {1} recipients', entry.messageType, entry.recipients) },
    { label: t('File'), value: entry.file },
    { label: t('Environment'), value: entry.environment },
    { label: t('Sent'), value: times.dateTime(entry.at) },
    { label: t('Endpoint'), value: `POST ${entry.endpoint}`, mono: true },
    { label: t('HTTP status'), value: entry.httpStatus === undefined ? '—' : String(entry.httpStatus) },
    { label: t('Duration'), value: t('{0} ms', entry.durationMs) },
  ];
  if (entry.transid) facts.push({ label: 'transid', value: entry.transid, mono: true });
  return facts;
}

function blocksOf(entry: HistoryEntry): PageBlock[] {
  if ('report' in entry) return [{ title: t('Response as recorded'), text: entry.report, json: false, note: t('Recorded by an earlier version of the extension.') }];
  const blocks: PageBlock[] = [];
  if (entry.responseBody === undefined) blocks.push({ title: t('Response body'), text: '', json: false, note: t('No answer was received.') });
  else blocks.push({ title: t('Response body'), ...prettyJson(entry.responseBody || t('(empty)')) });
  blocks.push({ title: t('Payload as sent'), ...prettyJson(entry.sentBody), note: t('The key header is not shown.') });
  return blocks;
}

/** The response page of a send as it stands now (with the reports that have arrived). */
export function responsePage(entry: HistoryEntry, times: PageTimes): ResponsePage {
  const queued = wasQueued(entry);
  const advice = 'advice' in entry ? entry.advice : '';
  const answer = `${entry.code} ${entry.meaning}`;
  const title = [kindTitle(entry.messageType), 'environmentName' in entry && entry.environmentName ? entry.environmentName : entry.environment, times.shortTime(entry.at)].join(' · ');
  const rows = queued ? timelineOf(entry, times) : [];
  return {
    title,
    headline: queued ? deliveryHeadline(entry) : { tone: 'failed', text: 'headline' in entry ? entry.headline : answer, meaning: '', advice },
    ...(queued ? { answer: { label: t('The API answered'), text: 'headline' in entry ? entry.headline : answer, advice } } : {}),
    facts: factsOf(entry, times),
    ...(queued ? { delivery: { title: t('Delivery'), recipients: rows, ...(entry.timeline?.length ? {} : { note: t('No delivery report yet.') }) } } : {}),
    blocks: blocksOf(entry),
  };
}
