/** Which auth an environment uses (environmentAuth), what a JWT send's refusals advise, and the copied command of a JWT environment. */
import * as assert from 'node:assert';
import { environmentAuth } from '../../../src/core/send/auth';
import { buildCurl } from '../../../src/core/send/curl';
import { SendContext, decideSend } from '../../../src/core/send/decision';
import { PostResult } from '../../../src/core/send/http';
import { interpretAnswer } from '../../../src/core/send/responses';

describe('environmentAuth', () => {
  it('is the key by default and for "key"; a JWT for "jwt" with a serviceId (trimmed)', () => {
    assert.deepStrictEqual(environmentAuth({}, 'dev'), { ok: true, scheme: 'key' });
    assert.deepStrictEqual(environmentAuth({ auth: 'key', serviceId: 'ignored' }, 'dev'), { ok: true, scheme: 'key' });
    assert.deepStrictEqual(environmentAuth({ auth: 'jwt', serviceId: ' svc-1 ' }, 'dev'), { ok: true, scheme: 'jwt', serviceId: 'svc-1' });
  });

  it('says what is wrong with another auth, or a JWT without a serviceId', () => {
    const typo = environmentAuth({ auth: 'JWT', serviceId: 's' }, 'environment "dev"');
    assert.deepStrictEqual(typo, { ok: false, error: 'environment "dev": "auth" is "key" (the service key, the default) or "jwt" (a token signed with the service secret), not "JWT".' });
    for (const serviceId of [undefined, '', '  ', 42]) {
      const r = environmentAuth({ auth: 'jwt', serviceId }, 'environment "dev"');
      assert.strictEqual(r.ok, false);
      if (!r.ok) assert.match(r.error, /^environment "dev": "auth": "jwt" needs "serviceId", the id of the Webex Connect service .*not the app id/);
    }
  });
});

describe('a JWT send\'s refusals', () => {
  const context: SendContext = {
    id: 'r-1',
    environment: 'dev (eu)',
    environmentName: 'dev',
    endpoint: new URL('https://api.eu.webexconnect.io/resources/v1/messaging'),
    file: 'a.wa.json',
    at: '2026-11-25T10:00:00.000Z',
    secrets: ['c2VjcmV0LXRleHQ=', 'eyJ0b2tlbi1pbi10ZXN0'],
    auth: 'jwt',
  };
  const message = { body: '{}', messageType: 'image', recipients: 1 };
  const answered = (code: string, description: string): PostResult => {
    const bodyText = `{"response":{"code":"${code}","description":"${description} eyJ0b2tlbi1pbi10ZXN0","transid":"t"}}`;
    return { ok: true, httpStatus: 401, durationMs: 5, bodyText, answer: interpretAnswer(401, bodyText, 'application/json') };
  };

  it('7001 names the likely causes: the secret not Base64-decoded, the service id (not the app id), a clock running fast', () => {
    const d = decideSend(answered('7001', 'Authentication failed.'), message, context);
    assert.strictEqual(d.headline, '7001 Authentication failed');
    assert.match(d.advice, /JWT was refused/);
    assert.match(d.advice, /Set Service Secret….*Base64 and is decoded before signing/);
    assert.match(d.advice, /"serviceId" .* not the app id or the service key/);
    // A token issued "in the future" is refused as not valid, not as expired (the sandbox does so past 5 minutes).
    assert.match(d.advice, /clock.*fast/);
    assert.ok(d.keyProblem);
    assert.ok(!JSON.stringify(d).includes('eyJ0b2tlbi1pbi10ZXN0'), 'the token is scrubbed');
  });

  it('7005 names the clock; 7002 the secret; the key environment keeps the key advice', () => {
    assert.match(decideSend(answered('7005', 'Request expired'), message, context).advice, /JWT was refused as expired.*10 minutes.*clock/);
    assert.match(decideSend(answered('7002', 'Service key missing'), message, context).advice, /Set Service Secret/);
    assert.match(decideSend(answered('7001', 'Authentication failed.'), message, { ...context, auth: 'key' }).advice, /service key was refused/);
    assert.match(decideSend(answered('7005', 'Request expired'), message, { ...context, auth: undefined }).advice, /^The request \(or its JWT\) expired/);
  });
});

describe('Copy as cURL of a JWT environment', () => {
  it('reads the token from $WXC_JWT, with no key header', () => {
    const curl = buildCurl(new URL('https://api.eu.webexconnect.io/resources/v1/messaging'), '{"a":1}', 'jwt');
    assert.strictEqual(
      curl,
      [
        "curl -sS -X POST 'https://api.eu.webexconnect.io/resources/v1/messaging'",
        '  -H "Authorization: Bearer $WXC_JWT"',
        "  -H 'Content-Type: application/json'",
        "  --data-binary '{\n  \"a\": 1\n}'",
      ].join(' \\\n'),
    );
  });
});
