/** Our minted tokens, checked by jose (an independent implementation), and the service secret's Base64 check. */
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { TOKEN_LIFETIME_SECONDS, decodeServiceSecret, mintJwt, secretForms } from '../../../src/core/send/jwt';

const SECRET_BYTES = randomBytes(32);
const SECRET = SECRET_BYTES.toString('base64');

function decoded(text: string): Buffer {
  const d = decodeServiceSecret(text);
  assert.ok(d.ok, d.ok ? '' : d.error);
  return d.bytes;
}

describe('minting a JWT for a send', () => {
  it('is HS256, signed with the decoded secret, iss the service id, iat now and exp within 60 minutes', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = mintJwt('svc-42', decoded(SECRET));
    assert.deepStrictEqual(decodeProtectedHeader(token), { alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, SECRET_BYTES, { algorithms: ['HS256'], issuer: 'svc-42' });
    assert.ok(typeof payload.iat === 'number' && payload.iat >= before && payload.iat <= before + 2, `iat ${payload.iat}`);
    assert.ok(typeof payload.exp === 'number' && payload.exp > payload.iat && payload.exp - payload.iat <= 60 * 60);
    assert.strictEqual(payload.exp - payload.iat, TOKEN_LIFETIME_SECONDS);
  });

  it('is not verified with the secret as text, nor for another issuer', async () => {
    const token = mintJwt('svc-42', decoded(SECRET));
    await assert.rejects(jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] }), /signature verification failed/);
    await assert.rejects(jwtVerify(token, SECRET_BYTES, { algorithms: ['HS256'], issuer: 'WA123456' }), /"iss" claim/);
  });

  it('takes the time it is given: a token minted 2 hours ago is expired for jose', async () => {
    const token = mintJwt('svc-42', SECRET_BYTES, Math.floor(Date.now() / 1000) - 7200);
    await assert.rejects(jwtVerify(token, SECRET_BYTES, { algorithms: ['HS256'] }), /"exp" claim/);
  });

  it('each send gets its own token (a new iat changes it)', () => {
    assert.notStrictEqual(mintJwt('s', SECRET_BYTES, 1000), mintJwt('s', SECRET_BYTES, 1001));
  });
});

describe('the service secret is Base64', () => {
  it('decodes padded, unpadded and surrounding-space Base64 to its bytes', () => {
    assert.deepStrictEqual(decoded(SECRET), SECRET_BYTES);
    assert.deepStrictEqual(decoded('aGVsbG8='), Buffer.from('hello'));
    assert.deepStrictEqual(decoded('aGVsbG8'), Buffer.from('hello'));
    assert.deepStrictEqual(decoded('  aGk=\n'), Buffer.from('hi'));
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['my secret', /not valid Base64: it holds a space at character 3/],
    ['abc$defg', /not valid Base64: it holds "\$" at character 4/],
    ['ab-_cd==', /"-" at character 3.*URL-safe Base64/],
    ['abcd_efg', /"_" at character 5.*URL-safe Base64/],
    ['abcd\nefgh', /a line break at character 5/],
    ['abcd\tefgh', /a tab at character 5/],
    ['ab=cdefg', /"=" may only end it/],
    ['abcde', /length \(5 characters\)/],
    ['abc===', /not valid Base64/],
  ];
  for (const [text, why] of bad) {
    it(`refuses ${JSON.stringify(text)} saying what is wrong`, () => {
      const d = decodeServiceSecret(text);
      assert.strictEqual(d.ok, false);
      if (!d.ok) {
        assert.match(d.error, why);
        assert.match(d.error, /service secret/);
      }
    });
  }

  it('lists the forms to hide: the text, the URL-safe form, and the decoded text when it is readable', () => {
    const password = Buffer.from('correct horse battery').toString('base64');
    assert.deepStrictEqual(secretForms(password, decoded(password)), [password, Buffer.from('correct horse battery').toString('base64url'), 'correct horse battery']);
    assert.strictEqual(secretForms(SECRET, SECRET_BYTES).length >= 2, true);
    assert.ok(!secretForms(SECRET, SECRET_BYTES).includes(SECRET_BYTES.toString('utf8')));
  });
});
