/** Skeletons and snippets (src/core/messages/scaffold): each snippet expands to its skeleton, and the snippets file holds them. */
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePayload } from '../../../src/core/json/jsonc';
import { MEDIA, MEDIA_TYPES } from '../../../src/core/media/table';
import { escapeSnippetText, exampleMediaUrl, payloadSnippet, skeletonPayload } from '../../../src/core/messages/scaffold';
import { validatePayload } from '../../../src/core/schema/validate';
import { projectRoot } from '../helpers/paths';
import { expandSnippet } from '../helpers/payloads';

describe('skeletons and snippets', () => {
  for (const type of MEDIA_TYPES) {
    it(`the ${type} snippet expands to the ${type} skeleton`, () => {
      const snippet = payloadSnippet(type);
      assert.deepStrictEqual(JSON.parse(expandSnippet(snippet)), skeletonPayload(type));
      // Tab stop 1 is the media URL, 2 the MIME type choice of exactly the allowed values.
      assert.ok(snippet.includes(`\${1:${exampleMediaUrl(MEDIA[type])}}`), snippet);
      assert.ok(snippet.includes(`\${2|${MEDIA[type].mimeTypes.map((m) => m.mime).join(',')}|}`), snippet);
      // The variables are escaped so the placeholder covers the whole {{name}}.
      assert.ok(snippet.includes('{{waid\\}\\}}'), snippet);
    });
  }

  it('escapes snippet syntax in defaults', () => {
    assert.strictEqual(escapeSnippetText('{{a}} costs $5 \\ ok'), '{{a\\}\\} costs \\$5 \\\\ ok');
  });

  for (const kind of ['text', 'location', 'contacts', 'list', 'reply', 'template']) {
    it(`the ${kind} snippet expands to the ${kind} skeleton, numbers and booleans unquoted`, () => {
      const snippet = payloadSnippet(kind);
      assert.deepStrictEqual(JSON.parse(expandSnippet(snippet)), skeletonPayload(kind));
      assert.ok(snippet.includes('${1'), snippet);
    });
  }

  it('a scaffold can carry "notifyurl": "{{notifyurl}}" (New Message while the receiver runs), and it still validates', () => {
    const plain = payloadSnippet('image');
    const withNotify = payloadSnippet('image', { notifyUrl: true });
    assert.ok(!plain.includes('notifyurl'));
    assert.ok(withNotify.includes('"notifyurl": "{{notifyurl}}"'), withNotify);
    const expanded = expandSnippet(withNotify);
    const parsed = parsePayload(expanded);
    assert.deepStrictEqual(parsed.problems, []);
    assert.strictEqual((parsed.value as Record<string, unknown>).notifyurl, '{{notifyurl}}');
    assert.deepStrictEqual(validatePayload(parsed), []);
  });

  it('a scaffold addressed to customers (a reply) writes their waids and app id in, as text, and keeps the other places', () => {
    const snippet = payloadSnippet('text', { to: { waids: ['15550001234', '15550005678'], appid: 'app-77' } });
    const value = JSON.parse(expandSnippet(snippet)) as { appid: string; destination: { waid: string[] }[] };
    assert.deepStrictEqual(value.destination, [{ waid: ['15550001234', '15550005678'] }]);
    assert.strictEqual(value.appid, 'app-77');
    assert.ok(!snippet.includes('{{waid'), snippet);
    // The message is still the first place to fill in.
    assert.ok(snippet.includes('${1:'), snippet);
    assert.deepStrictEqual(validatePayload(parsePayload(expandSnippet(snippet))), []);
  });

  it('an addressed scaffold without an app id keeps {{WAAppid}}; snippet syntax in what it writes in stays text', () => {
    const hostile = '${1:x}$TM_FILENAME\\}';
    const snippet = payloadSnippet('text', { to: { waids: [hostile] } });
    const value = JSON.parse(expandSnippet(snippet)) as { appid: string; destination: { waid: string[] }[] };
    assert.deepStrictEqual(value.destination, [{ waid: [hostile] }]);
    assert.strictEqual(value.appid, '{{WAAppid}}');
  });

  it('the snippets file has one wa-<kind> snippet per message kind offered, with the same skeletons, and the notifyurl line', () => {
    // The file package.json contributes (for json, jsonc and wa-payload alike): what VS Code reads.
    const contributed: { language: string; path: string }[] = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).contributes.snippets;
    assert.deepStrictEqual([...new Set(contributed.map((c) => c.path))], ['./snippets/whatsapp.json']);
    const file = JSON.parse(readFileSync(join(projectRoot, 'snippets', 'whatsapp.json'), 'utf8'));
    const all = Object.values(file) as { prefix: string; body: string[]; description: string }[];
    const notify = all.filter((e) => e.prefix === 'wa-notifyurl');
    assert.deepStrictEqual(
      notify.map((e) => e.body),
      [['"notifyurl": "{{notifyurl}}",']],
    );
    const entries = all.filter((e) => e.prefix !== 'wa-notifyurl');
    const kinds = ['image', 'audio', 'video', 'document', 'sticker', 'text', 'location', 'contacts', 'list', 'reply', 'template'];
    assert.deepStrictEqual(entries.map((e) => e.prefix), kinds.map((k) => `wa-${k}`));
    entries.forEach((e, i) => {
      assert.strictEqual(e.body.join('\n'), payloadSnippet(kinds[i]));
      assert.match(e.description, new RegExp(kinds[i] === 'contacts' ? 'contact card' : kinds[i]));
    });
  });
});
