/** The media table (src/core/media/table): the reference's limits, sizes and summaries, what is a media type. */
import * as assert from 'node:assert';
import { MEDIA, MEDIA_TYPES, formatBytes, isMediaType, mediaSummary, sizeLimitText } from '../../../src/core/media/table';

describe('media table', () => {
  it('states the limits of the reference', () => {
    assert.strictEqual(sizeLimitText(MEDIA.image), '5 MB');
    assert.strictEqual(sizeLimitText(MEDIA.audio), '16 MB');
    assert.strictEqual(sizeLimitText(MEDIA.video), '16 MB');
    assert.strictEqual(sizeLimitText(MEDIA.document), '100 MB');
    assert.strictEqual(sizeLimitText(MEDIA.sticker), '100 KB static, 500 KB animated');
    assert.deepStrictEqual(
      MEDIA_TYPES.filter((t) => MEDIA[t].caption),
      ['image', 'video', 'document'],
    );
    assert.deepStrictEqual(
      MEDIA_TYPES.filter((t) => MEDIA[t].filename),
      ['document'],
    );
    assert.strictEqual(MEDIA.document.mimeTypes.length, 8);
  });

  it('formats sizes and one-line summaries', () => {
    assert.strictEqual(formatBytes(5 * 1024 * 1024), '5 MB');
    assert.strictEqual(formatBytes(500 * 1024), '500 KB');
    assert.strictEqual(formatBytes(1000), '1000 bytes');
    assert.strictEqual(mediaSummary(MEDIA.image), 'JPEG or PNG, up to 5 MB, caption');
    assert.strictEqual(mediaSummary(MEDIA.audio), 'AAC, M4A, MP3, AMR or OGG/Opus, up to 16 MB, no caption');
    assert.strictEqual(mediaSummary(MEDIA.document), 'PDF, TXT, DOC(X), XLS(X) or PPT(X), up to 100 MB, caption and filename');
  });

  it('tells media types from other values', () => {
    for (const t of MEDIA_TYPES) assert.ok(isMediaType(t));
    for (const v of ['Image', 'gif', '', undefined, 3, {}]) assert.ok(!isMediaType(v), String(v));
  });

  it('gives every type an example file whose extension matches its first MIME type', () => {
    for (const t of MEDIA_TYPES) {
      const ext = MEDIA[t].exampleFile.split('.').pop();
      assert.ok(MEDIA[t].mimeTypes[0].extensions.includes(ext ?? ''), t);
    }
  });
});
