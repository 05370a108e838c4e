/** Completions from the template definitions (src/core/messages/templateCompletions): the parameters a template still needs, and its ids. */
import * as assert from 'node:assert';
import { TemplateDefinitions } from '../../../src/core/messages/templateDefinitions';
import { templateCompletions } from '../../../src/core/messages/templateCompletions';

describe('message kinds: completions from template definitions', () => {
  const DEFS: TemplateDefinitions = {
    spring_offer: { name: 'Spring offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}}.' },
    order_update: { body: 'Ships {{day}}.', buttons: [{ type: 'url', name: 'track', url: 'https://example.com/{{1}}' }] },
    login_code: { body: '{{1}} is your code.', buttons: [{ type: 'otp' }] },
  };
  const at = (source: string) => templateCompletions(source.replace('|', ''), source.indexOf('|'), DEFS);
  const withParameters = (id: string, params: string) => `{ "deliverychannel": "whatsapp", "message": { "template": "${id}", "parameters": { ${params} } } }`;

  it('offers the parameters the template still needs, each with a value of its shape', () => {
    assert.deepStrictEqual(at(withParameters('spring_offer', '"name": "Ada", |')).map((c) => [c.label, c.snippet]), [
      ['image', '"image": { "link": "${1:https://}" }'],
      ['code', '"code": "$1"'],
    ]);
    assert.deepStrictEqual(at(withParameters('order_update', '|')).map((c) => c.snippet), ['"day": "$1"', '"track": { "type": "url", "payload": "$1" }']);
    assert.deepStrictEqual(at(withParameters('login_code', '"{{1}}": "x", |')).map((c) => c.snippet), ['"otp": { "type": "otp", "value": "$1" }']);
  });
  it('offers the template ids in message.template', () => {
    const source = '{ "message": { "template": "|" } }';
    assert.deepStrictEqual(at(source).map((c) => [c.label, c.snippet]), [['spring_offer', 'spring_offer'], ['order_update', 'order_update'], ['login_code', 'login_code']]);
    assert.match(at(source)[0].detail, /Spring offer/);
  });
  it('offers nothing elsewhere, for an unknown template, or without definitions', () => {
    assert.deepStrictEqual(at('{ "appid": |, "message": { "template": "spring_offer" } }'), []);
    assert.deepStrictEqual(at(withParameters('nope', '|')), []);
    assert.deepStrictEqual(templateCompletions(withParameters('spring_offer', ''), 80, undefined), []);
  });
});
