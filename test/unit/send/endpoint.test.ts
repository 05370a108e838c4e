/** Endpoints (src/core/send/endpoint): regions, base URLs and what is refused; loopback and documented hosts. */
import * as assert from 'node:assert';
import { endpointFor, isDocumentedHost } from '../../../src/core/send/endpoint';
import { isLoopbackHost } from '../../../src/core/net/hosts';

describe('endpoints', () => {
  it('maps each region to its host and keeps baseUrl paths', () => {
    const eu = endpointFor({ region: 'eu' });
    assert.ok(eu.ok && eu.url.href === 'https://api.eu.webexconnect.io/resources/v1/messaging');
    const local = endpointFor({ baseUrl: 'http://127.0.0.1:3210/' });
    assert.ok(local.ok && local.url.href === 'http://127.0.0.1:3210/resources/v1/messaging');
    const proxy = endpointFor({ baseUrl: 'https://proxy.example.com/wxc/resources/v1/messaging' });
    assert.ok(proxy.ok && proxy.url.href === 'https://proxy.example.com/wxc/resources/v1/messaging');
    const legacy = endpointFor({ region: 'eu', baseUrl: 'https://api.imiconnect.io' });
    assert.ok(legacy.ok && legacy.url.host === 'api.imiconnect.io', 'baseUrl wins over region');
  });

  it('refuses unknown regions, non-URLs, plain http off this machine and credentials in URLs', () => {
    const cases: [Parameters<typeof endpointFor>[0], RegExp][] = [
      [{ region: 'sg' }, /"sg" is not a Webex Connect region/],
      [{}, /neither a "region"/],
      [{ baseUrl: 'api.eu.webexconnect.io' }, /not a URL/],
      [{ baseUrl: 'http://api.eu.webexconnect.io' }, /plain http:\/\/ .* only for this machine/],
      [{ baseUrl: 'ftp://x' }, /must start with https/],
      [{ baseUrl: 'https://user:pw@x.example' }, /user name or password/],
    ];
    for (const [spec, message] of cases) {
      const r = endpointFor(spec, 'environment "dev"');
      assert.ok(!r.ok && message.test(r.error), JSON.stringify([spec, r]));
    }
  });

  it('knows loopback and documented hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]', '::1', new URL('http://[::ffff:127.0.0.1]/').hostname]) assert.ok(isLoopbackHost(h), h);
    for (const h of ['10.0.0.1', '192.168.1.1', 'example.com', '127.0.0.1.nip.io', '128.0.0.1', new URL('http://[::ffff:10.0.0.1]/').hostname]) assert.ok(!isLoopbackHost(h), h);
    const documented = [
      ...['us', 'us1', 'ca', 'eu', 'uk', 'in', 'au'].map((r) => `api.${r}.webexconnect.io`),
      ...['api.imiconnect.io', 'api.imiconnect.eu', 'api-us.imiconnect.io', 'api.imiconnect.us', 'api.imiconnect.ca', 'api.imiconnect.in', 'api.imiconnect.com'],
    ];
    for (const h of documented) assert.ok(isDocumentedHost(h), h);
    assert.ok(isDocumentedHost('API.IMICONNECT.IO'));
    assert.ok(!isDocumentedHost('api.sg.webexconnect.io'));
  });
});
