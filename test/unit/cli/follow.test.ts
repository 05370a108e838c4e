/**
 * `wxc send --follow` (the real bundle) against the real sandbox on 127.0.0.1: the delivery
 * reports and the customer's replies and taps printed as they arrive (as escaped text), the exit
 * codes (0 done, 1 Failed, 124 --follow-timeout, 130 Ctrl-C), one POST only, and the sandbox's
 * webhook put back afterwards.
 */
import * as assert from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { projectRoot } from '../helpers/jsonService';
import { finished, removeTempDirs, startWxc, tempDir, wxc, type Run } from '../helpers/wxcRun';

const KEY = 'follow-test-key-61c0';
const SECRET = 'follow-webhook-secret-77f2';
// The samples carry "notifyurl": "{{notifyurl}}", as --follow needs.
const sample = (kind: string) => readFileSync(join(projectRoot, 'samples', `${kind}.wa.jsonc`), 'utf8');
const TEXT = sample('text');
const REPLY = sample('reply');
const LIST = sample('list');
const TEMPLATE = sample('template');
const NOTIFY_URL_LINE = /\n\s*"notifyurl": "\{\{notifyurl\}\}",/;
// eslint-disable-next-line no-control-regex -- looking for them is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const PARKED_WEBHOOK = 'http://127.0.0.1:9/editor-receiver-token/sandbox';

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > 15_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 25));
  }
}

async function control(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; value: unknown }> {
  const res = await fetch(`${sandbox.url}/sandbox${path}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, value: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('wxc send --follow (dist/wxc.js, the sandbox on 127.0.0.1)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let signed: Sandbox;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0, serviceKey: KEY, deliveryDelayMs: 30 });
    signed = await startSandbox({ port: 0, serviceKey: KEY, deliveryDelayMs: 30, webhookSecret: SECRET });
    dir = tempDir();
    const env = (url: string, waid: string) => ({ baseUrl: url, variables: { WAAppid: 'sandbox-app', waid } });
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        'wxc.environments': {
          sandbox: env(sandbox.url, '15550001234'),
          notOnWhatsApp: env(sandbox.url, '15550007865'),
          closedWindow: env(sandbox.url, '15550007710'),
          signed: env(signed.url, '15550001234'),
          remote: { region: 'eu', variables: { WAAppid: 'a', waid: '15550001234' } },
        },
      }),
    );
    writeFileSync(join(dir, 'text.wa.jsonc'), TEXT);
    writeFileSync(join(dir, 'reply.wa.jsonc'), REPLY);
    writeFileSync(join(dir, 'list.wa.jsonc'), LIST);
    writeFileSync(join(dir, 'template.wa.jsonc'), TEMPLATE);
    assert.match(TEXT, NOTIFY_URL_LINE);
    writeFileSync(join(dir, 'plain.wa.jsonc'), TEXT.replace(NOTIFY_URL_LINE, ''));
  });
  beforeEach(async () => {
    sandbox.reset();
    assert.strictEqual((await control(sandbox, 'PUT', '/webhook', { url: PARKED_WEBHOOK })).status, 200);
  });
  after(async () => {
    await sandbox.close();
    await signed.close();
    removeTempDirs();
  });

  const args = (file: string, env: string, ...more: string[]) => ['send', file, '--env', env, '--settings', 'settings.json', '--yes', '--follow', ...more];
  const send = (file: string, env: string, ...more: string[]): Promise<Run> => wxc(args(file, env, ...more), { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
  const webhookNow = async (s: Sandbox) => (s === sandbox ? ((await control(s, 'GET', '/webhook')).value as { url: string | null }).url : null);

  it('prints Submitted and Delivered as they arrive and exits 0 at Delivered; one POST; {{notifyurl}} was its receiver', async () => {
    const r = await send('text.wa.jsonc', 'sandbox');
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.strictEqual(sandbox.requests.length, 1, 'one POST');
    const transid = sandbox.messages[0].transid;
    const lines = r.out.trim().split('\n');
    assert.strictEqual(lines[0], `text.wa.jsonc: 1001 Queued transid ${transid}`);
    assert.match(lines[1], /^\d{2}:\d{2}:\d{2}Z 15550001234: Submitted \(7501\)$/);
    assert.match(lines[2], /^\d{2}:\d{2}:\d{2}Z 15550001234: Delivered \(7500\)$/);
    assert.strictEqual(lines.length, 3, r.out);
    assert.match(r.err, new RegExp(`Done: transid ${transid} reached Delivered or Read for every recipient\\.`));
    const notifyurl = (sandbox.messages[0].payload as { notifyurl: string }).notifyurl;
    assert.match(notifyurl, /^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{16,}\/sandbox$/);
    assert.ok(!r.out.includes(notifyurl) && !r.err.includes(notifyurl.split('/')[3]), 'the receiver token is not printed');
    assert.strictEqual(await webhookNow(sandbox), PARKED_WEBHOOK, 'the webhook is put back');
  });

  it('--until read waits for Read', async () => {
    const r = await send('text.wa.jsonc', 'sandbox', '--until', 'read');
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.match(r.out, /15550001234: Read \(7502\)\n$/);
  });

  it('a recipient that is not on WhatsApp: the Failed report with its meaning and advice, exit 1', async () => {
    const r = await send('text.wa.jsonc', 'notOnWhatsApp');
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.strictEqual(sandbox.requests.length, 1);
    assert.match(r.out, /15550007865: Failed \(7865\) — Not on WhatsApp\. The number is not registered on WhatsApp\./);
    assert.match(r.err, /Failed: transid .* was not delivered to every recipient/);
  });

  it('a session message to a closed window: Failed 7710 with WhatsApp\'s words, exit 1', async () => {
    const r = await send('text.wa.jsonc', 'closedWindow');
    assert.strictEqual(r.code, 1, r.out + r.err);
    assert.match(r.out, /15550007710: Failed \(7710\) — Outside the 24-hour window\. .* — WhatsApp says: ".+"/);
  });

  it('--until reply: the customer\'s text and tap printed as escaped text, joined to this send; the webhook put back', async () => {
    const child = startWxc(args('reply.wa.jsonc', 'sandbox', '--until', 'reply'), { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    child.stdin.end();
    const result = finished(child);
    await until(() => sandbox.messages.length === 1, 'the send');
    await until(async () => (await webhookNow(sandbox)) !== PARKED_WEBHOOK, 'the webhook to point at the command');
    // Another customer's message is not this send's reply.
    assert.strictEqual((await control(sandbox, 'POST', '/customers/15559999999/messages', { text: 'not for you' })).status, 202);
    const wrote = await control(sandbox, 'POST', '/customers/15550001234/messages', { text: 'Can we move it?\u001b[2K\r\u202e', name: 'Ana' });
    assert.strictEqual(wrote.status, 202, JSON.stringify(wrote.value));
    const r = await result;
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.ok(!RAW.test(r.out) && !RAW.test(r.err), JSON.stringify(r.out));
    assert.match(r.out, /^\d{2}:\d{2}:\d{2}Z 15550001234 wrote: "Can we move it\?\\x1b\[2K\\x0d\\u202e"$/m);
    assert.doesNotMatch(r.out, /not for you/);
    assert.strictEqual(sandbox.requests.length, 1, 'one POST');
    assert.match(r.err, /replies come to this command/);
    assert.strictEqual(await webhookNow(sandbox), PARKED_WEBHOOK);
  });

  it('a tap on this send\'s button ends --until reply too, named by its title', async () => {
    const child = startWxc(args('reply.wa.jsonc', 'sandbox', '--until', 'reply'), { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    child.stdin.end();
    const result = finished(child);
    await until(() => sandbox.messages.length === 1, 'the send');
    await until(async () => (await webhookNow(sandbox)) !== PARKED_WEBHOOK, 'the webhook');
    const tapped = await control(sandbox, 'POST', '/customers/15550001234/messages', { transid: sandbox.messages[0].transid, buttonPayload: 'confirm', buttonText: 'Confirm' });
    assert.strictEqual(tapped.status, 202, JSON.stringify(tapped.value));
    const r = await result;
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.match(r.out, /^\d{2}:\d{2}:\d{2}Z 15550001234 tapped "Confirm" \(id "confirm"\)$/m);
  });

  /** Starts `wxc send FILE --until reply` and resolves once the sandbox has its message and the webhook points at the command. */
  async function following(file: string): Promise<{ transid: string; result: Promise<Run> }> {
    const child = startWxc(args(file, 'sandbox', '--until', 'reply'), { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    child.stdin.end();
    const result = finished(child);
    await until(() => sandbox.messages.length === 1, 'the send');
    await until(async () => (await webhookNow(sandbox)) !== PARKED_WEBHOOK, 'the webhook');
    return { transid: sandbox.messages[0].transid, result };
  }

  it('a list row: a tap on a row the list did not carry is refused (400) and following goes on; the row it did carry ends it, named by its title', async () => {
    const { transid, result } = await following('list.wa.jsonc');
    const wrong = await control(sandbox, 'POST', '/customers/15550001234/messages', { transid, buttonPayload: 'confirm' });
    assert.strictEqual(wrong.status, 400);
    assert.match((wrong.value as { error: string }).error, /has no button or row with id "confirm"; its ids: "slot-morning", "slot-afternoon"/);
    const elsewhere = await control(sandbox, 'POST', '/customers/15559999999/messages', { transid, buttonPayload: 'slot-morning' });
    assert.strictEqual(elsewhere.status, 400, 'a customer the list was not sent to cannot tap it');
    const tapped = await control(sandbox, 'POST', '/customers/15550001234/messages', { transid, buttonPayload: 'slot-afternoon' });
    assert.strictEqual(tapped.status, 202, JSON.stringify(tapped.value));
    assert.strictEqual((tapped.value as { event: { transid: string } }).event.transid, `${transid}_0`);
    const r = await result;
    assert.strictEqual(r.code, 0, r.out + r.err);
    const replies = r.out.split('\n').filter((l) => / (wrote|tapped) /.test(l));
    assert.deepStrictEqual(
      replies.map((l) => l.replace(/^\d{2}:\d{2}:\d{2}Z /, '')),
      ['15550001234 tapped "Afternoon" (id "slot-afternoon")'],
    );
    assert.match(r.err, new RegExp(`Done: transid ${transid} reached a reply for every recipient\\.`));
    assert.strictEqual(sandbox.requests.length, 1, 'one POST');
  });

  it('media the customer sends as the reply: printed with its type, link and caption', async () => {
    const { result } = await following('reply.wa.jsonc');
    const sent = await control(sandbox, 'POST', '/customers/15550001234/messages', { attachment: { url: 'https://media.example.com/r/1.jpg', mimeType: 'image/jpeg', caption: 'my receipt' } });
    assert.strictEqual(sent.status, 202, JSON.stringify(sent.value));
    const r = await result;
    assert.strictEqual(r.code, 0, r.out + r.err);
    const line = r.out.split('\n').find((l) => l.includes(' wrote: '));
    assert.ok(line && line.includes('image/jpeg') && line.includes('https://media.example.com/r/1.jpg') && line.includes('my receipt'), r.out);
  });

  it('the window closed through the sandbox: a session message fails with 7710 (exit 1), a template is delivered (exit 0); the customer writing opens it again', async () => {
    const closed = await control(sandbox, 'POST', '/customers/15550001234/window', { open: false });
    assert.strictEqual(closed.status, 200);
    assert.strictEqual((closed.value as { open: boolean }).open, false);
    const session = await send('reply.wa.jsonc', 'sandbox');
    assert.strictEqual(session.code, 1, session.out + session.err);
    assert.match(session.out, /15550001234: Failed \(7710\) — Outside the 24-hour window\./);
    const template = await send('template.wa.jsonc', 'sandbox');
    assert.strictEqual(template.code, 0, template.out + template.err);
    assert.match(template.out, /15550001234: Delivered \(7500\)/);
    // The parked webhook listens nowhere (502), but the customer did write: the window is open again.
    assert.strictEqual((await control(sandbox, 'POST', '/customers/15550001234/messages', { text: 'hello again' })).status, 502);
    const again = await send('reply.wa.jsonc', 'sandbox');
    assert.strictEqual(again.code, 0, again.out + again.err);
  });

  it('--follow-timeout passes first: its own exit code, 124, naming the option', async () => {
    const r = await send('text.wa.jsonc', 'sandbox', '--until', 'reply', '--follow-timeout', '1');
    assert.strictEqual(r.code, 124, r.out + r.err);
    assert.match(r.out, /Delivered \(7500\)/);
    assert.match(r.err, /Stopped following after 1 s \(--follow-timeout\): transid .* was accepted \(1001\) but had not reached a reply yet/);
    assert.strictEqual(sandbox.requests.length, 1);
  });

  it('Ctrl-C while following: "stopped following", exit 130, the webhook put back', async () => {
    const child = startWxc(args('text.wa.jsonc', 'sandbox', '--until', 'reply'), { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    child.stdin.end();
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const result = finished(child);
    await until(() => /Delivered/.test(out), 'Delivered');
    child.kill('SIGINT');
    const r = await result;
    assert.strictEqual(r.code, 130, r.out + r.err);
    assert.match(r.err, /Interrupted \(SIGINT\): stopped following\. The message was accepted \(1001, transid .+\)/);
    assert.strictEqual(await webhookNow(sandbox), PARKED_WEBHOOK);
  });

  it('signed reports: checked with $WXC_WEBHOOK_SECRET (a wrong one refuses them, said on stderr); the secret never printed', async () => {
    const good = await wxc(args('text.wa.jsonc', 'signed'), { cwd: dir, env: { WXC_SERVICE_KEY: KEY, WXC_WEBHOOK_SECRET: SECRET } });
    assert.strictEqual(good.code, 0, good.out + good.err);
    const wrong = await wxc(args('text.wa.jsonc', 'signed', '--follow-timeout', '2'), { cwd: dir, env: { WXC_SERVICE_KEY: KEY, WXC_WEBHOOK_SECRET: `${SECRET}-not` } });
    assert.strictEqual(wrong.code, 124, wrong.out + wrong.err);
    assert.match(wrong.err, /x-hub-signature does not match/);
    for (const r of [good, wrong]) assert.ok(!r.out.includes(SECRET) && !r.err.includes(SECRET));
  });

  it('refused before anything is sent: no {{notifyurl}}, --dry-run, bad --until or --follow-timeout, options without --follow, a remote API without notifyBaseUrl', async () => {
    const cases: [string[], RegExp][] = [
      [args('plain.wa.jsonc', 'sandbox'), /notifyurl of plain\.wa\.jsonc is something else \(or missing\)\. Write "notifyurl": "\{\{notifyurl\}\}"/],
      [args('text.wa.jsonc', 'sandbox', '--dry-run'), /--follow and --dry-run do not go together/],
      [args('text.wa.jsonc', 'sandbox', '--until', 'forever'), /--until is delivered, read or reply, not "forever"/],
      [args('text.wa.jsonc', 'sandbox', '--follow-timeout', '0'), /--follow-timeout is a number of seconds from 1 to 86400, not "0"/],
      [args('text.wa.jsonc', 'sandbox', '--follow-timeout', '1e9'), /--follow-timeout is a number of seconds/],
      [['send', 'text.wa.jsonc', '--env', 'sandbox', '--settings', 'settings.json', '--yes', '--until', 'read'], /--until goes with --follow/],
      [args('text.wa.jsonc', 'remote'), /--follow with environment "remote" needs a public address .*notifyBaseUrl/],
    ];
    for (const [a, expected] of cases) {
      const r = await wxc(a, { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
      assert.strictEqual(r.code, 2, `${a.join(' ')}: ${r.out}${r.err}`);
      assert.match(r.err, expected, a.join(' '));
    }
    assert.strictEqual(sandbox.requests.length, 0);
  });
});
