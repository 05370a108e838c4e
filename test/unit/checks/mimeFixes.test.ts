/** Fixes for a MIME type WhatsApp refuses for its message (src/core/checks/mimeFixes.ts), through the pipeline's fix sites. */
import * as assert from 'node:assert';
import { applyEdits } from 'jsonc-parser';
import { checkPayload } from '../../../src/core/checks/pipeline';

const payload = (type: string, url: string, mime: string) =>
  JSON.stringify(
    { deliverychannel: 'whatsapp', appid: 'a', destination: [{ waid: ['16505551234'] }], channels: { 'OTT-Messaging': { wa: { type, [type]: { url, mimeType: mime } } } } },
    null,
    2,
  );

/** The fixes offered on the mimeType value, each as [title, the mimeType after applying it, whether the schema then accepts it]. */
function fixesAt(text: string): [string, string, boolean][] {
  const checks = checkPayload(text);
  const mime = /"mimeType": ("[^"]*")/.exec(text);
  assert.ok(mime);
  const at = text.indexOf(mime[1]);
  const refused = checks.findings.some((f) => f.rule === 'schema' && f.offset === at && f.severity === 'error');
  assert.ok(refused, `the schema refuses ${mime[1]} as an error at its place`);
  return checks.fixSites
    .filter((s) => s.offset === at && s.length === mime[1].length)
    .map((s) => {
      const fixed = applyEdits(text, (s.fix.edits ?? []).map((e) => ({ offset: e.offset, length: e.length, content: e.content })));
      const after = /"mimeType": "([^"]*)"/.exec(fixed)?.[1] ?? '';
      return [s.fix.title, after, !checkPayload(fixed).findings.some((f) => f.rule === 'schema')];
    });
}

describe('checks: a quick fix for a refused MIME type', () => {
  it('sets the type the URL\'s extension names, when WhatsApp accepts it for the message', () => {
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/photo.jpg', 'image/gif')), [['Set mimeType to "image/jpeg"', 'image/jpeg', true]]);
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/PHOTO.PNG?v=2', 'image/webp')), [['Set mimeType to "image/png"', 'image/png', true]]);
    assert.deepStrictEqual(fixesAt(payload('document', 'https://cdn.acme-media.net/d/terms.pdf', 'application/zip')), [['Set mimeType to "application/pdf"', 'application/pdf', true]]);
  });
  it('sets the type the value itself names: an extension, an x- subtype, audio/mp3', () => {
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/photo', 'jpeg')), [['Set mimeType to "image/jpeg"', 'image/jpeg', true]]);
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/photo', 'image/x-png')), [['Set mimeType to "image/png"', 'image/png', true]]);
    assert.deepStrictEqual(fixesAt(payload('audio', 'https://cdn.acme-media.net/a/song', 'audio/mp3')), [['Set mimeType to "audio/mpeg"', 'audio/mpeg', true]]);
  });
  it('offers both, the URL\'s first, when they differ', () => {
    assert.deepStrictEqual(
      fixesAt(payload('image', 'https://cdn.acme-media.net/p/photo.png', 'jpeg')).map((f) => f[1]),
      ['image/png', 'image/jpeg'],
    );
  });
  it('offers nothing that WhatsApp refuses for the message, or when nothing says which type is meant', () => {
    // A .gif is an image WhatsApp doesn't take; a .mp4 URL in an image message is a video.
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/anim.gif', 'image/gif')), []);
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/clip.mp4', 'video/mp4')), []);
    assert.deepStrictEqual(fixesAt(payload('image', 'https://{{host}}/p/photo.jpg', 'image/gif')), []);
    assert.deepStrictEqual(fixesAt(payload('image', 'https://cdn.acme-media.net/p/photo', 'text/html')), []);
  });
  it('leaves an accepted or variable MIME type alone', () => {
    for (const mime of ['image/jpeg', 'IMAGE/PNG', 'image/jpg', '{{mime}}']) {
      assert.deepStrictEqual(checkPayload(payload('image', 'https://cdn.acme-media.net/p/photo.jpg', mime)).fixSites.filter((s) => s.fix.title.startsWith('Set mimeType')), [], mime);
    }
  });
});
