/** x-hub-signature, when the environment has a webhook secret: read from a request's headers, then over real HTTP (the forms accepted, the ones refused with 401, a secret that cannot be read). */
import * as assert from 'node:assert';
import { createHmac } from 'node:crypto';
import { startReceiver } from '../../../../src/core/delivery/receiver';
import { signatureProblem } from '../../../../src/core/delivery/receiver/signatures';
import { SECRET, TOKEN, assertNothingSecretLogged, closeReceivers, harness, hmac, json, openReceivers, report, request } from '../../helpers/receiver';

describe('delivery receiver: signatures, when the environment has a webhook secret', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  const body = report('t-signed');
  const accepted: [string, string][] = [
    ['sha256=<hex>', `sha256=${hmac('sha256', body)}`],
    ['sha512=<hex>', `sha512=${hmac('sha512', body)}`],
    ['SHA256=<HEX> (case)', `SHA256=${hmac('sha256', body).toUpperCase()}`],
    ['bare sha256 hex', hmac('sha256', body)],
    ['bare sha512 hex', hmac('sha512', body)],
    ['sha256=<base64>', `sha256=${createHmac('sha256', SECRET).update(body).digest('base64')}`],
  ];
  for (const [name, header] of accepted) {
    it(`accepts ${name}`, async () => {
      const { receiver, taken, logs } = await harness({ prod: SECRET });
      const r = await request(`${receiver.localBaseUrl}/prod`, { headers: { ...json, 'x-hub-signature': header }, body });
      assert.strictEqual(r.status, 200, r.text);
      assert.strictEqual(taken.length, 1);
      assert.strictEqual(taken[0].report.transid, 't-signed');
      assertNothingSecretLogged(logs);
    });
  }

  const refused: [string, Record<string, string>, string][] = [
    ['a missing signature', {}, body],
    ['an empty signature', { 'x-hub-signature': '' }, body],
    ['a signature made with another secret', { 'x-hub-signature': `sha256=${hmac('sha256', body, 'another-secret')}` }, body],
    ['a signature of another body', { 'x-hub-signature': `sha256=${hmac('sha256', report('t-other'))}` }, body],
    ['a sha512 digest labelled sha256', { 'x-hub-signature': `sha256=${hmac('sha512', body)}` }, body],
    ['a truncated digest', { 'x-hub-signature': `sha256=${hmac('sha256', body).slice(0, 32)}` }, body],
    ['garbage', { 'x-hub-signature': 'sha256=not-a-digest!' }, body],
    // The signature is over the raw bytes: the same JSON re-serialised with a space is another body.
    ['a signature of the body before re-serialising', { 'x-hub-signature': `sha256=${hmac('sha256', body)}` }, body.replace('{"deliveryInfo"', '{ "deliveryInfo"')],
  ];
  for (const [name, headers, sent] of refused) {
    it(`refuses ${name} with 401, logged, nothing taken`, async () => {
      const { receiver, taken, logs } = await harness({ prod: SECRET });
      const r = await request(`${receiver.localBaseUrl}/prod`, { headers: { ...json, ...headers }, body: sent });
      assert.strictEqual(r.status, 401, r.text);
      assert.strictEqual(taken.length, 0);
      assert.strictEqual(logs.length, 1, logs.join('\n'));
      assert.match(logs[0], /x-hub-signature/);
      assert.match(logs[0], /401/);
      assertNothingSecretLogged(logs);
      assert.ok(!r.text.includes(SECRET));
    });
  }

  it('needs no signature for an environment without a secret, on the same receiver', async () => {
    const { receiver, taken } = await harness({ prod: SECRET });
    assert.strictEqual((await request(`${receiver.localBaseUrl}/dev`, { headers: json, body })).status, 200);
    assert.strictEqual((await request(`${receiver.localBaseUrl}/prod`, { headers: json, body })).status, 401);
    assert.deepStrictEqual(taken.map((x) => x.meta.environment), ['dev']);
  });

  it('answers 500, logged without the secret, when the secret cannot be read', async () => {
    const logs: string[] = [];
    const receiver = await startReceiver({
      token: TOKEN,
      secretFor: () => Promise.reject(new Error('secret storage unavailable')),
      onReport: () => assert.fail('nothing may be taken'),
      log: (line) => logs.push(line),
    });
    openReceivers.push(receiver);
    const r = await request(`${receiver.localBaseUrl}/prod`, { headers: json, body });
    assert.strictEqual(r.status, 500);
    assert.match(logs.join('\n'), /secret storage unavailable/);
    assertNothingSecretLogged(logs);
  });
});

describe('delivery receiver: signatureProblem', () => {
  const body = report('t-signed');

  it('tells a missing signature from one that does not sign the body', () => {
    assert.strictEqual(signatureProblem({}, Buffer.from(body), SECRET), 'missing');
    assert.strictEqual(signatureProblem({ 'x-hub-signature': '' }, Buffer.from(body), SECRET), 'missing');
    assert.strictEqual(signatureProblem({ 'x-hub-signature': `sha256=${hmac('sha256', body, 'another-secret')}` }, Buffer.from(body), SECRET), 'invalid');
    assert.strictEqual(signatureProblem({ 'x-hub-signature': `sha256=${hmac('sha256', report('t-other'))}` }, Buffer.from(body), SECRET), 'invalid');
    assert.strictEqual(signatureProblem({ 'x-hub-signature': `sha512=${hmac('sha512', body)}` }, Buffer.from(body), SECRET), undefined);
  });
});
