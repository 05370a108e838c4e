/**
 * The sandbox's JWT check over real HTTP, with tokens made by jose (an implementation of its own,
 * not our minting): the good token, and each way public code gets one wrong.
 */
import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY, assertError, assertQueued, imagePayload, send } from '../helpers/sandbox';

const SERVICE_ID = 'svc-0b5d2f7e';
const SECRET_BYTES = randomBytes(32);
const SECRET = SECRET_BYTES.toString('base64');
const now = () => Math.floor(Date.now() / 1000);

/** A token jose signs with HS256 (or `alg`), `key` the signing bytes, `claims` over a good iss/iat/exp. */
function token(claims: Record<string, unknown> = {}, key: Uint8Array = SECRET_BYTES, alg = 'HS256'): Promise<string> {
  return new SignJWT({ iss: SERVICE_ID, iat: now(), exp: now() + 300, ...claims }).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

const bearer = (jwt: string, extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${jwt}`, ...extra });

describe('sandbox JWT check (started with a service id and secret)', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, serviceId: SERVICE_ID, serviceSecret: SECRET, deliveryDelayMs: 20 });
  });
  beforeEach(() => sandbox.reset());
  after(() => sandbox.close());

  it('accepts an HS256 token signed with the decoded secret and issued by the service id', async () => {
    assertQueued(await send(sandbox, imagePayload(), bearer(await token())));
    assert.strictEqual(sandbox.messages.length, 1);
  });

  it('accepts a token without exp, issued a minute ago', async () => {
    const jwt = await new SignJWT({ iss: SERVICE_ID, iat: now() - 60 }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET_BYTES);
    assertQueued(await send(sandbox, imagePayload(), bearer(jwt)));
  });

  const refused: [string, () => Promise<string>][] = [
    ['signed with the secret as text (not Base64-decoded)', () => token({}, new TextEncoder().encode(SECRET))],
    ['signed with another secret', () => token({}, randomBytes(32))],
    ['signed with the service key', () => token({}, new TextEncoder().encode(KEY))],
    ['issued by the app id', () => token({ iss: 'WA123456' })],
    ['without an issuer', () => token({ iss: undefined })],
    ['without iat', () => token({ iat: undefined })],
    ['with iat as a string', () => token({ iat: String(now()) })],
    ['issued 10 minutes in the future (a clock ahead)', () => token({ iat: now() + 600, exp: now() + 900 })],
    ['with exp more than 60 minutes after iat', () => token({ iat: now(), exp: now() + 3601 })],
    ['with alg HS512', () => token({}, SECRET_BYTES, 'HS512')],
    ['with alg none', async () => new UnsecuredJWT({ iss: SERVICE_ID, iat: now(), exp: now() + 300 }).encode()],
    ['with a changed signature', async () => {
      const jwt = await token();
      const last = jwt.at(-2) === 'A' ? 'B' : 'A';
      return `${jwt.slice(0, -2)}${last}${jwt.at(-1)}`;
    }],
    ['with its claims changed after signing', async () => {
      const [h, , s] = (await token()).split('.');
      return `${h}.${Buffer.from(JSON.stringify({ iss: SERVICE_ID, iat: now(), exp: now() + 99_999 })).toString('base64url')}.${s}`;
    }],
    ['malformed (two parts)', async () => (await token()).split('.').slice(0, 2).join('.')],
    ['malformed (not base64url)', async () => 'a.b$c.d'],
    ['malformed (header not JSON)', async () => `${Buffer.from('nope').toString('base64url')}.e30.c2ln`],
    ['empty', async () => ''],
  ];
  for (const [what, make] of refused) {
    it(`answers 7001 to a token ${what}, and records nothing`, async () => {
      assertError(await send(sandbox, imagePayload(), bearer(await make())), '7001', 401, 'Authentication failed.');
      assert.strictEqual(sandbox.messages.length, 0);
    });
  }

  it('allows a clock a minute ahead, and exp exactly 60 minutes after iat', async () => {
    assertQueued(await send(sandbox, imagePayload(), bearer(await token({ iat: now() + 60, exp: now() + 660 }))));
    assertQueued(await send(sandbox, imagePayload(), bearer(await token({ iat: now(), exp: now() + 3600 }))));
  });

  it('answers 7005 (Request expired) to a token past exp', async () => {
    assertError(await send(sandbox, imagePayload(), bearer(await token({ iat: now() - 120, exp: now() - 1 }))), '7005', 401, 'Request expired');
    assert.strictEqual(sandbox.messages.length, 0);
  });

  it('answers 7005 to a token issued over 60 minutes ago, even with a later exp', async () => {
    assertError(await send(sandbox, imagePayload(), bearer(await token({ iat: now() - 3601, exp: now() + 300 }))), '7005', 401, 'Request expired');
  });

  it('a JWT wins over a key sent beside it: a bad token with the right key is refused, a good one with a wrong key accepted', async () => {
    assertError(await send(sandbox, imagePayload(), bearer(await token({ iss: 'WA123456' }), { key: KEY })), '7001', 401, 'Authentication failed.');
    assertQueued(await send(sandbox, imagePayload(), bearer(await token(), { key: 'not-the-key' })));
    assert.strictEqual(sandbox.messages.length, 1);
  });

  it('still accepts the service key alone, and answers 7002 to neither', async () => {
    assertQueued(await send(sandbox, imagePayload(), { key: KEY }));
    assertError(await send(sandbox, imagePayload(), {}), '7002', 401, 'Service key missing');
  });
});

describe('sandbox JWT check: the secret and the tokens are kept nowhere', () => {
  it('after good, refused and expired tokens, no request, message, page or log line holds the secret, its decoded text or a token', async () => {
    const passwordText = `sandbox-pass-${randomBytes(8).toString('hex')}`;
    const password = Buffer.from(passwordText);
    const log: string[] = [];
    const sandbox = await startSandbox({ serviceKey: KEY, serviceId: SERVICE_ID, serviceSecret: password.toString('base64'), deliveryDelayMs: 20, log: (l) => log.push(l) });
    try {
      const tokens = [
        await token({}, password),
        await token({ iss: 'WA123456' }, password),
        await token({}, new TextEncoder().encode(password.toString('base64'))),
        await token({ iat: now() - 7200, exp: now() - 3600 }, password),
      ];
      for (const jwt of tokens) await send(sandbox, imagePayload(), bearer(jwt));
      assert.deepStrictEqual(sandbox.requests.map((r) => r.code), ['1001', '7001', '7001', '7005']);
      const places: [string, string][] = [
        ['requests', JSON.stringify(sandbox.requests)],
        ['messages', JSON.stringify(sandbox.messages)],
        ['GET /', await (await fetch(sandbox.url + '/')).text()],
        ['GET /messages', await (await fetch(sandbox.url + '/messages')).text()],
        ['log', log.join('\n')],
      ];
      for (const [where, text] of places) {
        assert.ok(text.length > 0, `${where} is empty`);
        for (const secret of [password.toString('base64'), passwordText, ...tokens]) assert.ok(!text.includes(secret), `a secret or token appears in ${where}`);
      }
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox JWT options', () => {
  it('refuses a secret that is not Base64, and an id without a secret', async () => {
    await assert.rejects(startSandbox({ serviceKey: KEY, serviceId: SERVICE_ID, serviceSecret: 'not base64!' }), /not valid Base64/);
    await assert.rejects(startSandbox({ serviceKey: KEY, serviceId: SERVICE_ID }), /go together/);
  });

  it('without them, a Bearer token does not stand in for the key', async () => {
    const sandbox = await startSandbox({ serviceKey: KEY });
    try {
      assertError(await send(sandbox, imagePayload(), bearer(await token())), '7001', 401, 'Authentication failed.');
    } finally {
      await sandbox.close();
    }
  });
});
