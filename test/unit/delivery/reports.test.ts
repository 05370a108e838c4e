/**
 * src/core/delivery/reports.ts: reading a report body, the x-hub-signature check (against the HMAC test
 * vectors of RFC 4231, not against itself), building a report body, and the table of delivery codes
 * (meanings written here from the reference, not read from the code).
 */
import * as assert from 'node:assert';
import {
  deliveryCodeInfo,
  deliveryReportBody,
  readDeliveryReport,
  signDeliveryReport,
  signatureMatches,
  type DeliveryReport,
} from '../../../src/core/delivery/reports';

/** The reference's example report, verbatim apart from the transid. */
const REFERENCE = `{"deliveryInfoNotification":{"deliveryInfo":{"deliveryChannel":"whatsapp","Description":"Delivered",
 "destinationType":"waid","timeStamp":"2019-03-04T09:49:21.157Z","code":"7500","additionalInfo":"",
 "deliveryStatus":"Delivered","destination":"9199xxxxxxxx","identityKeyHash":"…"},
 "subtid":"","correlationid":"","callbackData":"","transid":"0b6c1e0e-2d4f-4f55-9d0c-7c7f3a0e5b21"}}`;

function read(body: string): DeliveryReport {
  const r = readDeliveryReport(body);
  if ('error' in r) assert.fail(`expected a report, got: ${r.error}`);
  return r.report;
}

function readError(body: string): string {
  const r = readDeliveryReport(body);
  if (!('error' in r)) assert.fail(`expected an error, got a report for ${r.report.transid}`);
  return r.error;
}

const envelope = (info: Record<string, unknown>, rest: Record<string, unknown> = { transid: 't-1' }) =>
  JSON.stringify({ deliveryInfoNotification: { deliveryInfo: info, ...rest } });

describe('delivery reports: reading', () => {
  it('reads the reference example', () => {
    assert.deepStrictEqual(read(REFERENCE), {
      transid: '0b6c1e0e-2d4f-4f55-9d0c-7c7f3a0e5b21',
      destination: '9199xxxxxxxx',
      state: 'Delivered',
      code: '7500',
      description: 'Delivered',
      timeStamp: '2019-03-04T09:49:21.157Z',
      additionalInfo: '',
      correlationid: '',
      callbackData: '',
    });
  });

  it('takes numbers where strings are expected (code, transid, destination)', () => {
    const r = read(envelope({ code: 7701, deliveryStatus: 'Failed', destination: 16505551234 }, { transid: 1234567 }));
    assert.strictEqual(r.code, '7701');
    assert.strictEqual(r.transid, '1234567');
    assert.strictEqual(r.destination, '16505551234');
    assert.strictEqual(r.state, 'Failed');
  });

  it('keeps an unknown status as rawStatus and derives the state from a success code', () => {
    const delivered = read(envelope({ code: '7500', deliveryStatus: 'DELIVRD' }));
    assert.strictEqual(delivered.state, 'Delivered');
    assert.strictEqual(delivered.rawStatus, 'DELIVRD');
    const read7502 = read(envelope({ code: '7502', deliveryStatus: 'Seen' }));
    assert.strictEqual(read7502.state, 'Read');
  });

  it('takes an unknown status with a failure code as Failed', () => {
    const r = read(envelope({ code: '7865', deliveryStatus: 'Undeliverable' }));
    assert.strictEqual(r.state, 'Failed');
    assert.strictEqual(r.rawStatus, 'Undeliverable');
  });

  it('takes a code named like an object member ("constructor", "__proto__") as a failure, not as that member', () => {
    for (const code of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = read(envelope({ code, deliveryStatus: 'Weird' }));
      assert.strictEqual(r.state, 'Failed', code);
      assert.strictEqual(r.code, code);
    }
  });

  it('takes a known status over the code, and has no rawStatus then', () => {
    const r = read(envelope({ code: '7501', deliveryStatus: 'Submitted' }));
    assert.strictEqual(r.state, 'Submitted');
    assert.ok(!('rawStatus' in r));
  });

  it('reads a status without a code, and a code without a status', () => {
    assert.strictEqual(read(envelope({ deliveryStatus: 'Read' })).state, 'Read');
    assert.strictEqual(read(envelope({ code: '7501' })).state, 'Submitted');
  });

  it('reads a lower-case "description" when "Description" is missing', () => {
    assert.strictEqual(read(envelope({ code: '7710', deliveryStatus: 'Failed', description: 'Re-engagement' })).description, 'Re-engagement');
  });

  it('keeps fields of the wrong type out (objects become empty strings)', () => {
    const r = read(envelope({ code: '7500', deliveryStatus: 'Delivered', destination: { $gt: '' }, Description: ['<b>x</b>'] }, { transid: 't', correlationid: { a: 1 } }));
    assert.strictEqual(r.destination, '');
    assert.strictEqual(r.description, '');
    assert.strictEqual(r.correlationid, '');
  });

  it('says what is wrong with a body that is not a report', () => {
    assert.strictEqual(readError('{'), 'The body is not JSON.');
    assert.strictEqual(readError(''), 'The body is not JSON.');
    assert.strictEqual(readError('[]'), 'The body has no "deliveryInfoNotification" object.');
    assert.strictEqual(readError('null'), 'The body has no "deliveryInfoNotification" object.');
    assert.strictEqual(readError('{"deliveryInfoNotification":"x"}'), 'The body has no "deliveryInfoNotification" object.');
    assert.strictEqual(readError('{"deliveryInfoNotification":{"transid":"t"}}'), 'The report has no "deliveryInfo" object.');
    assert.strictEqual(readError(envelope({ code: '7500' }, {})), 'The report has no "transid".');
    assert.strictEqual(readError(envelope({ code: '7500' }, { transid: '' })), 'The report has no "transid".');
    assert.strictEqual(readError(envelope({ code: '7500' }, { transid: null })), 'The report has no "transid".');
    assert.strictEqual(readError(envelope({ destination: '1' })), 'The report has neither a "code" nor a "deliveryStatus".');
  });
});

describe('delivery reports: building a body', () => {
  it('builds the reference shape, which reads back as given', () => {
    const body = deliveryReportBody({ transid: 't-9', destination: '16505551234', state: 'Failed', code: '7710', correlationid: 'c-1', callbackData: 'cb', timeStamp: '2026-11-25T10:00:00.000Z' });
    const parsed = JSON.parse(body) as { deliveryInfoNotification: { deliveryInfo: Record<string, string>; transid: string; subtid: string } };
    assert.deepStrictEqual(Object.keys(parsed.deliveryInfoNotification).sort(), ['callbackData', 'correlationid', 'deliveryInfo', 'subtid', 'transid']);
    assert.strictEqual(parsed.deliveryInfoNotification.deliveryInfo.deliveryChannel, 'whatsapp');
    assert.strictEqual(parsed.deliveryInfoNotification.deliveryInfo.deliveryStatus, 'Failed');
    assert.deepStrictEqual(read(body), {
      transid: 't-9',
      destination: '16505551234',
      state: 'Failed',
      code: '7710',
      description: 'Outside the 24-hour window',
      timeStamp: '2026-11-25T10:00:00.000Z',
      additionalInfo: '',
      correlationid: 'c-1',
      callbackData: 'cb',
    });
  });

  it('stamps the time when none is given', () => {
    const before = Date.now();
    const r = read(deliveryReportBody({ transid: 't', destination: 'd', state: 'Delivered', code: '7500' }));
    assert.ok(Date.parse(r.timeStamp) >= before && Date.parse(r.timeStamp) <= Date.now());
  });
});

describe('delivery reports: x-hub-signature', () => {
  // RFC 4231, test case 2.
  const key = 'Jefe';
  const data = 'what do ya want for nothing?';
  const sha256 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
  const sha512 = '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737';

  it('signs with the RFC 4231 results', () => {
    assert.strictEqual(signDeliveryReport(data, key), `sha256=${sha256}`);
    assert.strictEqual(signDeliveryReport(data, key, 'sha512'), `sha512=${sha512}`);
    assert.strictEqual(signDeliveryReport(Buffer.from(data), key, 'sha256'), `sha256=${sha256}`);
  });

  it('accepts prefixed, bare, upper-case, base64 and padded-with-spaces digests', () => {
    for (const header of [
      `sha256=${sha256}`,
      `sha512=${sha512}`,
      sha256,
      sha512,
      `SHA256=${sha256.toUpperCase()}`,
      `sha256=${Buffer.from(sha256, 'hex').toString('base64')}`,
      Buffer.from(sha512, 'hex').toString('base64'),
      `  sha256=${sha256} `,
    ]) {
      assert.ok(signatureMatches(data, header, key), header);
      assert.ok(signatureMatches(Buffer.from(data), header, key), `${header} (Buffer)`);
    }
  });

  it('refuses the wrong secret, another body, a wrong or cut digest, a missing header or secret', () => {
    assert.ok(!signatureMatches(data, `sha256=${sha256}`, 'jefe'));
    assert.ok(!signatureMatches(`${data} `, `sha256=${sha256}`, key));
    assert.ok(!signatureMatches(data, `sha512=${sha256}`, key));
    assert.ok(!signatureMatches(data, `sha256=${sha256.slice(0, 62)}`, key));
    assert.ok(!signatureMatches(data, `sha1=${sha256}`, key));
    assert.ok(!signatureMatches(data, `sha256=${sha256}${sha256}`, key));
    assert.ok(!signatureMatches(data, undefined, key));
    assert.ok(!signatureMatches(data, '', key));
    assert.ok(!signatureMatches(data, 'sha256=', key));
    assert.ok(!signatureMatches(data, `sha256=${sha256}`, ''));
  });
});

describe('delivery codes', () => {
  // From the reference's list of delivery codes (shared/reference/webex-connect-whatsapp.md).
  const expected: Record<string, { meaning: string; media: boolean; advice: RegExp }> = {
    '7500': { meaning: 'Delivered', media: false, advice: /reached the phone/ },
    '7501': { meaning: 'Submitted', media: false, advice: /accepted/ },
    '7502': { meaning: 'Read', media: false, advice: /read receipts/ },
    '7701': { meaning: 'Media download error', media: true, advice: /Check Media URLs/ },
    '7714': { meaning: 'Message too long', media: false, advice: /4096/ },
    '7727': { meaning: 'Media not found', media: true, advice: /Check Media URLs/ },
    '7861': { meaning: 'Unsupported MIME type', media: true, advice: /Content-Type.*Check Media URLs/ },
    '7706': { meaning: 'Rate limit reached', media: false, advice: /Wait/ },
    '7710': { meaning: 'Outside the 24-hour window', media: false, advice: /send a template/ },
    '7715': { meaning: 'Invalid recipient type', media: false, advice: /destination/ },
    '7721': { meaning: 'Required parameter missing', media: false, advice: /template/ },
    '7722': { meaning: 'Invalid parameter value', media: false, advice: /template/ },
    '7733': { meaning: 'Sender equals recipient', media: false, advice: /another destination/ },
    '7865': { meaning: 'Not on WhatsApp', media: false, advice: /not registered on WhatsApp/ },
    '7737': { meaning: 'Invalid WhatsApp destination', media: false, advice: /format/ },
  };

  it('knows exactly the reference\'s codes', () => {
    const explained = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0')).filter((code) => deliveryCodeInfo(code) !== undefined);
    assert.deepStrictEqual(explained, Object.keys(expected).sort());
  });

  for (const [code, want] of Object.entries(expected)) {
    it(`explains ${code}: ${want.meaning}`, () => {
      const info = deliveryCodeInfo(code);
      assert.ok(info, code);
      assert.strictEqual(info.meaning, want.meaning);
      assert.strictEqual(info.media === true, want.media);
      assert.match(info.advice, want.advice);
    });
  }

  it('knows nothing of other codes', () => {
    for (const code of ['1001', '7000', '7108', '', '75000', ' 7500']) assert.strictEqual(deliveryCodeInfo(code), undefined, code);
  });
});
