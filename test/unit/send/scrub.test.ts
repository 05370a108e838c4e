/** Scrubbing secrets out of text (src/core/send/scrub). */
import * as assert from 'node:assert';
import { scrub } from '../../../src/core/send/scrub';

describe('scrubbing', () => {
  it('scrubs a secret in plain, URL-encoded and JSON-escaped forms', () => {
    const secret = 'a/b"c+d';
    const t = `x ${secret} ${encodeURIComponent(secret)} ${JSON.stringify(secret)}`;
    const s = scrub(t, [secret]);
    assert.ok(!s.includes(secret) && !s.includes(encodeURIComponent(secret)) && !s.includes('a/b\\"c+d'), s);
    assert.strictEqual(s.split('‹redacted›').length, 4);
    assert.strictEqual(scrub('abc', ['ab', undefined]), 'abc', 'too short to scrub safely');
  });
});
