/** The bubbles' parts (src/core/messages/bubbleParts): rich text with variables filled or marked and limits, media URLs the preview may load. */
import * as assert from 'node:assert';
import { isLoadableMediaUrl, richText } from '../../../src/core/messages/bubbleParts';
import { segs } from '../helpers/richText';

describe('rich text: variables and limits', () => {
  it('fills variables the environment defines and marks the others', () => {
    const r = richText('Hi {{name}}, code {{code}}', (n) => (n === 'name' ? 'Ada' : undefined));
    assert.deepStrictEqual(segs(r), ['Hi Ada, code ', '{{code}}{var code}']);
  });
  it('a variable name with underscores is not italic', () => {
    assert.deepStrictEqual(segs(richText('{{first_name}} _x_', () => undefined)), ['{{first_name}}{var first_name}', ' ', 'x{i}']);
  });
  it('marks the text past the limit, counting code points once filled in', () => {
    const r = richText('ab{{v}}cd', () => '😀', 4);
    assert.strictEqual(r.chars, 5);
    assert.deepStrictEqual(segs(r), ['ab😀c', 'd{over}']);
    // The markers count: WhatsApp's limit is on the text as sent.
    assert.deepStrictEqual(segs(richText('*abcdef*', () => undefined, 3)), ['ab{b}', 'cdef{over}{b}']);
  });
});

describe('media URLs the preview may load (with consent)', () => {
  it('https on a public host only', () => {
    assert.strictEqual(isLoadableMediaUrl('https://media.acme-cdn.net/a.jpg'), true);
    for (const url of ['http://media.acme-cdn.net/a.jpg', 'https://127.0.0.1/a.jpg', 'https://localhost/a.jpg', 'https://10.0.0.5/a.jpg', 'https://192.168.1.2/a.jpg', 'https://[::1]/a.jpg', 'https://user:pw@media.acme-cdn.net/a.jpg', 'https://cdn.example.com/a.jpg', 'https://{{host}}/a.jpg', 'javascript:alert(1)', 'not a url']) {
      assert.strictEqual(isLoadableMediaUrl(url), false, url);
    }
  });
  it('never a host that is not public, however it is spelled', () => {
    for (const host of ['localhost.', 'router.', '[::ffff:169.254.169.254]', '[::ffff:a9fe:a9fe]', '[::ffff:10.0.0.1]', '[::]', '[64:ff9b::a9fe:a9fe]', '[2002:a9fe:a9fe::]', '100.64.0.1', '198.18.0.1', '239.255.255.250', '255.255.255.255', '2130706433', '0x7f.1', '0177.0.0.1', 'nas.local', 'printer.home.arpa', 'metadata.google.internal', 'cdn.example.com.']) {
      assert.strictEqual(isLoadableMediaUrl(`https://${host}/a.jpg`), false, host);
    }
    for (const host of ['upload.wikimedia.org', 'upload.wikimedia.org.', '8.8.8.8', '[2606:4700:4700::1111]', 'cdn.acme-media.net']) assert.strictEqual(isLoadableMediaUrl(`https://${host}/a.jpg`), true, host);
  });
});
