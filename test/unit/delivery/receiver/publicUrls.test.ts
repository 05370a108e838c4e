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

  it('refuses an https base on a private network or a special-use name: Webex Connect posts from the internet', () => {
    for (const base of ['https://10.0.0.5:8443', 'https://192.168.1.20', 'https://[fd00::1]', 'https://[::ffff:10.0.0.1]', 'https://100.64.0.1', 'https://169.254.169.254', 'https://router.lan', 'https://nas.local.', 'https://hooks.internal', 'https://hooks.example', 'https://tunnel', 'https://0x0a000001']) {
      const checked = checkPublicBaseUrl(base);
      assert.ok('error' in checked, `${base} is refused`);
      assert.match(checked.error, /can't reach|cannot reach/, base);
      assert.ok(checked.error.includes(new URL(base).hostname), `${base}: the error names the host`);
      assert.throws(() => notifyUrlFor(base, TOKEN, 'prod'), /reach/);
    }
  });

  it('keeps this machine (the sandbox and the local receiver) and public hosts, by any spelling', () => {
    for (const base of ['http://127.0.0.1:8787', 'https://localhost:8443', 'http://[::1]:8787', 'https://8.8.8.8', 'https://[2606:4700::1111]', 'https://HOOKS.Acme.io', 'https://bücher.de']) {
      assert.ok('url' in checkPublicBaseUrl(base), base);
    }
  });

  it('refuses this machine for an environment that sends to a tenant (its reports come from the internet), keeps it for the sandbox', () => {
    const tenant = new URL('https://api.us.webexconnect.io/resources/v1/messaging');
    const sandbox = new URL('http://127.0.0.1:8080/resources/v1/messaging');
    for (const base of ['https://localhost:8443', 'http://127.0.0.1:8787', 'https://[::1]:8443', 'https://app.localhost']) {
      const checked = checkPublicBaseUrl(base, tenant);
      assert.ok('error' in checked && /can't reach/.test(checked.error), `${base} for a tenant`);
      assert.ok('url' in checkPublicBaseUrl(base, sandbox), `${base} for the sandbox`);
    }
    assert.ok('url' in checkPublicBaseUrl('https://abc123-8787.euw.devtunnels.ms', tenant));
    assert.ok('error' in checkPublicBaseUrl('https://10.0.0.5', sandbox), 'a private host stays refused for the sandbox too');
  });
});
