/** `wxc code` (dist/wxc.js, src/cli/code.ts): Copy as Code on the command line. */
import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_LANGUAGES } from '../../../src/core/send/code';
import { projectRoot } from '../helpers/paths';
import { type Run, wxc as runWxc } from '../helpers/wxcRun';

const IMAGE = readFileSync(join(projectRoot, 'samples', 'image.wa.jsonc'), 'utf8');
/** A key and a service secret in the process environment: wxc code must not read them into the code. */
const KEY = 'code-cli-key-93b1f0d2';
const SECRET = Buffer.from('code-cli-service-secret-5e8a').toString('base64');

/** The bundle with only PATH and `env` in its environment, started in `cwd`. */
const wxc = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> => runWxc(args, { cwd, env });

describe('wxc code (dist/wxc.js)', function () {
  this.timeout(60_000);
  let dir: string;
  const variables = { WAAppid: 'code-app-42', waid: '15550001234' };
  const base = 'http://127.0.0.1:3210';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wxc-code-cli-'));
    mkdirSync(join(dir, '.vscode'));
    const environments = {
      local: { baseUrl: base, variables },
      eu: { region: 'eu', variables },
      signed: { region: 'eu', auth: 'jwt', serviceId: 'svc-1', variables },
      broken: { baseUrl: 'not a url', variables },
      oddAuth: { region: 'eu', auth: 'oauth', variables },
    };
    writeFileSync(join(dir, '.vscode', 'settings.json'), `// settings with a comment\n${JSON.stringify({ 'wxc.environments': environments })}`);
    writeFileSync(join(dir, 'image.wa.jsonc'), IMAGE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const noSecret = (r: Run) => {
    for (const secret of [KEY, SECRET, Buffer.from(SECRET, 'base64').toString()]) assert.ok(!r.out.includes(secret) && !r.err.includes(secret), 'a secret was printed');
  };

  it('prints each language on stdout: the resolved payload, the environment\'s endpoint, the key read from WXC_SERVICE_KEY', async () => {
    for (const language of CODE_LANGUAGES) {
      const r = await wxc(['code', 'image.wa.jsonc', '--env', 'local', '--language', language], dir, { WXC_SERVICE_KEY: KEY });
      assert.strictEqual(r.code, 0, `${language}: ${r.err}`);
      assert.ok(r.out.includes(`${base}/resources/v1/messaging`), `${language}: ${r.out}`);
      assert.ok(r.out.includes('code-app-42') && r.out.includes('15550001234'), `${language}: variables not filled in`);
      assert.ok(!r.out.includes('{{') && !r.out.includes('$schema') && !r.out.includes('//  '), `${language}: ${r.out}`);
      assert.strictEqual(r.out.split('WXC_SERVICE_KEY').length - 1, 1, `${language}: ${r.out}`);
      assert.match(r.err, /set WXC_SERVICE_KEY in the environment before running it/);
      noSecret(r);
    }
  });

  it('-l, a region\'s host, --var over the environment, --settings FILE', async () => {
    const r = await wxc(['code', 'image.wa.jsonc', '--env', 'eu', '-l', 'python', '--var', 'waid=447700900123'], dir);
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.out.includes('url = "https://api.eu.webexconnect.io/resources/v1/messaging"'), r.out);
    assert.ok(r.out.includes('447700900123') && !r.out.includes('15550001234'), r.out);
    const settings = join(dir, 'other.json');
    writeFileSync(settings, JSON.stringify({ 'wxc.environments': { uk: { region: 'uk', variables } } }));
    const s = await wxc(['code', 'image.wa.jsonc', '--env', 'uk', '--language', 'go', '--settings', settings], dir);
    assert.strictEqual(s.code, 0, s.err);
    assert.ok(s.out.includes('url := "https://api.uk.webexconnect.io/resources/v1/messaging"'), s.out);
    assert.ok(s.out.startsWith('package main\n'), s.out);
  });

  it('an environment with "auth": "jwt": Authorization: Bearer read from WXC_JWT, no key header', async () => {
    const r = await wxc(['code', 'image.wa.jsonc', '--env', 'signed', '--language', 'curl'], dir, { WXC_SERVICE_KEY: KEY, WXC_SERVICE_SECRET: SECRET });
    assert.strictEqual(r.code, 0, r.err);
    assert.ok(r.out.includes('--header "Authorization: Bearer $WXC_JWT"'), r.out);
    assert.ok(!r.out.includes('WXC_SERVICE_KEY') && !/'key:|"key:/.test(r.out), r.out);
    assert.match(r.err, /set WXC_JWT to a JWT \(HS256, iss svc-1, signed with the Base64-decoded service secret\)/);
    noSecret(r);
    // An "auth" that is neither: the same usage error as wxc send's.
    const odd = await wxc(['code', 'image.wa.jsonc', '--env', 'oddAuth', '-l', 'go'], dir);
    const oddSend = await wxc(['send', 'image.wa.jsonc', '--env', 'oddAuth', '--yes'], dir);
    assert.strictEqual(odd.code, 2);
    assert.strictEqual(odd.out, '');
    assert.strictEqual(odd.err, oddSend.err);
    assert.match(odd.err, /"auth" is "key" .* or "jwt"/);
  });

  it('an unknown or missing language is a usage error (exit 2) listing the choices; so are a missing --env and file', async () => {
    const choices = 'curl, node, python, php, csharp, java, go';
    const unknown = await wxc(['code', 'image.wa.jsonc', '--env', 'local', '--language', 'ruby'], dir);
    assert.strictEqual(unknown.code, 2);
    assert.strictEqual(unknown.err.trim(), `wxc: Unknown language "ruby". Languages: ${choices}.`);
    assert.strictEqual(unknown.out, '');
    const missing = await wxc(['code', 'image.wa.jsonc', '--env', 'local'], dir);
    assert.strictEqual(missing.code, 2);
    assert.ok(missing.err.includes(choices), missing.err);
    const noEnv = await wxc(['code', 'image.wa.jsonc', '-l', 'go'], dir);
    assert.strictEqual(noEnv.code, 2);
    assert.match(noEnv.err, /needs --env NAME/);
    const noFile = await wxc(['code', 'nothing.wa.jsonc', '--env', 'local', '-l', 'go'], dir);
    assert.strictEqual(noFile.code, 2);
    assert.match(noFile.err, /nothing\.wa\.jsonc: cannot be read/);
    const badEnv = await wxc(['code', 'image.wa.jsonc', '--env', 'broken', '-l', 'go'], dir);
    assert.strictEqual(badEnv.code, 2);
    assert.match(badEnv.err, /baseUrl of environment "broken" \("not a url"\) is not a URL/);
    const unknownEnv = await wxc(['code', 'image.wa.jsonc', '--env', 'nope', '-l', 'go'], dir);
    assert.strictEqual(unknownEnv.code, 2);
    assert.match(unknownEnv.err, /no environment "nope".*Known: local, eu, signed, broken, oddAuth/);
  });

  it('what stops wxc send stops wxc code, with the same lines: an undefined variable, a schema error; nothing on stdout', async () => {
    const undefinedVar = IMAGE.replace('"{{waid}}"', '"{{nobody}}"');
    writeFileSync(join(dir, 'undefined.wa.jsonc'), undefinedVar);
    const args = (file: string, command: string) => [command, file, '--env', 'local', ...(command === 'code' ? ['-l', 'node'] : ['--yes'])];
    const code = await wxc(args('undefined.wa.jsonc', 'code'), dir);
    // wxc send, with no key set, refuses the payload before it ever needs the key.
    const send = await wxc(args('undefined.wa.jsonc', 'send'), dir);
    assert.strictEqual(code.code, 1);
    assert.strictEqual(send.code, 1);
    assert.strictEqual(code.out, '');
    assert.strictEqual(code.err, send.err);
    const line = undefinedVar.slice(0, undefinedVar.indexOf('"{{nobody}}"')).split('\n').length;
    // What stopped it, then each problem once at its place.
    assert.ok(code.err.startsWith('Not sent: a variable is not defined in environment "local":\n'), code.err);
    assert.ok(code.err.includes(`\nundefined.wa.jsonc:${line}:`) && code.err.includes('{{nobody}} is not defined in environment "local"'), code.err);
    assert.strictEqual(code.err.split('{{nobody}} is not defined').length, 2, `the problem is printed once:\n${code.err}`);

    writeFileSync(join(dir, 'schema.wa.jsonc'), IMAGE.replace('"deliverychannel": "whatsapp"', '"deliverychannel": "WhatsApp"'));
    const schema = await wxc(args('schema.wa.jsonc', 'code'), dir);
    const schemaSend = await wxc(args('schema.wa.jsonc', 'send'), dir);
    assert.strictEqual(schema.code, 1);
    assert.strictEqual(schema.out, '');
    assert.strictEqual(schema.err, schemaSend.err);
    assert.match(schema.err, /Not sent: the payload does not match the schema/);
  });

  it('a host pitfall of the environment: the warning on stderr, where the settings write it, and the code with that host', async () => {
    const settings = join(dir, 'pitfall.json');
    const text = `{\n  "wxc.environments": {\n    "docs": { "baseUrl": "https://eu.webexconnect.io", "variables": ${JSON.stringify(variables)} }\n  }\n}\n`;
    writeFileSync(settings, text);
    const r = await wxc(['code', 'image.wa.jsonc', '--env', 'docs', '-l', 'curl', '--settings', settings], dir);
    assert.strictEqual(r.code, 0, r.err);
    const lines = text.slice(0, text.indexOf('"https://eu.webexconnect.io"')).split('\n');
    const place = `${lines.length}:${lines[lines.length - 1].length + 1}`;
    assert.ok(r.err.startsWith(`${settings}:${place} warning Environment "docs": eu.webexconnect.io is not a Webex Connect API host`), r.err);
    assert.match(r.err, /Write "baseUrl": "https:\/\/api\.eu\.webexconnect\.io"\. \(host-pitfall\)/);
    assert.ok(r.out.includes('https://eu.webexconnect.io/resources/v1/messaging'), r.out);
  });

  it('--help lists the languages; wxc --help lists the command', async () => {
    const r = await wxc(['code', '--help'], dir);
    assert.strictEqual(r.code, 0);
    for (const language of CODE_LANGUAGES) assert.match(r.out, new RegExp(`^  ${language} +\\S`, 'm'));
    const top = await wxc(['--help'], dir);
    assert.match(top.out, /^ {2}code FILE --env NAME -l LANG/m);
  });
});
