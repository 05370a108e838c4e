/** Copy as Code's text (src/core/send/code): the endpoint, the credential's read and the body literal of each language. */
import * as assert from 'node:assert';
import { CODE_LANGUAGES, CodeLanguage, buildCode, credentialVariable, isCodeLanguage, replaceToken } from '../../../src/core/send/code';
import { TRICKY_TEXT, trickyPrepared } from '../helpers/codeRequests';

const URL_EU = new URL('https://api.eu.webexconnect.io/resources/v1/messaging');
const URL_LOCAL = new URL('http://127.0.0.1:3210/base%20path/resources/v1/messaging');

/** A body with a quote of each kind, a backslash, shell and template expansions, a format directive, a newline, an emoji and an accent. */
const BODY = JSON.stringify({ t: `a'b"c\\d\${x}$(rm)%s\n😀é` });

/**
 * The body's literal in each language, worked out by hand from each language's rules: JSON's
 * escapes doubled inside a double-quoted string; PHP's single quotes escape only \ and ';
 * the shell's single quotes take everything but ', closed and escaped as '\''.
 */
const BODY_LINES: Record<CodeLanguage, string> = {
  curl: String.raw`  "t": "a'\''b\"c\\d${'${x}'}$(rm)%s\n😀é"`,
  node: String.raw`  body: "{\"t\":\"a'b\\\"c\\\\d${'${x}'}$(rm)%s\\n😀é\"}"`,
  python: String.raw`payload = "{\"t\":\"a'b\\\"c\\\\d${'${x}'}$(rm)%s\\n😀é\"}".encode("utf-8")`,
  php: String.raw`  CURLOPT_POSTFIELDS => '{"t":"a\'b\\"c\\\\d${'${x}'}$(rm)%s\\n😀é"}',`,
  csharp: String.raw`    Content = new StringContent("{\"t\":\"a'b\\\"c\\\\d${'${x}'}$(rm)%s\\n😀é\"}")`,
  java: String.raw`            .method("POST", HttpRequest.BodyPublishers.ofString("{\"t\":\"a'b\\\"c\\\\d${'${x}'}$(rm)%s\\n😀é\"}"))`,
  go: String.raw`	payload := strings.NewReader("{\"t\":\"a'b\\\"c\\\\d${'${x}'}$(rm)%s\\n😀é\"}")`,
};

/** How each language sends the key header, read from the environment. */
const KEY_READS: Record<CodeLanguage, string> = {
  curl: `--header "key: $WXC_SERVICE_KEY"`,
  node: 'key: process.env.WXC_SERVICE_KEY',
  python: '"key": os.environ["WXC_SERVICE_KEY"]',
  php: `"key: " . getenv('WXC_SERVICE_KEY')`,
  csharp: '{ "key", Environment.GetEnvironmentVariable("WXC_SERVICE_KEY") }',
  java: '.header("key", System.getenv("WXC_SERVICE_KEY"))',
  go: 'req.Header.Add("key", os.Getenv("WXC_SERVICE_KEY"))',
};

const JWT_READS: Record<CodeLanguage, string> = {
  curl: `--header "Authorization: Bearer $WXC_JWT"`,
  node: `Authorization: 'Bearer ' + process.env.WXC_JWT`,
  python: '"Authorization": "Bearer " + os.environ["WXC_JWT"]',
  php: `"Authorization: Bearer " . getenv('WXC_JWT')`,
  csharp: '{ "Authorization", "Bearer " + Environment.GetEnvironmentVariable("WXC_JWT") }',
  java: '.header("Authorization", "Bearer " + System.getenv("WXC_JWT"))',
  go: 'req.Header.Add("Authorization", "Bearer " + os.Getenv("WXC_JWT"))',
};

/** The endpoint as each language's literal writes it. */
const urlLiteral = (language: CodeLanguage, url: URL) => (language === 'curl' ? `--url ${url.href}` : language === 'node' ? `'${url.href}'` : `"${url.href}"`);

const count = (text: string, find: string) => text.split(find).length - 1;

describe('Copy as Code: the generated text', () => {
  it('offers the seven languages the command line takes', () => {
    assert.deepStrictEqual([...CODE_LANGUAGES], ['curl', 'node', 'python', 'php', 'csharp', 'java', 'go']);
    assert.ok(isCodeLanguage('go') && !isCodeLanguage('Go') && !isCodeLanguage('ruby') && !isCodeLanguage(undefined));
  });

  for (const language of CODE_LANGUAGES) {
    it(`${language}: the body is an exact, correctly escaped literal`, () => {
      const code = buildCode(language, { url: URL_EU, body: BODY, auth: 'key' });
      assert.ok(code.split('\n').includes(BODY_LINES[language]), `expected the line\n${BODY_LINES[language]}\nin\n${code}`);
    });

    it(`${language}: the exact endpoint, the key read once from WXC_SERVICE_KEY, no placeholder left`, () => {
      for (const url of [URL_EU, URL_LOCAL]) {
        const code = buildCode(language, { url, body: BODY, auth: 'key' });
        assert.strictEqual(count(code, urlLiteral(language, url)), 1, code);
        assert.strictEqual(count(code, KEY_READS[language]), 1, `expected ${KEY_READS[language]} once in\n${code}`);
        assert.strictEqual(count(code, 'WXC_SERVICE_KEY'), 1, code);
        assert.ok(!/wxcplaceholder|wxcbody|Bearer|WXC_JWT/.test(code), code);
        assert.match(code, /application\/json/);
      }
    });

    it(`${language} with "auth": "jwt": Authorization: Bearer read from WXC_JWT, and no key header`, () => {
      const code = buildCode(language, { url: URL_EU, body: BODY, auth: 'jwt' });
      assert.strictEqual(count(code, JWT_READS[language]), 1, `expected ${JWT_READS[language]} once in\n${code}`);
      assert.strictEqual(count(code, 'WXC_JWT'), 1, code);
      assert.ok(!/WXC_SERVICE_KEY|wxcplaceholder|["' ]key["':]/.test(code), code);
    });
  }

  it('the imports the reads need: os in Python and Go; Java a class with main and its imports, for `java Main.java`', () => {
    assert.ok(buildCode('python', { url: URL_EU, body: BODY, auth: 'key' }).startsWith('import os\nimport requests\n'));
    assert.match(buildCode('go', { url: URL_EU, body: BODY, auth: 'key' }), /import \(\n\t"os"\n/);
    const java = buildCode('java', { url: URL_EU, body: BODY, auth: 'key' });
    assert.match(java, /^import java\.net\.URI;\nimport java\.net\.http\.HttpClient;\nimport java\.net\.http\.HttpRequest;\nimport java\.net\.http\.HttpResponse;\n\npublic class Main \{\n {4}public static void main\(String\[\] args\) throws Exception \{\n/);
    assert.ok(java.endsWith('    }\n}\n'), java);
  });

  it('a whole prepared payload (comments gone, variables filled in): its body in every language, the text intact', () => {
    const prepared = trickyPrepared();
    assert.ok(!prepared.body.includes('comment') && prepared.body.includes('app-123'));
    for (const language of CODE_LANGUAGES) {
      const code = buildCode(language, { url: URL_EU, body: prepared.body, auth: 'key' });
      // The accents, CJK and emoji stay as they are (every language here reads UTF-8 source).
      for (const piece of ['é ü 中文 😀', 'مرحبا', '%s %d {0}', '$(rm -rf /tmp/nothing)']) assert.ok(code.includes(piece), `${language} lost ${piece}`);
    }
    assert.ok(TRICKY_TEXT.includes('\n'));
  });

  it('no language gets a raw line separator inside its body literal where its source would end the line (C#: U+0085, U+2028, U+2029)', () => {
    const body = JSON.stringify({ t: 'a\u0085b\u2028c\u2029d' });
    const csharp = buildCode('csharp', { url: URL_EU, body, auth: 'key' });
    assert.ok(!/[\u0085\u2028\u2029]/.test(csharp), csharp);
    assert.ok(csharp.includes(String.raw`a\u0085b\u2028c\u2029d`), csharp);
  });

  it('a placeholder not found exactly once, inside its literal, fails instead of handing out wrong code', () => {
    assert.strictEqual(replaceToken(`a 'Xtok' b`, 'tok', `'Xtok'`, 'env', 'node'), 'a env b');
    assert.throws(() => replaceToken(`a 'Xtok' 'Xtok'`, 'tok', `'Xtok'`, 'env', 'node'), /node code generated by httpsnippet has changed shape.*nothing was copied/);
    assert.throws(() => replaceToken(`a "Xtok" b`, 'tok', `'Xtok'`, 'env', 'node'), /changed shape/);
    assert.throws(() => replaceToken('a b', 'tok', `'Xtok'`, 'env', 'node'), /changed shape/);
  });

  it('the variables: WXC_JWT for a JWT, WXC_SERVICE_KEY for the key (as Copy as cURL)', () => {
    assert.strictEqual(credentialVariable('jwt'), 'WXC_JWT');
    assert.strictEqual(credentialVariable('key'), 'WXC_SERVICE_KEY');
  });
});
