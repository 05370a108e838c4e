/** The report of a send (src/core/send/report). */
import * as assert from 'node:assert';
import { buildReport } from '../../../src/core/send/report';

describe('reports', () => {
  it('writes a report with the code, transid, body and the payload as sent, fenced safely', () => {
    const report = buildReport({
      id: 'r-1',
      environment: 'dev (eu)',
      endpoint: 'https://api.eu.webexconnect.io/resources/v1/messaging',
      file: 'a.wa.json',
      at: '2026-11-25T10:00:00.000Z',
      durationMs: 12,
      messageType: 'image',
      recipients: 1,
      code: '1001',
      meaning: 'Queued',
      headline: '1001 Queued',
      success: true,
      httpStatus: 202,
      transid: 't-9',
      advice: 'Accepted.',
      responseBody: '{"x":"```"}',
      sentBody: '{"a":1}',
    });
    assert.match(report, /^# ✔ 1001 Queued/);
    assert.match(report, /\| transid \| `t-9` \|/);
    assert.match(report, /````json\n\{"x":"```"\}\n````/);
    assert.match(report, /"a": 1/);
  });
});
