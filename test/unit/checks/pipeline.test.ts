/** The one checks pipeline (src/core/checks/pipeline.ts), and the surfaces that present it: the preview model and `wxc validate`. */
import * as assert from 'node:assert';
import { checkPayload } from '../../../src/core/checks/pipeline';
import { checkPayloadText } from '../../../src/cli/validate';
import { buildPreview } from '../../../src/core/preview';

// An image payload with four problems of four kinds, one per line (written out by hand):
//   line 5  {{orderId}} is not defined in the environment (warning)
//   line 11 the URL ends in .png while mimeType is image/jpeg (warning)
//   line 12 the caption holds "{{ 1x }}", not a variable name: Send refuses it (error)
//   line 13 "colour" is no property of wa: the schema refuses it (error)
const SOURCE = `{
  "appid": "a1b2c3",
  "deliverychannel": "whatsapp",
  "destination": [{ "waid": ["447700900123"] }],
  "callbackData": "order {{orderId}}",
  "channels": {
    "OTT-Messaging": {
      "wa": {
        "type": "image",
        "image": { "mimeType": "image/jpeg",
          "url": "https://media.acme-cdn.net/team.png",
          "caption": "Hello {{ 1x }}" },
        "colour": "red"
      }
    }
  }
}`;

const at = (needle: string) => SOURCE.indexOf(needle);
const context = { variables: { waid: '447700900123' }, environment: 'environment "dev"' };

describe('the checks pipeline', () => {
  it('runs every check and gives each finding one rule, one severity and its place, in text order', () => {
    const { findings } = checkPayload(SOURCE, context);
    const summary = findings.map((f) => [f.rule, f.severity, f.offset]);
    assert.deepStrictEqual(summary, [
      ['undefined-variable', 'warning', at('{{orderId}}')],
      ['url-extension', 'warning', at('"https://media.acme-cdn.net/team.png"')],
      ['variable-syntax', 'error', at('"Hello {{ 1x }}"')],
      ['schema', 'error', at('"colour"')],
    ]);
    assert.deepStrictEqual(findings.map((f) => [f.line, f.column]), [[5, 26], [11, 18], [12, 22], [13, 9]]);
    assert.match(findings[0].message, /^\{\{orderId\}\} is not defined in environment "dev"/);
    assert.match(findings[2].message, /^"\{\{ 1x \}\}" looks like a \{\{variable\}\} but is not one/);
    assert.strictEqual(findings[3].message, 'Property colour is not allowed.');
  });

  it('leaves the schema out when asked (the editor, where VS Code draws it)', () => {
    const rules = checkPayload(SOURCE, context, { schema: false }).findings.map((f) => f.rule);
    assert.deepStrictEqual(rules, ['undefined-variable', 'url-extension', 'variable-syntax']);
  });

  it('without an environment, undefined variables are not findings; malformed ones still are', () => {
    const rules = checkPayload(SOURCE).findings.map((f) => f.rule);
    assert.deepStrictEqual(rules, ['url-extension', 'variable-syntax', 'schema']);
  });

  it('finds a malformed variable in a string that also holds an undefined one, with an environment or without', () => {
    const mixed = SOURCE.replace('"Hello {{ 1x }}"', '"Hello {{name}} {{ 1x }}"');
    const where = mixed.indexOf('"Hello {{name}}');
    for (const ctx of [undefined, context]) {
      const malformed = checkPayload(mixed, ctx).findings.filter((f) => f.rule === 'variable-syntax');
      assert.deepStrictEqual(malformed.map((f) => [f.severity, f.offset]), [['error', where]], JSON.stringify(ctx));
      assert.match(malformed[0].message, /^"\{\{ 1x \}\}" looks like a \{\{variable\}\} but is not one/);
    }
    const undefinedNames = checkPayload(mixed, context).findings.filter((f) => f.rule === 'undefined-variable').map((f) => f.message);
    assert.ok(undefinedNames.some((m) => m.startsWith('{{name}} is not defined')), JSON.stringify(undefinedNames));
  });

  it('a syntax error is the only finding, an error, at its place', () => {
    const { findings, fixSites } = checkPayload('{ "a": 1 "b": 2 }');
    assert.deepStrictEqual(findings.map((f) => [f.rule, f.severity, f.line, f.column]), [['syntax', 'error', 1, 10]]);
    assert.deepStrictEqual(fixSites, []);
  });

  it('shows a problem once where the schema refuses a value another check explains: a space in a media URL', () => {
    const spaced = SOURCE.replace(/"url": "[^"]*"/, '"url": "https://cdn.acme-media.net/spring sale/photo.png"');
    const at = spaced.indexOf('"https://cdn.acme-media.net/spring sale');
    const there = checkPayload(spaced, context).findings.filter((f) => f.offset === at);
    assert.deepStrictEqual(there.map((f) => [f.rule, f.severity]), [['url-encoding', 'error']], JSON.stringify(there.map((f) => f.message)));
    assert.match(there[0].message, /percent-encode/);
    assert.ok(there[0].fixes.some((f) => /Percent-encode/.test(f.title)));
  });

  it('offers the schema problems\' fixes as fix sites: a caption on audio', () => {
    const audio = SOURCE.replace('"type": "image"', '"type": "audio"').replace('"image": { "mimeType": "image/jpeg"', '"audio": { "mimeType": "audio/aac"');
    const titles = checkPayload(audio).fixSites.map((s) => s.fix.title);
    assert.ok(titles.includes('Remove "caption" (audio messages have none)'), JSON.stringify(titles));
  });
});

describe('every surface presents the same findings', () => {
  it('the preview\'s problems and wxc validate\'s findings are the pipeline\'s: same words, place and severity', () => {
    const findings = checkPayload(SOURCE, context).findings;
    const preview = buildPreview(SOURCE, context).problems;
    const cli = checkPayloadText(SOURCE, context);
    assert.strictEqual(preview.length, 4);
    assert.strictEqual(cli.length, 4);
    findings.forEach((f, i) => {
      assert.deepStrictEqual([preview[i].rule, preview[i].severity, preview[i].message, preview[i].line, preview[i].column], [f.rule, f.severity, f.message, f.line, f.column]);
      assert.deepStrictEqual([cli[i].rule, cli[i].severity, cli[i].message, cli[i].line, cli[i].column], [f.rule, f.severity, f.message, f.line, f.column]);
    });
  });
});
