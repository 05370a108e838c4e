/** Notify URLs: `<base>/<token>/<environment>` from a public or local base, and the public bases Webex Connect cannot post to. */
import * as assert from 'node:assert';
import { checkPublicBaseUrl, notifyUrlFor } from '../../../../src/core/delivery/receiver';
import { TOKEN } from '../../helpers/receiver';

describe('notify URLs', () => {
  it('builds <base>/<token>/<environment> from a public base, trimmed, encoded', () => {
    assert.strictEqual(notifyUrlFor('  https://abc123-8787.euw.devtunnels.ms/ ', TOKEN, 'prod'), `https://abc123-8787.euw.devtunnels.ms/${TOKEN}/prod`);
    assert.strictEqual(notifyUrlFor('https://hooks.acme.io/wxc', TOKEN, 'Acme EU/1'), `https://hooks.acme.io/wxc/${TOKEN}/Acme%20EU%2F1`);
    assert.strictEqual(notifyUrlFor('https://hooks.acme.io', TOKEN), `https://hooks.acme.io/${TOKEN}`);
  });

  it('does not repeat the token of a local base URL', () => {
    assert.strictEqual(notifyUrlFor(`http://127.0.0.1:8787/${TOKEN}`, TOKEN, 'sandbox'), `http://127.0.0.1:8787/${TOKEN}/sandbox`);
    assert.strictEqual(notifyUrlFor('http://127.0.0.1:8787', TOKEN, 'sandbox'), `http://127.0.0.1:8787/${TOKEN}/sandbox`);
  });

  it('refuses a public base that Webex Connect cannot post to, saying why', () => {
    assert.throws(() => notifyUrlFor('http://hooks.acme.io', TOKEN, 'prod'), /https:\/\//);
    assert.throws(() => notifyUrlFor('hooks.acme.io', TOKEN, 'prod'), /not a URL/);
    assert.throws(() => notifyUrlFor('https://user:pw@hooks.acme.io', TOKEN, 'prod'), /user name or password/);
    assert.throws(() => notifyUrlFor('https://hooks.acme.io/?a=1', TOKEN, 'prod'), /query/);
    assert.deepStrictEqual(checkPublicBaseUrl(' https://x.trycloudflare.com '), { url: 'https://x.trycloudflare.com' });
  });
});
