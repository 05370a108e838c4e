/** The lines `wxc send --follow` prints for reports and the customer's events: every shape, hostile text escaped, one line each. */
import * as assert from 'node:assert';
import { eventLine, reportLine } from '../../../src/cli/followLines';
import { deliveryReportOf, deliveryReportBody } from '../../../src/core/delivery/reports';
import { moEventBody, postbackEventBody } from '../../../src/core/inbound/bodies';
import { readInboundEvent } from '../../../src/core/inbound/events';

const AT = '2026-12-03T10:11:12.000Z';
const HOSTILE = 'a\u001b]0;x\u0007\r\n\u202eb\u009b';
const SHOWN = 'a\\x1b]0;x\\x07\\x0d\\x0a\\u202eb\\x9b';
// eslint-disable-next-line no-control-regex -- looking for them is the point
const RAW = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const origin = { waid: '15550001234', appId: 'app', at: AT };
const event = (body: Record<string, unknown>) => readInboundEvent(body, AT);
const report = (fields: Parameters<typeof deliveryReportBody>[0]) => {
  const read = deliveryReportOf(JSON.parse(deliveryReportBody(fields)));
  assert.ok('report' in read);
  return read.report;
};

describe('wxc send --follow: what it prints', () => {
  it('a report: time, recipient, state and code; a failure with its meaning, advice and WhatsApp\'s words, escaped', () => {
    assert.strictEqual(reportLine(report({ transid: 't', destination: '15550001234', state: 'Delivered', code: '7500' }), AT), '10:11:12Z 15550001234: Delivered (7500)');
    const failed = reportLine(report({ transid: 't', destination: '15550001234', state: 'Failed', code: '7710', additionalInfo: HOSTILE }), AT);
    assert.ok(failed.startsWith('10:11:12Z 15550001234: Failed (7710) — Outside the 24-hour window. The customer has not written'), failed);
    assert.ok(failed.endsWith(`— WhatsApp says: "${SHOWN}"`), failed);
    const unknown = reportLine(report({ transid: 't', destination: `1555\u001b[2K`, state: 'Failed', code: '9999', description: HOSTILE }), AT);
    assert.strictEqual(unknown, `10:11:12Z 1555\\x1b[2K: Failed (9999) — ${SHOWN}`);
  });

  it('what the customer wrote and shared: text, media as links, a location, contacts; hostile text escaped on one line', () => {
    const line = eventLine(
      event(
        moEventBody(origin, {
          text: HOSTILE,
          attachments: [{ mimeType: 'image/jpeg', url: 'https://cdn.example.com/p.jpg', caption: HOSTILE }],
          location: { latitude: 52.37, longitude: 4.89, name: 'Dam' },
          contacts: [{ name: 'Ana', phones: ['+31 6 1234'], emails: ['ana@example.com'] }],
        }),
      ),
    );
    assert.ok(!RAW.test(line), line);
    assert.strictEqual(
      line,
      `10:11:12Z 15550001234 wrote: "${SHOWN}"; image/jpeg at https://cdn.example.com/p.jpg "${SHOWN}"; a location: 52.37, 4.89 "Dam"; a contact: "Ana" (+31 6 1234, ana@example.com)`,
    );
  });

  it('a tap: the title and id, escaped', () => {
    const line = eventLine(event(postbackEventBody(origin, { transid: 'tx', buttonPayload: 'id\u202e', buttonText: 'Confirm\u001b[1A' })));
    assert.strictEqual(line, '10:11:12Z 15550001234 tapped "Confirm\\x1b[1A" (id "id\\u202e")');
  });

  it('an event of another kind: its fields as escaped text; notes on what could not be read', () => {
    const line = eventLine(event({ event: 'typing\u0007', waid: '15550001234', state: HOSTILE }));
    assert.ok(!RAW.test(line), line);
    assert.match(line, /^10:11:12Z 15550001234 sent an event "typing\\x07": /);
    assert.ok(line.includes(`state="${SHOWN}"`), line);
    const noted = eventLine(event({ ...moEventBody(origin, { text: 'hi' }), location: '{not json' }));
    assert.match(noted, /wrote: "hi" \(.+\)$/);
  });
});
