/**
 * The preview model (src/core/preview): the bubble of every kind, with expectations written by
 * hand, and its problems.
 */
import { projectRoot } from './helpers/paths';
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bubble, buildPreview, mediaOrigins } from '../../src/core/preview';
import { plainText } from '../../src/core/messages/bubbleParts';
import { kindPayload } from './helpers/payloads';
import { segs } from './helpers/richText';

const root = projectRoot;

function bubbleOf<K extends Bubble['kind']>(source: string, kind: K, context = {}): Extract<Bubble, { kind: K }> {
  const model = buildPreview(source, context);
  assert.strictEqual(model.bubble.kind, kind, JSON.stringify(model.bubble));
  return model.bubble as Extract<Bubble, { kind: K }>;
}

describe('the bubble of every kind', () => {
  it('image: a tile with its caption, the extension from the URL', () => {
    const b = bubbleOf(kindPayload('image', (_p, wa) => Object.assign(wa.image, { url: 'https://media.acme-cdn.net/team.JPG', caption: 'Our *team*' })), 'media');
    assert.strictEqual(b.media, 'image');
    assert.strictEqual(b.extension, 'jpg');
    assert.strictEqual(b.loadable, true);
    assert.deepStrictEqual(segs(b.caption), ['Our ', 'team{b}']);
  });
  it('document: file name and its extension; no caption limit is passed over', () => {
    const b = bubbleOf(kindPayload('document', (_p, wa) => Object.assign(wa.document, { filename: 'Invoice 42.PDF', caption: 'x'.repeat(1030) })), 'media');
    assert.strictEqual(b.filename, 'Invoice 42.PDF');
    assert.strictEqual(b.extension, 'pdf');
    assert.strictEqual(b.caption?.chars, 1030);
    assert.strictEqual(b.caption?.limit, 1024);
    assert.strictEqual(b.caption?.segments.at(-1)?.text, 'x'.repeat(6));
    assert.strictEqual(b.caption?.segments.at(-1)?.over, true);
  });
  it('video with its caption; audio and sticker without one', () => {
    assert.strictEqual(plainText(bubbleOf(kindPayload('video'), 'media').caption), 'Caption text');
    for (const kind of ['audio', 'video', 'sticker'] as const) {
      const b = bubbleOf(kindPayload(kind), 'media');
      assert.strictEqual(b.media, kind);
      if (kind !== 'video') assert.strictEqual(b.caption, undefined);
      // The scaffold's placeholder host is never fetched.
      assert.strictEqual(b.loadable, false);
    }
  });
  it('text: the body formatted, and the first link previewed when preview_url is on', () => {
    const b = bubbleOf(kindPayload('text', (_p, wa) => Object.assign(wa, { preview_url: true, text: { body: 'Hi *{{name}}*\nhttps://a.example.org/x and https://b.example.org' } })), 'text', { variables: { name: 'Ada' } });
    assert.deepStrictEqual(segs(b.body), ['Hi ', 'Ada{b}', '\n', 'https://a.example.org/x', ' and ', 'https://b.example.org']);
    assert.strictEqual(b.linkPreview, 'https://a.example.org/x');
    const off = bubbleOf(kindPayload('text', (_p, wa) => Object.assign(wa, { preview_url: false })), 'text');
    assert.strictEqual(off.linkPreview, undefined);
  });
  it('text past 4096 characters is marked at the cut', () => {
    const b = bubbleOf(kindPayload('text', (_p, wa) => (wa.text.body = 'a'.repeat(4096) + 'TAIL')), 'text');
    assert.strictEqual(b.body.segments.length, 2);
    assert.strictEqual(b.body.segments[1].text, 'TAIL');
    assert.strictEqual(b.body.segments[1].over, true);
  });
  it('location: name, address and coordinates; an address without a name is hidden', () => {
    const b = bubbleOf(kindPayload('location'), 'location');
    assert.deepStrictEqual(b, { kind: 'location', name: 'Head office', address: '1 Market St, San Francisco, CA', latitude: 37.7749, longitude: -122.4194, addressHidden: false });
    const hidden = bubbleOf(kindPayload('location', (_p, wa) => delete wa.location.name), 'location');
    assert.strictEqual(hidden.addressHidden, true);
  });
  it('contacts: name, company, phones and emails of each card', () => {
    const b = bubbleOf(
      kindPayload('contacts', (_p, wa) => wa.contacts.push({ name: { first_name: 'Grace', last_name: 'Hopper' }, org: { company: 'Navy' }, phones: [{ phone: '+1 555' }, { phone: '+1 556' }] })),
      'contacts',
    );
    assert.deepStrictEqual(b.cards, [
      { name: 'Ada Lovelace', phones: ['+1 650 555 1234'], emails: ['ada@example.com'] },
      { name: 'Grace Hopper', org: 'Navy', phones: ['+1 555', '+1 556'], emails: [] },
    ]);
  });
  it('list: header, body, footer, button, and the sheet of sections and rows', () => {
    const b = bubbleOf(kindPayload('list'), 'list');
    assert.deepStrictEqual([b.header, b.body, b.footer, b.button].map(plainText), ['Delivery', 'When should we deliver your order?', 'Reply any time', 'Choose a slot']);
    assert.deepStrictEqual(
      b.sections.map((s) => [plainText(s.title), s.rows.map((r) => `${r.id}|${plainText(r.title)}|${plainText(r.description)}`)]),
      [['Tomorrow', ['slot-morning|Morning|8:00 to 12:00', 'slot-afternoon|Afternoon|12:00 to 18:00']]],
    );
  });
  it('list: a button label past 20 characters is marked at the cut', () => {
    const b = bubbleOf(kindPayload('list', (_p, wa) => (wa.list.action.button = 'Choose a delivery slot now')), 'list');
    assert.deepStrictEqual(segs(b.button), ['Choose a delivery sl', 'ot now{over}']);
  });
  it('reply: text header, body, footer and the buttons', () => {
    const b = bubbleOf(kindPayload('reply'), 'reply');
    assert.deepStrictEqual(b.header && 'text' in b.header ? plainText(b.header.text) : b.header, 'Your appointment');
    assert.deepStrictEqual(b.buttons.map((x) => `${x.id}|${plainText(x.title)}`), ['confirm|Confirm', 'reschedule|Reschedule']);
  });
  it('reply: a media header is a tile', () => {
    const b = bubbleOf(kindPayload('reply', (_p, wa) => (wa.reply.header = { type: 'document', document: { url: 'https://files.acme-cdn.net/terms.pdf', filename: 'terms.pdf' } })), 'reply');
    assert.deepStrictEqual(b.header, { tile: { media: 'document', url: 'https://files.acme-cdn.net/terms.pdf', filename: 'terms.pdf', extension: 'pdf', loadable: true } });
  });
  const templates = {
    '602076559564625': { name: 'spring_offer', header: { type: 'image' as const }, body: 'Hi {{name}}, use {{code}} for 20% off.', footer: 'Acme', buttons: [{ type: 'url' as const, name: 'shop', text: 'Shop', url: 'https://acme-shop.net/{{1}}' }, { type: 'quickReply' as const, text: 'Stop' }] },
  };
  it('template with its definition: header tile, body filled in, footer and buttons', () => {
    const source = kindPayload('template', (p) => Object.assign(p.message.parameters, { shop: { type: 'url', payload: 'spring' } }));
    const b = bubbleOf(source, 'template', { templates });
    assert.strictEqual(b.defined, true);
    assert.strictEqual(b.label, '602076559564625 (spring_offer)');
    assert.deepStrictEqual(b.header && 'tile' in b.header ? b.header.tile.media : b.header, 'image');
    assert.strictEqual(plainText(b.body), 'Hi Ada, use SPRING25 for 20% off.');
    assert.strictEqual(plainText(b.footer), 'Acme');
    assert.deepStrictEqual(b.buttons, [{ type: 'url', text: 'Shop', url: 'https://acme-shop.net/spring' }, { type: 'quickReply', text: 'Stop' }]);
  });
  it('template: a parameter not given is marked in the body, and is a problem', () => {
    const source = kindPayload('template', (p) => delete p.message.parameters.code);
    const model = buildPreview(source, { templates });
    const b = model.bubble as Extract<Bubble, { kind: 'template' }>;
    assert.deepStrictEqual(segs(b.body), ['Hi Ada, use ', '{{code}}{var code}', ' for 20% off.']);
    assert.ok(model.problems.some((p) => p.rule === 'template-missing-parameter' && p.severity === 'error'), JSON.stringify(model.problems));
  });
  it('template named where its id goes: not shown as that template (Webex Connect would refuse it), and a problem with the fix', () => {
    const model = buildPreview(kindPayload('template', (p) => (p.message.template = 'spring_offer')), { templates });
    const b = model.bubble as Extract<Bubble, { kind: 'template' }>;
    assert.strictEqual(b.defined, false);
    assert.ok(model.problems.some((p) => p.rule === 'template-id' && p.severity === 'warning'), JSON.stringify(model.problems));
  });
  it('template without a definition: the parameters as a table', () => {
    const b = bubbleOf(kindPayload('template'), 'template');
    assert.strictEqual(b.defined, false);
    assert.strictEqual(b.label, '602076559564625');
    assert.deepStrictEqual(b.parameters, [
      { name: 'name', value: 'Ada' },
      { name: 'code', value: 'SPRING25' },
    ]);
  });
  it('hsm: a notice that it is deprecated', () => {
    assert.match(bubbleOf(kindPayload('hsm'), 'notice').message, /deprecated/);
  });
});

describe('the preview model', () => {
  it('problems are the editor\'s findings, with their places', () => {
    const source = kindPayload('image', (_p, wa) => (wa.image.url = 'https://media.acme-cdn.net/team.png'));
    const model = buildPreview(source);
    const p = model.problems.find((x) => x.rule === 'url-extension');
    assert.ok(p, JSON.stringify(model.problems));
    assert.strictEqual(source.slice(p.offset, p.offset + p.length), '"https://media.acme-cdn.net/team.png"');
    assert.strictEqual(p.line, source.slice(0, p.offset).split('\n').length);
  });
  it('the schema\'s findings are problems too, errors as Send and wxc validate call them: a list button past 20 characters', () => {
    const source = kindPayload('list', (_p, wa) => (wa.list.action.button = 'Choose a delivery slot now'));
    const schema = buildPreview(source).problems.filter((p) => p.rule === 'schema');
    assert.strictEqual(schema.length, 1, JSON.stringify(schema));
    assert.strictEqual(source.slice(schema[0].offset, schema[0].offset + schema[0].length), '"Choose a delivery slot now"');
    assert.strictEqual(schema[0].severity, 'error');
  });
  it('the samples have no problems', () => {
    for (const name of ['image', 'text', 'list', 'reply', 'template', 'contacts', 'location']) {
      assert.deepStrictEqual(buildPreview(readFileSync(join(root, 'samples', `${name}.wa.jsonc`), 'utf8')).problems, [], name);
    }
  });
  it('a syntax error is a problem, and a notice instead of the bubble', () => {
    const model = buildPreview('{ "a": ');
    assert.strictEqual(model.bubble.kind, 'notice');
    assert.strictEqual(model.problems.length > 0, true);
    assert.strictEqual(model.problems[0].severity, 'error');
  });
  it('an unknown type is named in the notice', () => {
    const model = buildPreview(kindPayload('text', (_p, wa) => (wa.type = 'carousel')));
    assert.match((model.bubble as { message: string }).message, /"carousel"/);
  });
  it('every sample has a bubble of its kind', () => {
    const expected: Record<string, string> = { audio: 'media', contacts: 'contacts', document: 'media', image: 'media', list: 'list', location: 'location', reply: 'reply', sticker: 'media', template: 'template', text: 'text', video: 'media' };
    for (const [name, kind] of Object.entries(expected)) {
      const model = buildPreview(readFileSync(join(root, 'samples', `${name}.wa.jsonc`), 'utf8'));
      assert.strictEqual(model.bubble.kind, kind, name);
      assert.strictEqual(model.kind, name, name);
    }
  });
});

describe('the origins the preview CSP allows images from', () => {
  const image = (url: string) => buildPreview(kindPayload('image', (_p, wa) => Object.assign(wa.image, { url })));
  const sample = (name: string) => readFileSync(join(root, 'samples', `${name}.wa.jsonc`), 'utf8');

  it('is the exact origin of a public image: scheme, host as the URL parser writes it, and a port other than 443', () => {
    assert.deepStrictEqual(mediaOrigins(image('https://media.acme-cdn.net/team.jpg').bubble), ['https://media.acme-cdn.net']);
    assert.deepStrictEqual(mediaOrigins(image('https://MEDIA.Acme-CDN.net:8443/a/b.jpg?x=1#y').bubble), ['https://media.acme-cdn.net:8443']);
    assert.deepStrictEqual(mediaOrigins(image('https://media.acme-cdn.net:443/team.jpg').bubble), ['https://media.acme-cdn.net']);
    assert.deepStrictEqual(mediaOrigins(image('https://bücher.de/a.jpg').bubble), ['https://xn--bcher-kva.de']);
    assert.deepStrictEqual(mediaOrigins(image('https://8.8.8.8/a.jpg').bubble), ['https://8.8.8.8']);
  });

  it('is empty for an image the rules refuse: private, local, placeholder, http, credentials, unfilled', () => {
    for (const url of ['https://127.0.0.1/a.jpg', 'https://0x7f.1/a.jpg', 'https://[::ffff:169.254.169.254]/a.jpg', 'https://10.1.2.3/a.jpg', 'https://router.lan/a.jpg', 'https://localhost./a.jpg', 'https://cdn.example.com/a.jpg', 'http://media.acme-cdn.net/a.jpg', 'https://u:p@media.acme-cdn.net/a.jpg', 'https://{{host}}/a.jpg', 'not a url']) {
      assert.deepStrictEqual(mediaOrigins(image(url).bubble), [], url);
    }
  });

  it('leaves out what CSP cannot name (an IPv6 literal, a host with "_" or a last dot): that image is not loaded', () => {
    assert.deepStrictEqual(mediaOrigins(image('https://[2606:4700::1111]/a.jpg').bubble), []);
    assert.deepStrictEqual(mediaOrigins(image('https://media_1.acme-cdn.net/a.jpg').bubble), []);
    assert.deepStrictEqual(mediaOrigins(image('https://media.acme-cdn.net./a.jpg').bubble), []);
  });

  it('takes the stickers and the images of headers, not the documents or videos the preview never loads', () => {
    assert.deepStrictEqual(mediaOrigins(buildPreview(sample('sticker')).bubble), ['https://wxc-tools.github.io']);
    assert.deepStrictEqual(mediaOrigins(buildPreview(sample('template')).bubble), ['https://wxc-tools.github.io']);
    const header = sample('reply').replace('"type": "text",\n            "text": "Your appointment"', '"type": "image",\n            "image": { "url": "https://img.acme-cdn.net:8443/h.jpg" }');
    assert.notStrictEqual(header, sample('reply'));
    assert.deepStrictEqual(mediaOrigins(buildPreview(header).bubble), ['https://img.acme-cdn.net:8443']);
    assert.deepStrictEqual(mediaOrigins(buildPreview(sample('document')).bubble), []);
    assert.deepStrictEqual(mediaOrigins(buildPreview(sample('video')).bubble), []);
  });
});
