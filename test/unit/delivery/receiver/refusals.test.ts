/** How the receiver refuses: a client's text in a log line, then over real HTTP (plain text that never echoes what was sent, log lines with a client's text escaped, malformed requests answered at the socket). */
import * as assert from 'node:assert';
import { quoted, where } from '../../../../src/core/delivery/receiver/refusals';
import { closeReceivers, harness, head, json, raw, report, request } from '../../helpers/receiver';

describe('delivery receiver: refusals', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  it('never echoes a report or HTML back', async () => {
    const { receiver } = await harness();
    const r = await request(receiver.localBaseUrl, { headers: json, body: '<script>alert(1)</script>' });
    assert.strictEqual(r.status, 400);
    assert.ok(!r.text.includes('<script>'));
    assert.strictEqual(r.headers['content-type'], 'text/plain; charset=utf-8');
    assert.strictEqual(r.headers['x-content-type-options'], 'nosniff');
  });

  it('escapes control characters of an environment name in its log line', async () => {
    const { receiver, logs } = await harness();
    await request(`${receiver.localBaseUrl}/evil%0Aforged%20line`, { headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    assert.strictEqual(logs.length, 1);
    assert.ok(!logs[0].includes('\n'), logs[0]);
    assert.match(logs[0], /"evil\\nforged line"/);
  });

  it('answers 400 to a request line that is not HTTP, and keeps serving', async () => {
    const { receiver, taken, logs } = await harness();
    const text = await raw(receiver.port, 'HELLO THERE\r\n\r\n').received;
    assert.match(text, /^HTTP\/1\.1 400 /);
    assert.strictEqual(taken.length, 0);
    assert.match(logs.join('\n'), /malformed/);
    assert.strictEqual((await request(receiver.localBaseUrl, { headers: json, body: report() })).status, 200);
  });

  it('answers 431 to oversized headers', async () => {
    const { receiver, taken } = await harness();
    const text = await raw(receiver.port, head(receiver.path, `X-Big: ${'a'.repeat(20_000)}\r\nContent-Length: 2\r\n`) + '{}').received;
    assert.match(text, /^HTTP\/1\.1 431 /);
    assert.strictEqual(taken.length, 0);
  });
});

describe('delivery receiver: log text', () => {
  it('quotes a client\'s text: control characters escaped, at most 80 characters', () => {
    assert.strictEqual(quoted('evil\nforged line'), '"evil\\nforged line"');
    assert.strictEqual(quoted('x'.repeat(81)), `"${'x'.repeat(80)}…"`);
    assert.strictEqual(quoted('x'.repeat(80)), `"${'x'.repeat(80)}"`);
  });

  it('says where a request went by its environment, never by its path', () => {
    assert.strictEqual(where({ ok: true, environment: 'prod' }), 'for environment "prod"');
    assert.strictEqual(where({ ok: true }), 'without an environment');
    assert.strictEqual(where({ ok: false }), 'without an environment');
  });
});
