/**
 * The `wxc` command line: its pure parts, then the real bundle (dist/wxc.js, built by the unit
 * tier's build) run with child_process, against the bad-payload corpus, the samples and the real
 * sandbox on 127.0.0.1.
 */
import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPayloadFiles as findFiles } from '../../../src/cli/files';
import { readSettings, variablesFor } from '../../../src/cli/settings';
import { UsageError } from '../../../src/cli/usage';
import { escapeGithubData, escapeGithubProperty, exitCodeFor, summaryLine } from '../../../src/cli/validate';
import { prepareMessage } from '../../../src/core/send/prepare';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { projectRoot, validate as editorValidate } from '../helpers/jsonService';
import { type Run, WXC, startWxc, wxc } from '../helpers/wxcRun';

const BAD = join(projectRoot, 'test', 'fixtures', 'bad');
const SAMPLES = join(projectRoot, 'samples');


interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
  rule: string;
  path: string;
}
interface JsonReport {
  files: { file: string; findings: JsonFinding[] }[];
  summary: { files: number; problems: number; errors: number; warnings: number; notes: number; exitCode: number };
}

/** 1-based line and column of the first occurrence of `needle` (plus `skip` characters) in `text`, computed here. */
function whereIs(text: string, needle: string, skip = 0): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset + skip).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wxc-cli-'));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const IMAGE = readFileSync(join(SAMPLES, 'image.wa.jsonc'), 'utf8');

describe('wxc: pure parts', () => {
  it('globs: ** spans directories, * and ? stay within a name', () => {
    const dir = tempDir();
    for (const f of ['payloads/a.wa.jsonc', 'payloads/x/y/a.wa.jsonc', 'payloads/a.wa.json', 'other/a.wa.jsonc', 'p/a.wa.json', 'p/ab.wa.json', 'p/x/a.wa.json', 'p/a+b.wa.json']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '{}');
    }
    const findPayloadFiles = (args: string[], cwd: string) => findFiles(args, cwd).files;
    assert.deepStrictEqual(findPayloadFiles(['payloads/**/*.wa.jsonc'], dir), [join('payloads', 'a.wa.jsonc'), join('payloads', 'x', 'y', 'a.wa.jsonc')]);
    assert.deepStrictEqual(findPayloadFiles([join(dir, 'payloads', '**', '*.wa.jsonc')], dir), [join('payloads', 'a.wa.jsonc'), join('payloads', 'x', 'y', 'a.wa.jsonc')]);
    assert.deepStrictEqual(findPayloadFiles(['p/?.wa.json'], dir), [join('p', 'a.wa.json')]);
    assert.deepStrictEqual(findPayloadFiles(['p/*.wa.json'], dir), [join('p', 'a+b.wa.json'), join('p', 'a.wa.json'), join('p', 'ab.wa.json')]);
    assert.deepStrictEqual(findPayloadFiles(['p/a+?.wa.json'], dir), [join('p', 'a+b.wa.json')]);
  });

  it('finds payload files in directories, skipping node_modules and .git; a glob, a file; each once', () => {
    const dir = tempDir();
    for (const f of ['a.wa.json', 'sub/b.wa.jsonc', 'sub/deep/C.WA.JSON', 'node_modules/x/d.wa.json', '.git/e.wa.json', 'sub/notes.json']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), '{}');
    }
    const findPayloadFiles = (args: string[], cwd: string) => findFiles(args, cwd).files;
    assert.deepStrictEqual(findPayloadFiles([], dir), ['a.wa.json', join('sub', 'b.wa.jsonc'), join('sub', 'deep', 'C.WA.JSON')]);
    assert.deepStrictEqual(findPayloadFiles(['sub/**/*.wa.jsonc', 'sub', 'sub/notes.json'], dir), [join('sub', 'b.wa.jsonc'), join('sub', 'deep', 'C.WA.JSON'), join('sub', 'notes.json')]);
    assert.throws(() => findPayloadFiles(['missing.wa.json'], dir), UsageError);
    assert.throws(() => findPayloadFiles(['nothing/**/*.wa.json'], dir), /No payload file/);
  });

  it('GitHub escaping: %, CR and LF in messages; also : and , in properties', () => {
    assert.strictEqual(escapeGithubData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
    assert.strictEqual(escapeGithubProperty('a,b:c%'), 'a%2Cb%3Ac%25');
  });

  it('summary and exit code', () => {
    assert.strictEqual(summaryLine({ files: 2, problems: 0, errors: 0, warnings: 0, notes: 0 }), '2 files checked, no problems');
    assert.strictEqual(summaryLine({ files: 1, problems: 3, errors: 1, warnings: 2, notes: 0 }), '3 problems (1 error, 2 warnings) in 1 file');
    assert.strictEqual(summaryLine({ files: 3, problems: 2, errors: 0, warnings: 1, notes: 1 }), '2 problems (0 errors, 1 warning, 1 info or hint) in 3 files');
    assert.strictEqual(summaryLine({ files: 0, problems: 0, errors: 0, warnings: 0, notes: 0 }, 1), '0 files checked, no problems; 1 path not checked (the "wxc:" lines say why)');
    assert.strictEqual(summaryLine({ files: 1, problems: 3, errors: 1, warnings: 2, notes: 0 }, 2), '3 problems (1 error, 2 warnings) in 1 file; 2 paths not checked (the "wxc:" lines say why)');
    assert.strictEqual(exitCodeFor({ files: 1, problems: 1, errors: 0, warnings: 1, notes: 0 }, false), 0);
    assert.strictEqual(exitCodeFor({ files: 1, problems: 1, errors: 0, warnings: 1, notes: 0 }, true), 1);
    assert.strictEqual(exitCodeFor({ files: 1, problems: 1, errors: 1, warnings: 0, notes: 0 }, false), 1);
  });

  it('settings: JSONC with comments and trailing commas; --var over the environment; errors name the place', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'settings.json'), '{\n  // mine\n  "wxc.environments": { "dev": { "region": "eu", "variables": { "a": "1", "b": "2" } }, },\n}');
    const s = readSettings(dir, undefined);
    assert.deepStrictEqual({ ...variablesFor(s.environments.dev, ['b=3', 'c=x=y']) }, { a: '1', b: '3', c: 'x=y' });
    assert.strictEqual(variablesFor(undefined, []), undefined);
    assert.throws(() => variablesFor(undefined, ['novalue']), /name=value/);
    writeFileSync(join(dir, 'x.json'), '{\n  "wxc.environments": {\n    "dev": }\n}');
    assert.throws(() => readSettings(dir, join(dir, 'x.json')), /x\.json:3:12/);
  });
});

describe('wxc validate (dist/wxc.js)', function () {
  this.timeout(60_000);
  let settingsFile: string;
  before(() => {
    const dir = tempDir();
    settingsFile = join(dir, 'settings.json');
    writeFileSync(settingsFile, '{ "wxc.environments": { "dev": { "region": "eu", "variables": { "WAAppid": "app-1", "waid": "16505551234" } } } }');
  });

  it('every sample: exit 0, no problems', async () => {
    const r = await wxc(['validate', SAMPLES]);
    assert.strictEqual(r.code, 0, r.out + r.err);
    const count = readdirSync(SAMPLES).filter((f) => f.endsWith('.wa.jsonc')).length;
    assert.strictEqual(r.out.trim(), `${count} files checked, no problems`);
  });

  it('every bad payload: exit 1, with the corpus expectation at its place, and Send\'s message at Send\'s place', async () => {
    const expected = JSON.parse(readFileSync(join(BAD, 'expected.json'), 'utf8')) as Record<string, { stage: string; message: string; line?: number; column?: number; path?: string }>;
    const r = await wxc(['validate', BAD, '--format', 'json', '--env', 'dev', '--settings', settingsFile]);
    assert.strictEqual(r.code, 1, r.err);
    const report = JSON.parse(r.out) as JsonReport;
    const byFile = new Map(report.files.map((f) => [f.file.split('/').pop() as string, f.findings]));
    assert.strictEqual(byFile.size, Object.keys(expected).length);
    const variables = { WAAppid: 'app-1', waid: '16505551234' };
    for (const [file, e] of Object.entries(expected)) {
      const findings = byFile.get(file) ?? [];
      const shown = JSON.stringify(findings, null, 1);
      // An undefined variable is a warning, as in the editor (Send refuses it; --strict fails on it, below).
      const undefinedVariable = e.stage === 'variables' && e.message.includes('is not defined');
      const failing = findings.filter((f) => f.severity === (undefinedVariable ? 'warning' : 'error'));
      assert.ok(failing.length > 0, `${file}: ${shown}`);
      // Not an object: the editor's words (VS Code's JSON service), where Send says "must be a JSON object".
      const message = e.message === 'must be a JSON object' ? 'Incorrect type. Expected "object"' : e.message;
      assert.ok(failing.some((f) => new RegExp(message).test(f.message) || (undefinedVariable && /is not defined in environment "dev"/.test(f.message))), `${file}: ${e.message} in ${shown}`);
      if (e.line !== undefined) assert.strictEqual(failing[0].line, e.line, `${file}: ${shown}`);
      if (e.column !== undefined) assert.strictEqual(failing[0].column, e.column, `${file}: ${shown}`);
      if (e.path !== undefined) assert.ok(failing.some((f) => f.path === e.path), `${file}: path ${e.path} in ${shown}`);
      if (e.stage === 'schema') {
        // What VS Code's own JSON service (the editor's schema check; VS Code shows these as warnings) reports, at the same place.
        const editor = await editorValidate(readFileSync(join(BAD, file), 'utf8'));
        assert.ok(editor.length > 0, file);
        for (const p of editor) {
          assert.ok(
            findings.some((f) => f.line === p.start.line + 1 && f.column === p.start.character + 1 && f.message === p.message),
            `${file}: the editor's ${p.message} at ${p.start.line + 1}:${p.start.character + 1} in ${shown}`,
          );
        }
      }
      if (e.stage === 'syntax' || (e.stage === 'schema' && e.path !== undefined)) {
        // The same message at the same place as Send reports it.
        const prepared = prepareMessage(readFileSync(join(BAD, file), 'utf8'), variables, 'environment "dev"');
        assert.ok(!prepared.ok);
        const first = prepared.problems[0];
        assert.ok(findings.some((f) => f.line === first.line && f.column === first.column && f.message === first.message), `${file}: ${first.message} at ${first.line}:${first.column} in ${shown}`);
      }
    }
  });

  it('each bad payload alone exits 1 (undefined variables with --strict)', async () => {
    for (const file of ['missing-comma-before-mimeType.wa.jsonc', 'number-waid.wa.jsonc', 'variable-empty-name.wa.jsonc', 'binary.wa.jsonc']) {
      const r = await wxc(['validate', join(BAD, file)]);
      assert.strictEqual(r.code, 1, `${file}: ${r.out}${r.err}`);
    }
    const lenient = await wxc(['validate', join(BAD, 'variable-undefined-name.wa.jsonc'), '--env', 'dev', '--settings', settingsFile]);
    assert.strictEqual(lenient.code, 0, lenient.out);
    assert.match(lenient.out, /warning .* is not defined in environment "dev"/);
    const strict = await wxc(['validate', join(BAD, 'variable-undefined-name.wa.jsonc'), '--env', 'dev', '--settings', settingsFile, '--strict']);
    assert.strictEqual(strict.code, 1, strict.out);
  });

  it('text: file:line:column severity message (rule), at the place worked out from the text', async () => {
    const dir = tempDir();
    // A PNG URL with mimeType image/jpeg (a media warning) and a waid the schema refuses (an error).
    const text = IMAGE.replace('media/photo.jpg', 'media/photo.png').replace('"{{waid}}"', '"+44 7700 900123"');
    assert.notStrictEqual(text, IMAGE);
    writeFileSync(join(dir, 'bad-image.wa.jsonc'), text);
    const r = await wxc(['validate', 'bad-image.wa.jsonc'], { cwd: dir });
    assert.strictEqual(r.code, 1, r.out + r.err);
    const lines = r.out.trim().split('\n');
    const url = whereIs(text, '"https://', 0);
    const waid = whereIs(text, '"+44 7700 900123"');
    // VS Code's own JSON service: the editor's schema check (it shows schema problems as warnings; the API refuses them).
    const editor = await editorValidate(text);
    assert.strictEqual(editor.length, 1, JSON.stringify(editor));
    assert.deepStrictEqual([editor[0].start.line + 1, editor[0].start.character + 1], [waid.line, waid.column]);
    assert.ok(lines.includes(`bad-image.wa.jsonc:${waid.line}:${waid.column} error ${editor[0].message} (schema)`), r.out);
    assert.ok(lines.some((l) => l.startsWith(`bad-image.wa.jsonc:${url.line}:${url.column} warning The URL ends in .png but mimeType is image/jpeg`) && l.endsWith('(url-extension)')), r.out);
    assert.strictEqual(lines[lines.length - 1], '2 problems (1 error, 1 warning) in 1 file');
  });

  it('json and github formats', async () => {
    const dir = tempDir();
    const text = IMAGE.replace('media/photo.jpg', 'media/photo.png');
    writeFileSync(join(dir, 'a,b:c.wa.jsonc'), text);
    const json = await wxc(['validate', '--format', 'json', '.'], { cwd: dir });
    assert.strictEqual(json.code, 0, json.err);
    const report = JSON.parse(json.out) as JsonReport;
    const url = whereIs(text, '"https://');
    assert.strictEqual(report.files[0].file, 'a,b:c.wa.jsonc');
    assert.deepStrictEqual(
      report.files[0].findings.map((f) => [f.line, f.column, f.severity, f.rule, f.path]),
      [[url.line, url.column, 'warning', 'url-extension', 'channels.OTT-Messaging.wa.image.url']],
    );
    assert.strictEqual(report.files[0].findings[0].endColumn - report.files[0].findings[0].column, text.slice(text.indexOf('"https://')).indexOf('",') + 1);
    assert.deepStrictEqual(report.summary, { files: 1, problems: 1, errors: 0, warnings: 1, notes: 0, exitCode: 0 });

    const gh = await wxc(['validate', '--format', 'github', '.', '--strict'], { cwd: dir });
    assert.strictEqual(gh.code, 1);
    const [annotation, summary] = gh.out.trim().split('\n');
    assert.match(annotation, new RegExp(`^::warning file=a%2Cb%3Ac\\.wa\\.jsonc,line=${url.line},col=${url.column},endLine=\\d+,endColumn=\\d+,title=Webex Connect \\(url-extension\\)::The URL ends in \\.png but mimeType is image/jpeg`));
    assert.strictEqual(summary, '1 problem (0 errors, 1 warning) in 1 file');

    const errorGh = await wxc(['validate', '--format', 'github', join(BAD, 'missing-comma-before-appid.wa.jsonc')]);
    assert.match(errorGh.out, /^::error file=test\/fixtures\/bad\/missing-comma-before-appid\.wa\.jsonc,line=3,col=3,endLine=3,endColumn=\d+,title=Webex Connect \(syntax\)::Syntax error: a comma was expected between entries\.$/m);
  });

  it('--env fills variables from the settings (undefined ones reported as the editor does), --var adds one', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode', 'settings.json'), '{\n  // JSONC, as VS Code writes it\n  "wxc.environments": { "dev": { "region": "eu", "variables": { "WAAppid": "a", "waid": "1" } } },\n}\n');
    const text = IMAGE.replace('https://wxc-tools.github.io', 'https://{{cdnHost}}');
    assert.notStrictEqual(text, IMAGE);
    writeFileSync(join(dir, 'p.wa.jsonc'), text);
    const none = await wxc(['validate'], { cwd: dir });
    assert.strictEqual(none.out.trim(), '1 file checked, no problems', 'without --env, variables are not resolved');
    const env = await wxc(['validate', '--env', 'dev', '--strict'], { cwd: dir });
    const at = whereIs(text, '{{cdnHost}}');
    assert.strictEqual(env.code, 1);
    assert.ok(env.out.startsWith(`p.wa.jsonc:${at.line}:${at.column} warning {{cdnHost}} is not defined in environment "dev", so it can't be filled in when sending. (undefined-variable)`), env.out);
    // The sample's "{{notifyurl}}" is wxc send's to fill in (--follow) or leave out: not an undefined variable.
    assert.ok(text.includes('"notifyurl": "{{notifyurl}}"') && !env.out.includes('notifyurl'), env.out);
    const withVar = await wxc(['validate', '--env', 'dev', '--var', 'cdnHost=cdn.acme.com', '--strict'], { cwd: dir });
    assert.strictEqual(withVar.code, 0, withVar.out);
    const unknown = await wxc(['validate', '--env', 'prod'], { cwd: dir });
    assert.strictEqual(unknown.code, 2);
    assert.match(unknown.err, /no environment "prod".*Known: dev/);
  });

  it('a malformed {{variable}} beside an undefined one is an error, with and without --env', async () => {
    const dir = tempDir();
    const text = IMAGE.replace('"Caption text"', '"Hi {{firstName}}, {{1x}}"');
    assert.notStrictEqual(text, IMAGE);
    writeFileSync(join(dir, 'p.wa.jsonc'), text);
    const at = whereIs(text, '"Hi {{firstName}}');
    for (const args of [['validate'], ['validate', '--env', 'dev', '--settings', settingsFile]]) {
      const r = await wxc(args, { cwd: dir });
      assert.strictEqual(r.code, 1, `${args.join(' ')}: ${r.out}${r.err}`);
      assert.ok(r.out.includes(`p.wa.jsonc:${at.line}:${at.column} error "{{1x}}" looks like a {{variable}} but is not one`), r.out);
    }
  });

  it('wxc.templates of the settings is used with or without --env', async () => {
    const dir = tempDir();
    const settings = join(dir, 'templates.json');
    writeFileSync(settings, JSON.stringify({ 'wxc.templates': { '602076559564625': { name: 'spring_offer', body: 'Hi {{name}}' } } }));
    const template = readFileSync(join(SAMPLES, 'template.wa.jsonc'), 'utf8').replace('"602076559564625"', '"111111111111111"');
    assert.ok(template.includes('"111111111111111"'));
    writeFileSync(join(dir, 't.wa.jsonc'), template);
    const withoutEnv = await wxc(['validate', 't.wa.jsonc', '--settings', settings], { cwd: dir });
    assert.match(withoutEnv.out, /t\.wa\.jsonc:\d+:\d+ warning Template "111111111111111" is not among the templates described in the setting wxc\.templates \(602076559564625 \(spring_offer\)\)/);
    const none = await wxc(['validate', 't.wa.jsonc'], { cwd: dir });
    assert.ok(!none.out.includes('template-unknown'), none.out);
  });

  it('a reader that stops early (wxc validate | head): no stack trace, the exit code of the check', async () => {
    const child = startWxc(['validate', BAD]);
    // The reading end is closed before the bundle writes anything: every write meets EPIPE.
    child.stdout.destroy();
    child.stdin.end();
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.strictEqual(err, '');
    assert.strictEqual(code, 1, 'the bad payloads have errors');
  });

  it('usage errors, unreadable files and no match: exit 2', async () => {
    for (const args of [['validate', '--format', 'xml', SAMPLES], ['validate', '--bogus'], ['validate', 'no-such-dir'], ['validate', 'samples/**/*.nothing'], ['frobnicate']]) {
      const r = await wxc(args);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
      assert.match(r.err, /^wxc: /, args.join(' '));
    }
    for (const command of ['validate', 'send', 'code']) {
      const r = await wxc([command, '--bogus=1']);
      assert.strictEqual(r.code, 2, command);
      assert.strictEqual(r.err.trim(), `wxc: Unknown option "--bogus" for wxc ${command}: wxc ${command} --help lists its options.`);
    }
    const sandbox = await wxc(['sandbox', '--bogus'], { env: { WXC_SANDBOX_KEY: 'k' } });
    assert.strictEqual(sandbox.code, 2);
    assert.match(sandbox.err, /unknown argument: --bogus \(the options are \[--port N\].*; wxc sandbox --help says what each does\)/);
    const dir = tempDir();
    mkdirSync(join(dir, 'dir.wa.json'));
    writeFileSync(join(dir, 'ok.wa.json'), '{}');
    const unreadable = await wxc(['validate', 'dir.wa.json'], { cwd: dir });
    assert.strictEqual(unreadable.code, 2, unreadable.out + unreadable.err);
  });

  it('--help for each command, and --version from package.json', async () => {
    const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
    assert.strictEqual((await wxc(['--version'])).out.trim(), version);
    const top = await wxc(['--help']);
    assert.strictEqual(top.code, 0);
    assert.match(top.out, /validate .*\n.*send .*\n.*sandbox/);
    for (const [command, expected] of [['validate', /--format text\|json\|github/], ['send', /WXC_SERVICE_KEY/], ['sandbox', /WXC_SANDBOX_KEY/]] as const) {
      const r = await wxc([command, '--help']);
      assert.strictEqual(r.code, 0, command);
      assert.match(r.out, new RegExp(`^Usage: wxc ${command}`), command);
      assert.match(r.out, expected, command);
    }
    // The ranges and JWT rules the docs give (docs/cli.md, docs/sandbox.md), as the help states them.
    const send = (await wxc(['send', '--help'])).out;
    assert.match(send, /--timeout SECONDS +how long to wait for the answer, 1 to 600 \(default 30\)/);
    assert.match(send, /--follow-timeout S +with --follow: stop waiting after S seconds, 1 to 86400 \(default 300\)/);
    assert.match(send, /has replied or tapped one of its\s+buttons or rows \(reply\)/);
    const sandbox = (await wxc(['sandbox', '--help'])).out;
    assert.match(sandbox, /--delivery-delay MS[^]*0 to 60000 \(default 200\)/);
    assert.match(sandbox, /an iat more than 5 minutes\s+ahead of the sandbox's clock or an exp more than 60 minutes after iat: 7001/);
  });
});

describe('wxc send (dist/wxc.js, the sandbox on 127.0.0.1)', function () {
  this.timeout(60_000);
  const KEY = 'cli-test-key-5f1e9a7c';
  let sandbox: Sandbox;
  let dir: string;
  let recorder: Server;
  let connections = 0;

  before(async () => {
    sandbox = await startSandbox({ port: 0, serviceKey: KEY });
    // A server on this machine reached through a host name that is neither a Webex Connect host
    // nor a loopback name (0.0.0.0 connects to this machine): it counts every connection.
    recorder = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((ok) => recorder.listen(0, '127.0.0.1', ok));
    const port = (recorder.address() as AddressInfo).port;
    dir = tempDir();
    mkdirSync(join(dir, '.vscode'));
    const variables = { WAAppid: 'sandbox-app', waid: '15550001234' };
    writeFileSync(
      join(dir, '.vscode', 'settings.json'),
      JSON.stringify({ 'wxc.environments': { sandbox: { baseUrl: sandbox.url, variables }, proxy: { baseUrl: `https://0.0.0.0:${port}`, variables } } }),
    );
    writeFileSync(join(dir, 'image.wa.jsonc'), IMAGE);
  });
  beforeEach(() => {
    sandbox.reset();
    connections = 0;
  });
  after(async () => {
    await sandbox.close();
    await new Promise((ok) => recorder.close(ok));
  });

  const noKeyIn = (r: Run) => {
    assert.ok(!r.out.includes(KEY) && !r.err.includes(KEY), 'the key was printed');
  };

  it('sends once with the key from WXC_SERVICE_KEY and says 1001 Queued with the transid', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'sandbox', '--yes'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    assert.strictEqual(r.code, 0, r.out + r.err);
    assert.strictEqual(sandbox.requests.length, 1);
    assert.ok(sandbox.requests[0].keyValid);
    assert.strictEqual(sandbox.messages.length, 1);
    assert.strictEqual(sandbox.messages[0].type, 'image');
    assert.ok(r.out.includes(`1001 Queued transid ${sandbox.messages[0].transid}`), r.out);
    // The sample's "notifyurl": "{{notifyurl}}" is left out without --follow, and said so.
    assert.ok(IMAGE.includes('"notifyurl": "{{notifyurl}}"'));
    assert.ok(!('notifyurl' in (sandbox.messages[0].payload as object)), JSON.stringify(sandbox.messages[0].payload));
    assert.match(r.err, /^"notifyurl": "\{\{notifyurl\}\}" was left out: no delivery receiver runs here to fill it in, so no delivery reports will come\. --follow follows its delivery\.$/m);
    noKeyIn(r);
  });

  it('a refused send exits 1 and names the key variable, without printing the key', async () => {
    const wrong = `${KEY}-wrong`;
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'sandbox', '--yes'], { cwd: dir, env: { WXC_SERVICE_KEY: wrong } });
    assert.strictEqual(r.code, 1);
    assert.strictEqual(sandbox.requests.length, 1);
    assert.match(r.err, /7001/);
    assert.match(r.err, /WXC_SERVICE_KEY/);
    assert.ok(!r.out.includes(wrong) && !r.err.includes(wrong));
  });

  it('--dry-run prints the body and a cURL command with $WXC_SERVICE_KEY, and sends nothing', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'sandbox', '--dry-run'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(sandbox.requests.length, 0);
    assert.ok(r.out.includes('"appid": "sandbox-app"'), r.out);
    assert.ok(r.out.includes(`curl -sS -X POST '${sandbox.url}/resources/v1/messaging'`), r.out);
    assert.ok(r.out.includes('-H "key: $WXC_SERVICE_KEY"'), r.out);
    noKeyIn(r);
  });

  it('without a terminal and without --yes: refused, exit 2, nothing sent', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'sandbox'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY }, input: 'y\n' });
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /--yes/);
    assert.strictEqual(sandbox.requests.length, 0);
  });

  it('a missing WXC_SERVICE_KEY: a clear error, exit 2, nothing sent; --key is refused with the reason', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'sandbox', '--yes'], { cwd: dir });
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /environment variable WXC_SERVICE_KEY is not set/);
    const k = await wxc(['send', 'image.wa.jsonc', '--env', 'sandbox', '--yes', '--key', KEY], { cwd: dir });
    assert.strictEqual(k.code, 2);
    assert.match(k.err, /--key is not accepted: .*shell history/);
    noKeyIn(k);
    assert.strictEqual(sandbox.requests.length, 0);
  });

  it('a payload Send refuses: its problems with file:line:column, exit 1, nothing sent', async () => {
    const text = IMAGE.replace('"{{waid}}"', '"{{nobody}}"');
    writeFileSync(join(dir, 'undefined.wa.jsonc'), text);
    const r = await wxc(['send', 'undefined.wa.jsonc', '--env', 'sandbox', '--yes'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    assert.strictEqual(r.code, 1);
    const at = whereIs(text, '"{{nobody}}"');
    // What stopped it, then the problem once, at its place.
    assert.ok(r.err.startsWith(`Not sent: a variable is not defined in environment "sandbox":\nundefined.wa.jsonc:${at.line}:${at.column} error {{nobody}} is not defined in environment "sandbox"`), r.err);
    assert.strictEqual(r.err.split('{{nobody}} is not defined').length, 2, `the problem is printed once:\n${r.err}`);
    assert.strictEqual(sandbox.requests.length, 0);
  });

  it('a host that is not a Webex Connect host is refused before anything is sent, unless --allow-host', async () => {
    const r = await wxc(['send', 'image.wa.jsonc', '--env', 'proxy', '--yes'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /not a Webex Connect API host.*--allow-host 0\.0\.0\.0/);
    assert.strictEqual(connections, 0);
    noKeyIn(r);
    // The recorder does count: allowed, the send reaches it (and fails, as it speaks no TLS).
    const allowed = await wxc(['send', 'image.wa.jsonc', '--env', 'proxy', '--yes', '--no-preflight', '--allow-host', '0.0.0.0', '--timeout', '5'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    assert.strictEqual(allowed.code, 1, allowed.out + allowed.err);
    assert.ok(connections >= 1);
    noKeyIn(allowed);
  });

  it('--allow-host given a URL, or something that is no host, is a usage error naming what to pass; nothing is sent', async () => {
    for (const [value, expected] of [
      ['https://0.0.0.0', /--allow-host takes a host, not a URL: pass --allow-host 0\.0\.0\.0 instead of "https:\/\/0\.0\.0\.0"/],
      ['https://0.0.0.0:8443/v1', /pass --allow-host 0\.0\.0\.0:8443 instead/],
      ['user@0.0.0.0', /--allow-host takes a host such as gateway\.example\.com .*not "user@0\.0\.0\.0"/],
      ['', /--allow-host takes a host such as/],
    ] as const) {
      const r = await wxc(['send', 'image.wa.jsonc', '--env', 'proxy', '--yes', '--no-preflight', '--allow-host', value, '--timeout', '5'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
      assert.strictEqual(r.code, 2, `${value}: ${r.err}`);
      assert.match(r.err, expected);
      noKeyIn(r);
    }
    assert.strictEqual(connections, 0);
  });

  it('the media preflight never fetches media on this computer or a private network: it says so, and nothing is sent', async () => {
    let requests = 0;
    const media = createHttpServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '10' }).end();
    });
    await new Promise<void>((ok) => media.listen(0, '127.0.0.1', ok));
    const port = (media.address() as AddressInfo).port;
    try {
      for (const host of ['127.0.0.1', 'localhost.', '[::ffff:127.0.0.1]', '2130706433']) {
        const url = `http://${host}:${port}/photo.jpg`;
        writeFileSync(join(dir, 'local-media.wa.jsonc'), IMAGE.replace(/"url": "[^"]+"/, `"url": "${url}"`));
        const r = await wxc(['send', 'local-media.wa.jsonc', '--env', 'proxy', '--yes', '--allow-host', '0.0.0.0', '--timeout', '5'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
        assert.strictEqual(r.code, 1, r.out + r.err);
        assert.match(r.err, /can't fetch media from .*: it is this computer \(loopback\)/, host);
        assert.doesNotMatch(r.err, /Checking media/, host);
        assert.match(r.err, /Not sent: the media check found problems/, host);
        noKeyIn(r);
      }
      assert.strictEqual(requests, 0, 'the media server was asked');
      assert.strictEqual(connections, 0, 'the endpoint was reached');
    } finally {
      await new Promise((ok) => media.close(ok));
    }
  });

  it('the docs\' host without "api.": a warning where the settings write it, naming the documented host; send refuses, validate goes on', async () => {
    const settingsFile = join(tempDir(), 'pitfall-settings.json');
    const text = `{\n  "wxc.environments": {\n    "docs": { "baseUrl": "https://eu.webexconnect.io", "variables": { "WAAppid": "a", "waid": "15550001234" } }\n  }\n}\n`;
    writeFileSync(settingsFile, text);
    const at = whereIs(text, '"https://eu.webexconnect.io"');
    const warning = `${settingsFile}:${at.line}:${at.column} warning Environment "docs": eu.webexconnect.io is not a Webex Connect API host`;
    const sent = await wxc(['send', 'image.wa.jsonc', '--env', 'docs', '--settings', settingsFile, '--yes'], { cwd: dir, env: { WXC_SERVICE_KEY: KEY } });
    assert.strictEqual(sent.code, 2, sent.out + sent.err);
    assert.ok(sent.err.startsWith(warning), sent.err);
    assert.ok(sent.err.includes('The documented host of region "eu" (AWS Ireland) is api.eu.webexconnect.io. Write "baseUrl": "https://api.eu.webexconnect.io". (host-pitfall)'), sent.err);
    assert.match(sent.err, /Not sent: the baseUrl of environment "docs" is not a Webex Connect API host/);
    assert.strictEqual(connections, 0);
    noKeyIn(sent);
    // validate: the payload is still checked, and the pitfall is a warning like any other of the
    // settings file: counted, failing --strict, in the JSON report and as a GitHub annotation.
    const checked = await wxc(['validate', 'image.wa.jsonc', '--env', 'docs', '--settings', settingsFile], { cwd: dir });
    assert.strictEqual(checked.code, 0, checked.out + checked.err);
    assert.ok(checked.out.startsWith(warning), checked.out);
    assert.match(checked.out, /\(host-pitfall\)\n1 problem \(0 errors, 1 warning\) in 1 file\n?$/);
    assert.strictEqual(checked.err, '');
    const strict = await wxc(['validate', 'image.wa.jsonc', '--env', 'docs', '--settings', settingsFile, '--strict'], { cwd: dir });
    assert.strictEqual(strict.code, 1, strict.out + strict.err);
    const json = await wxc(['validate', 'image.wa.jsonc', '--env', 'docs', '--settings', settingsFile, '--format', 'json'], { cwd: dir });
    const report = JSON.parse(json.out) as JsonReport;
    assert.deepStrictEqual(report.summary, { files: 1, problems: 1, errors: 0, warnings: 1, notes: 0, exitCode: 0 });
    const end = whereIs(text, '"https://eu.webexconnect.io"', '"https://eu.webexconnect.io"'.length);
    assert.deepStrictEqual(
      report.files.map((f) => [f.file, f.findings.map((x) => [x.line, x.column, x.endLine, x.endColumn, x.severity, x.rule, x.path])]),
      [[settingsFile, [[at.line, at.column, end.line, end.column, 'warning', 'host-pitfall', 'wxc.environments.docs.baseUrl']]], ['image.wa.jsonc', []]],
    );
    const github = await wxc(['validate', 'image.wa.jsonc', '--env', 'docs', '--settings', settingsFile, '--format', 'github'], { cwd: dir });
    assert.ok(github.out.startsWith(`::warning file=${escapeGithubProperty(settingsFile)},line=${at.line},col=${at.column},`), github.out);
    // A settings file inside the current directory is named relative to it, as the payloads are.
    const workspace = tempDir();
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), text);
    writeFileSync(join(workspace, 'image.wa.jsonc'), IMAGE);
    const inside = await wxc(['validate', '--env', 'docs'], { cwd: workspace });
    assert.ok(inside.out.startsWith(`${join('.vscode', 'settings.json')}:${at.line}:${at.column} warning Environment "docs"`), inside.out);
  });

  it('wxc sandbox starts the sandbox API, which takes a send', async () => {
    const child = spawn(process.execPath, [WXC, 'sandbox', '--port', '0'], { env: { PATH: process.env.PATH, WXC_SANDBOX_KEY: 'own-sandbox-key' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const started = Date.now();
      while (!/listening on http:\/\/127\.0\.0\.1:\d+/.test(out) && Date.now() - started < 10_000) await new Promise((ok) => setTimeout(ok, 50));
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      assert.ok(url, out);
      const settings = join(dir, 'own.json');
      writeFileSync(settings, JSON.stringify({ 'wxc.environments': { own: { baseUrl: url, variables: { WAAppid: 'a', waid: '15550001234' } } } }));
      const r = await wxc(['send', 'image.wa.jsonc', '--env', 'own', '--settings', settings, '--yes'], { cwd: dir, env: { WXC_SERVICE_KEY: 'own-sandbox-key' } });
      assert.strictEqual(r.code, 0, r.out + r.err);
      assert.match(r.out, /1001 Queued/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
