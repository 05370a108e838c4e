/** A send's response page as data (src/core/send/responsePage): the truth first, then the answer, the timeline and the JSON. */
import * as assert from 'node:assert';
import { DeliveryReport } from '../../../src/core/delivery/reports';
import { mergeReport } from '../../../src/core/delivery/timeline';
import { HistoryEntry } from '../../../src/core/send/history';
import { SendRecord } from '../../../src/core/send/record';
import { responsePage } from '../../../src/core/send/responsePage';
import { AS_STORED } from '../helpers/page';

function report(over: Partial<DeliveryReport> & Pick<DeliveryReport, 'state' | 'code'>): DeliveryReport {
  return { transid: 't-1', destination: '15550007710', description: '', timeStamp: '', additionalInfo: '', correlationid: '', callbackData: '', ...over };
}

const record: SendRecord = {
  id: 'r-1',
  at: '2026-12-03T10:02:26.000Z',
  file: 'samples/image.wa.jsonc',
  environment: 'sandbox (127.0.0.1:3210)',
  environmentName: 'sandbox',
  endpoint: 'http://127.0.0.1:3210/resources/v1/messaging',
  messageType: 'image',
  recipients: 1,
  durationMs: 12,
  httpStatus: 202,
  code: '1001',
  meaning: 'Queued',
  headline: '1001 Queued',
  success: true,
  transid: 't-1',
  advice: 'Accepted for delivery. Delivery reports (7500 Delivered, 7502 Read, …) arrive later on the notifyurl.',
  responseBody: '{"response":[{"code":"1001","transid":"t-1","description":"Queued"}]}',
  sentBody: '{"notifyurl":"http://127.0.0.1:9/x/sandbox","destination":[{"waid":["15550007710"]}]}',
};

/** The record with these reports merged in, in order. */
function withReports(...reports: DeliveryReport[]): HistoryEntry {
  let timeline = undefined as ReturnType<typeof mergeReport> | undefined;
  reports.forEach((r, i) => (timeline = mergeReport(timeline, r, `2026-12-03T10:02:3${i}.000Z`)));
  return { ...record, timeline };
}

describe('the response page', () => {
  it('after a 7710 failure, leads with Failed 7710, its meaning and "send a template"; the 1001 answer comes below', () => {
    const page = responsePage(withReports(report({ state: 'Failed', code: '7710', timeStamp: '2026-12-03T10:02:28.000Z' })), AS_STORED);
    assert.deepStrictEqual(
      [page.headline.tone, page.headline.text, page.headline.meaning],
      ['failed', 'Failed 7710', 'Outside the 24-hour window'],
    );
    assert.match(page.headline.advice, /only a template message can reach them: send a template\.$/);
    assert.deepStrictEqual(page.answer, { label: 'The API answered', text: '1001 Queued', advice: record.advice });
  });

  it('Read: nothing to do; Delivered: nothing to do yet Read may follow; Submitted: on its way', () => {
    const submitted = report({ state: 'Submitted', code: '7501', timeStamp: '2026-12-03T10:02:27.000Z' });
    const delivered = report({ state: 'Delivered', code: '7500', timeStamp: '2026-12-03T10:02:28.000Z' });
    const read = report({ state: 'Read', code: '7502', timeStamp: '2026-12-03T10:02:29.000Z' });
    const head = (e: HistoryEntry) => responsePage(e, AS_STORED).headline;
    assert.deepStrictEqual(head(withReports(submitted, delivered, read)), { tone: 'done', text: 'Read', meaning: 'The customer opened the message.', advice: 'Nothing to do.' });
    assert.deepStrictEqual([head(withReports(submitted, delivered)).tone, head(withReports(submitted, delivered)).text], ['done', 'Delivered']);
    assert.match(head(withReports(submitted, delivered)).advice, /^Nothing to do\. Read follows/);
    assert.deepStrictEqual([head(withReports(submitted)).tone, head(withReports(submitted)).text], ['waiting', 'Submitted']);
  });

  it('Queued with a notifyurl waits for reports; without one it says that none will come and how to get them', () => {
    const waiting = responsePage(record, AS_STORED).headline;
    assert.deepStrictEqual([waiting.tone, waiting.text], ['waiting', 'Queued']);
    assert.match(waiting.meaning, /no delivery report has arrived yet/);
    const stuck = responsePage({ ...record, sentBody: '{"destination":[{"waid":["15550007710"]}]}' }, AS_STORED).headline;
    assert.deepStrictEqual([stuck.tone, stuck.text], ['stuck', 'Queued']);
    assert.strictEqual(stuck.meaning, 'Queued, and no delivery report will come: the payload had no "notifyurl".');
    assert.match(stuck.advice, /Start Delivery Receiver.*"notifyurl": "\{\{notifyurl\}\}" in the payload and send again/);
  });

  it('a send the API refused leads with its answer and what to do, with no delivery section', () => {
    const page = responsePage({ ...record, success: false, code: '7001', meaning: 'Authentication failed', headline: '7001 Authentication failed', advice: 'Enter the key again.', transid: undefined }, AS_STORED);
    assert.deepStrictEqual(page.headline, { tone: 'failed', text: '7001 Authentication failed', meaning: '', advice: 'Enter the key again.' });
    assert.strictEqual(page.answer, undefined);
    assert.strictEqual(page.delivery, undefined);
  });

  it('several recipients: the counts first, each failure\'s meaning and advice, each recipient\'s own timeline', () => {
    const two = { ...record, recipients: 2, sentBody: '{"notifyurl":"x","destination":[{"waid":["15550002001","15550007710"]}]}' };
    let timeline = mergeReport(undefined, report({ destination: '15550002001', state: 'Read', code: '7502', timeStamp: '2026-12-03T10:02:29.000Z' }), '2026-12-03T10:02:30.000Z');
    timeline = mergeReport(timeline, report({ state: 'Failed', code: '7710', timeStamp: '2026-12-03T10:02:28.000Z' }), '2026-12-03T10:02:31.000Z');
    const page = responsePage({ ...two, timeline }, AS_STORED);
    assert.deepStrictEqual([page.headline.text, page.headline.meaning], ['1 Failed · 1 Read', '7710 Outside the 24-hour window']);
    assert.match(page.headline.advice, /send a template/);
    assert.deepStrictEqual(
      page.delivery?.recipients.map((r) => [r.destination, r.state, r.events.map((e) => e.label)]),
      [
        ['15550002001', 'Read', ['Queued 1001', 'Read 7502']],
        ['15550007710', 'Failed', ['Queued 1001', 'Failed 7710']],
      ],
    );
  });

  it('a report\'s own words stay its words (a code the table does not know), as data for the page to show as text', () => {
    const hostile = '<img src=x onerror=alert(1)> [x](command:wxc.send) `code`';
    const page = responsePage(withReports(report({ state: 'Failed', code: '9999', description: hostile, timeStamp: '2026-12-03T10:02:28.000Z' })), AS_STORED);
    assert.deepStrictEqual([page.headline.text, page.headline.meaning], ['Failed 9999', hostile]);
    assert.match(page.headline.advice, /not in the table of delivery codes/);
    assert.deepStrictEqual(page.delivery?.recipients[0].events[1], { state: 'Failed', label: 'Failed 9999', meaning: hostile, time: 'time(2026-12-03T10:02:28.000Z)' });
  });

  it('a title a person reads: the kind, the environment\'s name and the time', () => {
    assert.strictEqual(responsePage(record, AS_STORED).title, 'Image · sandbox · short(2026-12-03T10:02:26.000Z)');
    assert.strictEqual(responsePage({ ...record, messageType: 'template 602076559564625 (spring_offer)' }, AS_STORED).title, 'Template · sandbox · short(2026-12-03T10:02:26.000Z)');
    // Stored before the environment's name was kept: its label.
    const { environmentName: _name, ...older } = record;
    void _name;
    assert.strictEqual(responsePage(older, AS_STORED).title, 'Image · sandbox (127.0.0.1:3210) · short(2026-12-03T10:02:26.000Z)');
  });

  it('every time goes through the editor\'s formatter (local time), the report\'s timeStamp before the time it arrived', () => {
    const page = responsePage(
      withReports(report({ state: 'Submitted', code: '7501', timeStamp: '2026-12-03T10:02:27.000Z' }), report({ state: 'Delivered', code: '7500', timeStamp: '' })),
      AS_STORED,
    );
    assert.deepStrictEqual(page.facts.find((f) => f.label === 'Sent')?.value, 'dateTime(2026-12-03T10:02:26.000Z)');
    assert.deepStrictEqual(
      page.delivery?.recipients[0].events.map((e) => e.time),
      ['time(2026-12-03T10:02:26.000Z)', 'time(2026-12-03T10:02:27.000Z)', 'time(2026-12-03T10:02:31.000Z)'],
    );
    const raw = JSON.stringify(page).replace(/(time|dateTime|short)\(2026-12-03T[\d:.]+Z\)/g, '');
    assert.ok(!/\d{4}-\d\d-\d\dT\d\d:\d\d/.test(raw), `no raw time left: ${raw}`);
  });

  it('a step does not repeat its state (Submitted 7501, not "Submitted 7501 Submitted")', () => {
    const page = responsePage(withReports(report({ state: 'Submitted', code: '7501', timeStamp: '2026-12-03T10:02:27.000Z' })), AS_STORED);
    assert.deepStrictEqual(
      page.delivery?.recipients[0].events.map((e) => [e.label, e.meaning]),
      [
        ['Queued 1001', ''],
        ['Submitted 7501', ''],
      ],
    );
  });

  it('the answer and the payload as sent are JSON, pretty-printed; an answer that is not JSON is shown as it came', () => {
    const page = responsePage(record, AS_STORED);
    assert.deepStrictEqual(page.blocks[0], { title: 'Response body', text: JSON.stringify(JSON.parse(record.responseBody!), null, 2), json: true });
    assert.deepStrictEqual(page.blocks[1], { title: 'Payload as sent', text: JSON.stringify(JSON.parse(record.sentBody), null, 2), json: true, note: 'The key header is not shown.' });
    const html = responsePage({ ...record, success: false, responseBody: '<html>Server Error</html>' }, AS_STORED);
    assert.deepStrictEqual(html.blocks[0], { title: 'Response body', text: '<html>Server Error</html>', json: false });
    assert.strictEqual(responsePage(record, AS_STORED).delivery?.note, 'No delivery report yet.');
  });
});
