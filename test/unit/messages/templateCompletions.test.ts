/** Completions from the template definitions (src/core/messages/templateCompletions): the parameters a template still needs, and its ids. */
import * as assert from 'node:assert';
import { TemplateDefinitions } from '../../../src/core/messages/templateDefinitions';
import { templateCompletions } from '../../../src/core/messages/templateCompletions';
import { checkPayload } from '../../../src/core/checks/pipeline';
import { templateHoverAt } from '../../../src/core/messages/templateHover';

describe('message kinds: completions from template definitions', () => {
  const DEFS: TemplateDefinitions = {
    '602076559564625': { name: 'spring_offer', language: 'en', category: 'marketing', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}}.' },
    '715843920183746': { body: 'Ships {{day}}.', buttons: [{ type: 'url', name: 'track', url: 'https://example.com/{{1}}' }] },
    '839201746552018': { name: 'login_code', body: '{{1}} is your code.', buttons: [{ type: 'otp' }] },
  };
  const at = (source: string) => templateCompletions(source.replace('|', ''), source.indexOf('|'), DEFS);
  const withParameters = (id: string, params: string) => `{ "deliverychannel": "whatsapp", "message": { "template": "${id}", "parameters": { ${params} } } }`;

  it('offers the parameters the template still needs, each with a value of its shape', () => {
    assert.deepStrictEqual(at(withParameters('602076559564625', '"name": "Ada", |'))?.map((c) => [c.label, c.snippet, c.detail]), [
      ['image', '"image": { "link": "${1:https://cdn.example.com/media/photo.jpg}" }', 'the header image of template 602076559564625 (spring_offer)'],
      ['code', '"code": "${1:code}"', 'a body variable of template 602076559564625 (spring_offer)'],
    ]);
    assert.deepStrictEqual(at(withParameters('715843920183746', '|'))?.map((c) => c.snippet), ['"day": "${1:day}"', '"track": { "type": "url", "payload": "${1:track}" }']);
    assert.deepStrictEqual(at(withParameters('839201746552018', '"{{1}}": "x", |'))?.map((c) => c.snippet), ['"otp": { "type": "otp", "value": "${1:123456}" }']);
  });
  it('knows the place when every parameter is given: nothing to offer, and nothing generic either', () => {
    assert.deepStrictEqual(at(withParameters('715843920183746', '"day": "Monday", "track": { "type": "url", "payload": "x" }, |')), []);
  });
  it('inserts placeholders the checks accept as they appear: only an emptied one is an error', () => {
    const defs: TemplateDefinitions = { '1': { header: { type: 'video' }, body: 'Hi {{name}}', buttons: [{ type: 'url', name: 'track', url: 'https://e.com/{{1}}' }, { type: 'otp' }] } };
    const offered = templateCompletions(withParameters('1', '|'), withParameters('1', '|').indexOf('|'), defs) ?? [];
    // Accepting each snippet as is (placeholders keep their text), then emptying the body's.
    const inserted = offered.map((c) => c.snippet.replace(/\$\{1:([^}]*)\}/g, '$1')).join(', ');
    const payload = (params: string) => `{ "deliverychannel": "whatsapp", "appid": "a", "destination": [{ "waid": ["16505551234"] }], "message": { "template": "1", "parameters": { ${params} } } }`;
    const errors = (text: string) => checkPayload(text, { templates: defs }).findings.filter((f) => f.severity === 'error').map((f) => f.rule);
    assert.deepStrictEqual(errors(payload(inserted)), [], inserted);
    assert.deepStrictEqual(errors(payload(inserted.replace('"name": "name"', '"name": ""'))), ['template-empty-parameter']);
  });
  it('offers the template ids in message.template, each with its name', () => {
    const source = '{ "message": { "template": "|" } }';
    assert.deepStrictEqual(at(source)?.map((c) => [c.label, c.snippet, c.name]), [
      ['602076559564625', '602076559564625', 'spring_offer'],
      ['715843920183746', '715843920183746', undefined],
      ['839201746552018', '839201746552018', 'login_code'],
    ]);
    assert.strictEqual(at(source)?.[0].detail, 'spring_offer · en · Hi {{name}}, use {{code}}.');
    assert.deepStrictEqual(at('{ "message": { "template": | } }')?.map((c) => c.snippet)[0], '"602076559564625"');
  });
  it('hovering a described template id shows its name, language, category, parameters and body', () => {
    const source = '{ "message": { "template": "602076559564625" } }';
    const hover = templateHoverAt(source, source.indexOf('0765'), DEFS);
    assert.deepStrictEqual(hover, {
      offset: source.indexOf('"602'),
      length: '"602076559564625"'.length,
      title: 'Template 602076559564625 (spring_offer)',
      details: ['en · marketing', 'Parameters: image, name, code'],
      body: 'Hi {{name}}, use {{code}}.',
    });
    assert.deepStrictEqual(templateHoverAt('{ "message": { "template": "715843920183746" } }', 30, DEFS)?.title, 'Template 715843920183746');
    for (const [text, offset] of [
      ['{ "message": { "template": "999" } }', 30],
      ['{ "message": { "template": "602076559564625" } }', 5],
      ['{ "template": "602076559564625" }', 18],
    ] as const) assert.strictEqual(templateHoverAt(text, offset, DEFS), undefined, text);
    assert.strictEqual(templateHoverAt(source, 30, undefined), undefined);
  });
  it('offers nothing elsewhere, for an unknown template, or without definitions', () => {
    assert.strictEqual(at('{ "appid": |, "message": { "template": "602076559564625" } }'), undefined);
    assert.strictEqual(at(withParameters('nope', '|')), undefined);
    assert.strictEqual(templateCompletions(withParameters('602076559564625', ''), 80, undefined), undefined);
  });
});
