/** What a send's answer means: decideSend for every kind of answer, expectations written out by hand. */
import * as assert from 'node:assert';
import { FailureKind, PostResult } from '../../../src/core/send/http';
import { HistoryEntry, addToHistory, readHistory } from '../../../src/core/send/history';
import { ResponsePage, responsePage } from '../../../src/core/send/responsePage';
import { interpretAnswer } from '../../../src/core/send/responses';
import { SendContext, SendDecision, decideSend } from '../../../src/core/send/decision';
import { AS_STORED } from '../helpers/page';

const KEY = 'svc-key-Zq81-never-shown';
const message = { body: '{"appid":"app-1","destination":[{"waid":["447700900123"]}]}', messageType: 'image', recipients: 1 };
const context: SendContext = {
  id: 'r-1',
  environment: 'dev (eu)',
  environmentName: 'dev',
  endpoint: new URL('https://api.eu.webexconnect.io/resources/v1/messaging'),
  file: 'orders/a.wa.json',
  at: '2026-11-25T10:00:00.000Z',
  secrets: [KEY],
};

/** An answer as the HTTP client returns it. */
function answered(httpStatus: number, bodyText: string, contentType = 'application/json'): PostResult {
  return { ok: true, httpStatus, durationMs: 40, bodyText, answer: interpretAnswer(httpStatus, bodyText, contentType) };
}

function failed(kind: FailureKind, text: string, mayHaveBeenSent: boolean, httpStatus?: number): PostResult {
  return { ok: false, kind, message: text, durationMs: 900, mayHaveBeenSent, httpStatus };
}

/** The response page of a send, built from the record the history keeps. */
function shown(d: SendDecision): ResponsePage {
  return responsePage(d.record, AS_STORED);
}

describe('what a send\'s answer means', () => {
  it('1001: queued, with the transid, a short notification and a full record', () => {
    const d = decideSend(answered(202, '{"response":[{"code":"1001","transid":"t-1","description":"Queued"}]}'), message, context);
    const advice = 'Accepted for delivery. Delivery reports (7500 Delivered, 7502 Read, …) arrive later on the notifyurl.';
    assert.deepStrictEqual(
      { ...d, record: undefined },
      {
        outcome: 'queued',
        success: true,
        code: '1001',
        apiCode: '1001',
        meaning: 'Queued',
        advice,
        headline: '1001 Queued',
        transid: 't-1',
        message: `1001 Queued. ${advice}`,
        notification: 'Queued (1001) with dev (eu). transid t-1',
        keyProblem: false,
        record: undefined,
        logLine: 'orders/a.wa.json with dev (eu): 1001 Queued transid=t-1 (40 ms, HTTP 202)',
      },
    );
    assert.deepStrictEqual(d.record, {
      id: 'r-1',
      at: '2026-11-25T10:00:00.000Z',
      file: 'orders/a.wa.json',
      environment: 'dev (eu)',
      environmentName: 'dev',
      endpoint: 'https://api.eu.webexconnect.io/resources/v1/messaging',
      messageType: 'image',
      recipients: 1,
      durationMs: 40,
      httpStatus: 202,
      code: '1001',
      meaning: 'Queued',
      headline: '1001 Queued',
      success: true,
      transid: 't-1',
      advice,
      responseBody: '{\n  "response": [\n    {\n      "code": "1001",\n      "transid": "t-1",\n      "description": "Queued"\n    }\n  ]\n}',
      sentBody: message.body,
    });
    const page = shown(d);
    // The headline is where the send is now (no report yet, and none asked for); the API's answer is below it.
    assert.deepStrictEqual([page.headline.tone, page.headline.text], ['stuck', 'Queued']);
    assert.deepStrictEqual(page.answer, { label: 'The API answered', text: '1001 Queued', advice });
    assert.deepStrictEqual(page.facts.find((f) => f.label === 'transid'), { label: 'transid', value: 't-1', mono: true });
    assert.deepStrictEqual(page.facts.find((f) => f.label === 'Message')?.value, 'image to 1 recipient');
    assert.deepStrictEqual(page.facts.find((f) => f.label === 'File')?.value, 'orders/a.wa.json');
  });

  it('1001 "Queued in burst mode" is queued like any 1001', () => {
    const d = decideSend(answered(200, '{"response":[{"code":"1001","transid":"t-b","description":"Queued in burst mode"}]}'), message, context);
    assert.deepStrictEqual([d.outcome, d.success, d.code, d.headline, d.transid, d.notification], ['queued', true, '1001', '1001 Queued', 't-b', 'Queued (1001) with dev (eu). transid t-b']);
    assert.ok(d.record.responseBody?.includes('Queued in burst mode'));
  });

  it('each 7xxx error: rejected, with its meaning and what to do', () => {
    const setKey = '"Webex Connect: Set Service Key…"';
    const cases: [string, string, string][] = [
      ['7000', 'Invalid JSON', 'The API could not read the body as JSON. Check the payload for syntax errors.'],
      ['7001', 'Authentication failed', `The service key was refused. Enter the key from the service's API tab again with ${setKey}.`],
      ['7002', 'Service key missing', `No service key reached the API. Set one with ${setKey}.`],
      ['7003', 'Mandatory parameters missing', 'A mandatory field is missing: deliverychannel, appid, destination, the message (channels.OTT-Messaging.wa, or message for a template), or a parameter the template needs. The response body names it.'],
      ['7004', 'Invalid parameters or values', 'A field has a value the API does not accept. Check the fields the editor underlines.'],
      ['7005', 'Request expired', 'The request (or its JWT) expired. Send again.'],
      ['7006', 'Internal error', 'Webex Connect failed internally. Try again later; if it persists, contact Webex Connect support with the transid.'],
      ['7007', 'Service inactive', "The service behind this key is inactive. Activate it in Webex Connect, or use another service's key."],
      ['7009', 'More than 1000 destinations', 'Split the recipients into requests of at most 1000 destinations.'],
      ['7020', 'Maximum transaction limit reached', 'The service has reached its transaction limit. Wait, or ask for a higher limit.'],
      ['7104', 'Invalid app id', 'The appid is not a WhatsApp app of this tenant. Check the WAAppid variable of the environment (setting wxc.environments).'],
      ['7108', 'Invalid template id', 'The template id in "message.template" is not an approved template of this app: check it in Webex Connect (Tools → Templates). Describe your templates in the setting wxc.templates to have them checked as you type.'],
      ['7200', 'Unknown status', "The API gave no definite status. Check the message's delivery report before sending again."],
    ];
    for (const [code, meaning, advice] of cases) {
      const d = decideSend(answered(400, `{"response":{"code":"${code}","description":"from the API","transid":"t-${code}"}}`), message, context);
      const headline = `${code} ${meaning}`;
      assert.deepStrictEqual(
        [d.outcome, d.success, d.code, d.apiCode, d.meaning, d.advice, d.headline, d.transid, d.message, d.notification, d.keyProblem],
        ['rejected', false, code, code, meaning, advice, headline, `t-${code}`, `${headline}. ${advice}`, `${headline}. ${advice}`, code === '7001' || code === '7002'],
        code,
      );
      assert.deepStrictEqual([d.record.code, d.record.meaning, d.record.success, d.record.httpStatus], [code, meaning, false, 400], code);
      assert.deepStrictEqual([shown(d).headline.tone, shown(d).headline.text, shown(d).headline.advice, shown(d).answer], ['failed', headline, advice, undefined], code);
    }
  });

  it('an unknown code: the API\'s own description, and where to look it up', () => {
    const d = decideSend(answered(400, '{"response":{"code":"7999","description":"Something new"}}'), message, context);
    assert.deepStrictEqual(
      [d.outcome, d.code, d.headline, d.message],
      ['rejected', '7999', '7999 Something new', '7999 Something new. See the channel-specific status codes in the Webex Connect documentation.'],
    );
  });

  it('an HTTP status without a code, an HTML error page and a body that is not JSON: unreadable, named by the status', () => {
    const elsewhere = 'This does not look like the Webex Connect Messaging API. Check the region or baseUrl of the environment (setting wxc.environments).';
    const failedServer = 'The server failed. The message was probably not accepted; check the endpoint (setting wxc.environments) and try again later.';
    const cases: [PostResult, string, string, string][] = [
      [answered(200, '{"status":"ok"}'), 'HTTP 200', 'HTTP 200 with JSON without a response code', elsewhere],
      [answered(404, '{}'), 'HTTP 404', 'HTTP 404 with JSON without a response code', elsewhere],
      [answered(500, '<html>Server Error</html>', 'text/html'), 'HTTP 500', 'HTTP 500 with an HTML page', failedServer],
      [answered(200, 'OK', 'text/plain'), 'HTTP 200', 'HTTP 200 with a body that is not JSON', elsewhere],
    ];
    for (const [result, code, meaning, advice] of cases) {
      const d = decideSend(result, message, context);
      assert.deepStrictEqual(
        [d.outcome, d.success, d.code, d.apiCode, d.meaning, d.headline, d.advice, d.message, d.notification, d.keyProblem, d.transid],
        ['unreadable', false, code, undefined, meaning, meaning, advice, `${meaning}. ${advice}`, `${meaning}. ${advice}`, false, undefined],
        meaning,
      );
      assert.deepStrictEqual([shown(d).headline.tone, shown(d).headline.text, shown(d).headline.advice], ['failed', meaning, advice], meaning);
    }
    const html = decideSend(cases[2][0], message, context);
    assert.strictEqual(html.logLine, 'orders/a.wa.json with dev (eu): HTTP 500 with an HTML page (40 ms, HTTP 500)');
    assert.strictEqual(html.record.responseBody, '<html>Server Error</html>');
  });

  it('each network failure: its title as the headline, the client\'s explanation as the advice, no answer', () => {
    const cases: [FailureKind, string, string, boolean, number | undefined][] = [
      ['refused', 'Connection refused', 'api.eu.webexconnect.io refused the connection (ECONNREFUSED): nothing listens there. Check the region.', false, undefined],
      ['dns', 'Host not found', 'The host api.eu.webexconnect.io could not be found (ENOTFOUND).', false, undefined],
      ['tls', 'TLS certificate not accepted', 'The TLS certificate of api.eu.webexconnect.io was not accepted (CERT_HAS_EXPIRED).', false, undefined],
      ['timeout', 'Timed out', 'No answer from api.eu.webexconnect.io within 30 s. The message may still have been accepted.', true, undefined],
      ['reset', 'Connection reset', 'api.eu.webexconnect.io closed the connection before answering (ECONNRESET).', true, undefined],
      ['redirect', 'Redirect not followed', 'api.eu.webexconnect.io answered HTTP 307, a redirect to https://elsewhere.example/. Redirects are not followed.', false, 307],
      ['network', 'Network error', 'The request to api.eu.webexconnect.io failed (EHOSTUNREACH): no route', true, undefined],
    ];
    for (const [kind, title, text, mayHaveBeenSent, httpStatus] of cases) {
      const d = decideSend(failed(kind, text, mayHaveBeenSent, httpStatus), message, context);
      assert.deepStrictEqual(
        [d.outcome, d.success, d.code, d.apiCode, d.meaning, d.headline, d.advice, d.message, d.notification, d.transid, d.keyProblem],
        [kind, false, kind, undefined, title, title, text, text, text, undefined, false],
        kind,
      );
      assert.deepStrictEqual([d.record.code, d.record.meaning, d.record.responseBody, d.record.httpStatus, d.record.durationMs], [kind, title, undefined, httpStatus, 900], kind);
      assert.deepStrictEqual([shown(d).headline.text, shown(d).headline.advice], [title, text], kind);
      assert.deepStrictEqual(shown(d).blocks[0], { title: 'Response body', text: '', json: false, note: 'No answer was received.' }, kind);
    }
    const timeout = decideSend(failed('timeout', 'No answer.', true), message, context);
    assert.strictEqual(timeout.logLine, 'orders/a.wa.json with dev (eu): Timed out (900 ms)');
  });

  it('a cancel says whether the request had left', () => {
    const after = decideSend(failed('cancelled', 'Cancelled.', true), message, context);
    const afterText = 'Cancelled after the request left: api.eu.webexconnect.io may still have accepted the message. Check the delivery reports before sending again.';
    assert.deepStrictEqual([after.outcome, after.code, after.headline, after.advice, after.message, after.notification], ['cancelled', 'cancelled', 'Cancelled', afterText, afterText, afterText]);
    const before = decideSend(failed('cancelled', 'Cancelled.', false), message, context);
    assert.deepStrictEqual([before.outcome, before.headline, before.advice, before.message], ['cancelled', 'Cancelled', 'Cancelled before anything was sent.', 'Cancelled before anything was sent.']);
  });

  it('keeps the key out of everything it returns', () => {
    const echo = answered(400, `{"response":{"code":"7999","description":"bad key ${KEY}","transid":"t-9"}}`);
    const d = decideSend(echo, { ...message, body: `{"caption":"${KEY}"}` }, context);
    const everything = JSON.stringify(d) + JSON.stringify(shown(d));
    assert.ok(!everything.includes(KEY), everything);
    assert.strictEqual(d.headline, '7999 bad key ‹redacted›');
    assert.strictEqual(d.record.sentBody, '{"caption":"‹redacted›"}');
  });
});

describe('the send history', () => {
  const record = decideSend(answered(202, '{"response":[{"code":"1001","transid":"t-1","description":"Queued"}]}'), message, context).record;
  // An entry exactly as versions before the send record stored it in workspace state.
  const legacy = {
    id: 'old-1',
    at: '2026-10-01T09:00:00.000Z',
    file: 'a.wa.json',
    environment: 'dev (eu)',
    endpoint: 'https://api.eu.webexconnect.io/resources/v1/messaging',
    messageType: 'image',
    recipients: 2,
    durationMs: 51,
    httpStatus: 202,
    code: '1001',
    meaning: 'Queued',
    transid: 't-old',
    report: '# ✔ 1001 Queued\n\nas it was written then\n',
  };

  it('reopens a record\'s response from the record, and an older entry\'s from its stored text', () => {
    assert.strictEqual(responsePage(record, AS_STORED).answer?.text, '1001 Queued');
    assert.deepStrictEqual(
      responsePage(record, AS_STORED).blocks.map((b) => b.title),
      ['Response body', 'Payload as sent'],
    );
    // An older entry: its headline from its code, its stored text shown as it was written (as text).
    const old = responsePage(legacy, AS_STORED);
    assert.deepStrictEqual([old.headline.text, old.answer?.text], ['Queued', '1001 Queued']);
    assert.deepStrictEqual(old.blocks, [{ title: 'Response as recorded', text: legacy.report, json: false, note: 'Recorded by an earlier version of the extension.' }]);
  });

  it('loads what older versions stored beside new records, and skips what it cannot show', () => {
    const stored: unknown = JSON.parse(JSON.stringify([record, legacy, null, 'x', { id: 7 }, { id: 'no-report', code: '1001' }]));
    const entries = readHistory(stored);
    assert.deepStrictEqual(
      entries.map((e) => e.id),
      ['r-1', 'old-1'],
    );
    assert.deepStrictEqual(responsePage(entries[0], AS_STORED), responsePage(record, AS_STORED));
    assert.strictEqual(responsePage(entries[1], AS_STORED).blocks[0].text, legacy.report);
    assert.deepStrictEqual(readHistory(undefined), []);
    assert.deepStrictEqual(readHistory({ not: 'a list' }), []);
    const next: HistoryEntry[] = addToHistory(entries, { ...record, id: 'r-2' });
    assert.deepStrictEqual(
      next.map((e) => e.id),
      ['r-2', 'r-1', 'old-1'],
    );
  });
});
