/** Which payload snippets fit the cursor's place (src/core/messages/payloadCompletions.ts). */
import * as assert from 'node:assert';
import { offeredKinds } from '../../../src/core/messages';
import { emptyButWordAt, envelopeSnippetsAt, kindSnippets } from '../../../src/core/messages/payloadCompletions';
import { payloadSnippet } from '../../../src/core/messages/scaffold';

const at = (source: string) => ({ text: source.replace('|', ''), offset: source.indexOf('|') });

describe('message kinds: snippets that fit the place', () => {
  it('offers each kind once, under the New WhatsApp Message pick\'s title, with the scaffold', () => {
    const snippets = kindSnippets();
    assert.deepStrictEqual(snippets.map((s) => s.prefix), offeredKinds().map((k) => `wa-${k.id}`));
    assert.deepStrictEqual(snippets.map((s) => s.name), offeredKinds().map((k) => k.title));
    assert.strictEqual(snippets.find((s) => s.prefix === 'wa-image')?.snippet, payloadSnippet('image'));
    assert.match(kindSnippets({ notifyUrl: true })[0].snippet, /"notifyurl": "\{\{notifyurl\}\}"/);
  });
  it('whole messages go in a file with nothing but the word being typed (and comments)', () => {
    for (const source of ['|', 'wa-|', '  wa-im|\n', '// my payload\nwa|', '/* x */ |']) {
      const { text, offset } = at(source);
      assert.strictEqual(emptyButWordAt(text, offset), true, source);
    }
    for (const source of ['{ | }', '{ "appid": "a", wa-| }', 'wa- foo|', 'wa-| {}', '[|]', '{ "message": { "parameters": { wa-| } } }']) {
      const { text, offset } = at(source);
      assert.strictEqual(emptyButWordAt(text, offset), false, source);
    }
  });
  it('the envelope\'s notifyurl goes among the top-level keys, once, and nowhere else', () => {
    const offered = (source: string) => envelopeSnippetsAt(at(source).text, at(source).offset).map((s) => s.prefix);
    assert.deepStrictEqual(offered('{ "appid": "a",\n  |\n}'), ['wa-notifyurl']);
    assert.deepStrictEqual(offered('{ "appid": "a",\n  "wa-|"\n}'), ['wa-notifyurl']);
    assert.deepStrictEqual(offered('{ "notifyurl": "x",\n  |\n}'), []);
    assert.deepStrictEqual(offered('|'), []);
    assert.deepStrictEqual(offered('{ "appid": | }'), []);
    assert.deepStrictEqual(offered('{ "channels": { | } }'), []);
    assert.deepStrictEqual(offered('{ "message": { "parameters": { | } } }'), []);
  });
});
