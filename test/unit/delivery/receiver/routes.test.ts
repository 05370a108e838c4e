/** The receiver's one path: read from a request path, then over real HTTP (HEAD on it, the bare token, a decoded environment, every other path refused with 404). */
import * as assert from 'node:assert';
import { notifyUrlFor } from '../../../../src/core/delivery/receiver';
import { isUsableToken, routeOf } from '../../../../src/core/delivery/receiver/routes';
import { SECRET, TOKEN, assertRefused, closeReceivers, harness, hmac, json, report, request, type Refusal } from '../../helpers/receiver';

describe('delivery receiver: routes', function () {
  this.timeout(20_000);

  afterEach(closeReceivers);

  it('answers HEAD with 200 on its path, with and without an environment', async () => {
    const { receiver, taken } = await harness();
    for (const url of [receiver.localBaseUrl, `${receiver.localBaseUrl}/prod`, `${receiver.localBaseUrl}/`]) {
      const r = await request(url, { method: 'HEAD' });
      assert.strictEqual(r.status, 200, url);
      assert.strictEqual(r.text, '');
    }
    assert.strictEqual(taken.length, 0);
  });

  it('takes a report on the bare token path with no environment', async () => {
    const { receiver, taken, secretsAsked } = await harness();
    const r = await request(receiver.localBaseUrl, { headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: report() });
    assert.strictEqual(r.status, 200);
    assert.deepStrictEqual(secretsAsked, [undefined]);
    assert.strictEqual(taken.length, 1);
    assert.strictEqual(taken[0].meta.environment, undefined);
  });

  it('decodes the environment segment and asks for that environment\'s secret', async () => {
    const env = 'Acme prod/EU é';
    const { receiver, taken, secretsAsked } = await harness({ [env]: SECRET });
    const body = report();
    const r = await request(notifyUrlFor(`http://127.0.0.1:${receiver.port}`, receiver.token, env), {
      headers: { ...json, 'x-hub-signature': `sha256=${hmac('sha256', body)}` },
      body,
    });
    assert.strictEqual(r.status, 200, r.text);
    assert.deepStrictEqual(secretsAsked, [env]);
    assert.strictEqual(taken[0].meta.environment, env);
  });

  describe('refusals: a 4xx, one log line, nothing taken, the token never logged', () => {
    const cases: Refusal[] = [
      { name: 'a wrong token', status: 404, log: /unknown path/, send: (r) => request(`http://127.0.0.1:${r.port}/${TOKEN.slice(0, -1)}x`, { headers: json, body: report() }) },
      { name: 'the token as a prefix of a longer segment', status: 404, log: /unknown path/, send: (r) => request(`${r.localBaseUrl}0`, { headers: json, body: report() }) },
      { name: 'the root path', status: 404, log: /unknown path/, send: (r) => request(`http://127.0.0.1:${r.port}/`, { method: 'HEAD' }) },
      { name: 'a path below an environment', status: 404, log: /unknown path/, send: (r) => request(`${r.localBaseUrl}/prod/more`, { headers: json, body: report() }) },
      { name: 'a broken percent-encoding', status: 404, log: /unknown path/, send: (r) => request(`${r.localBaseUrl}/%E0%A4%A`, { headers: json, body: report() }) },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.status}`, () => assertRefused(c));
    }
  });
});

describe('delivery receiver: routeOf', () => {
  it('reads the token and the decoded environment from a request path, the query ignored', () => {
    assert.deepStrictEqual(routeOf(`/${TOKEN}`, TOKEN), { ok: true });
    assert.deepStrictEqual(routeOf(`/${TOKEN}/`, TOKEN), { ok: true });
    assert.deepStrictEqual(routeOf(`/${TOKEN}?a=1`, TOKEN), { ok: true });
    assert.deepStrictEqual(routeOf(`/${TOKEN}/Acme%20EU%2F1?a=1`, TOKEN), { ok: true, environment: 'Acme EU/1' });
  });

  it('finds no route off the token path', () => {
    for (const path of ['', '/', TOKEN, `/${TOKEN}x`, `/${TOKEN.slice(1)}`, `/${TOKEN}/prod/more`, `/${TOKEN}/%E0%A4%A`, `/prod/${TOKEN}`]) {
      assert.deepStrictEqual(routeOf(path, TOKEN), { ok: false }, path);
    }
  });

  it('takes only tokens that can be a path as they are, 16 characters or more', () => {
    assert.strictEqual(isUsableToken(TOKEN), true);
    assert.strictEqual(isUsableToken('abcdefghABCDEF_-'), true);
    for (const token of ['', 'abcdefghABCDEF_', 'has/a/slash/in/it/0000', 'with space 0123456', 'percent%2F0123456789', 'dots.0123456789ab']) {
      assert.strictEqual(isUsableToken(token), false, token);
    }
  });
});
