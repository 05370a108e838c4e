/** The media rules a schema can't express, and their fixes, in plain Node. */
import * as assert from 'node:assert';
import { applyEdits } from 'jsonc-parser';
import { parsePayload } from '../../src/core/jsonc';
import { MEDIA, MEDIA_TYPES, MediaType } from '../../src/core/media';
import { MediaCheckContext, MediaFinding, checkMedia, isPlaceholderHost, structuralFixes, unreachableReason, urlExtension, variableAt } from '../../src/core/mediaRules';
import { Payload, payload, text } from './payloads';

const vars: Record<string, string> = { WAAppid: 'a1', waid: '16505551234' };
const ctx: MediaCheckContext = { variables: vars, environment: 'environment "dev"' };

function media(type: MediaType, fields: Record<string, unknown>): string {
  return text(
    payload(type, (_p, _m, wa) => {
      wa[type] = fields;
    }),
  );
}

function findings(source: string, context = ctx): MediaFinding[] {
  return checkMedia(parsePayload(source), context);
}

function rules(source: string, context = ctx): string[] {
  return findings(source, context).map((f) => f.rule);
}

/** Applies a finding's first fix and returns the new text. */
function fixed(source: string, f: MediaFinding | undefined): string {
  assert.ok(f, 'a finding');
  const edits = f.fixes[0]?.edits;
  assert.ok(edits, `a fix with edits for ${f.rule}`);
  return applyEdits(source, edits);
}

describe('media rules: URL extension against mimeType', () => {
  it('accepts every allowed extension of every type, in any case, with query strings and fragments', () => {
    for (const type of MEDIA_TYPES) {
      for (const m of MEDIA[type].mimeTypes) {
        for (const ext of m.extensions) {
          const fields: Payload = { url: `https://cdn.acme-media.net/f/file.${ext.toUpperCase()}?X-Amz-Signature=abc&x=.png#t=1`, mimeType: m.mime };
          if (type === 'document') fields.filename = `file.${ext}`;
          assert.deepStrictEqual(rules(media(type, fields)), [], `${type} ${m.mime} .${ext}`);
        }
      }
    }
  });

  it('flags a mismatch on the URL and offers to set mimeType from the extension', () => {
    const source = media('image', { url: 'https://cdn.acme-media.net/a/photo.png', mimeType: 'image/jpeg' });
    const [f] = findings(source);
    assert.strictEqual(f.rule, 'url-extension');
    assert.strictEqual(source.slice(f.offset, f.offset + f.length), '"https://cdn.acme-media.net/a/photo.png"');
    assert.match(f.message, /ends in \.png but mimeType is image\/jpeg.*\(\.jpg or \.jpeg\)/);
    assert.strictEqual(f.fixes[0].title, 'Set mimeType to "image/png"');
    const after = fixed(source, f);
    assert.match(after, /"mimeType": "image\/png"/);
    assert.deepStrictEqual(rules(after), []);
  });

  it('.jpeg and .jpg are both image/jpeg; .3gp is video/3gpp; .ogg and .opus are audio/ogg; .m4a is audio/mp4', () => {
    assert.deepStrictEqual(rules(media('image', { url: 'https://c.acme.net/a.jpeg', mimeType: 'image/jpeg' })), []);
    assert.deepStrictEqual(rules(media('video', { url: 'https://c.acme.net/a.3gp', mimeType: 'video/3gpp' })), []);
    assert.deepStrictEqual(rules(media('audio', { url: 'https://c.acme.net/a.ogg', mimeType: 'audio/ogg' })), []);
    assert.deepStrictEqual(rules(media('audio', { url: 'https://c.acme.net/a.opus', mimeType: 'audio/ogg' })), []);
    assert.deepStrictEqual(rules(media('audio', { url: 'https://c.acme.net/a.m4a', mimeType: 'audio/mp4' })), []);
    const mp3 = findings(media('audio', { url: 'https://c.acme.net/a.mp3', mimeType: 'audio/aac' }));
    assert.strictEqual(mp3[0].fixes[0].title, 'Set mimeType to "audio/mpeg"');
  });

  it('says when the extension belongs to another media type', () => {
    const [f] = findings(media('image', { url: 'https://c.acme.net/clip.mp4', mimeType: 'image/jpeg' }));
    assert.match(f.message, /A \.mp4 file is a video: send it with "type": "video"/);
    assert.deepStrictEqual(f.fixes, []);
  });

  it('flags a URL without an extension, naming what it should end in', () => {
    const [f] = findings(media('document', { url: 'https://c.acme.net/download?id=42', mimeType: 'application/pdf', filename: 'a.pdf' }));
    assert.strictEqual(f.rule, 'url-no-extension');
    assert.match(f.message, /\(\.pdf\)/);
  });

  it('uses the environment\'s values for variables in the URL and skips what it can\'t know', () => {
    assert.deepStrictEqual(rules(media('image', { url: 'https://{{host}}/a.png', mimeType: 'image/png' }), { variables: { ...vars, host: 'c.acme.net' }, environment: 'x' }), []);
    assert.deepStrictEqual(rules(media('image', { url: '{{imageUrl}}', mimeType: 'image/png' }), { variables: { ...vars, imageUrl: 'https://c.acme.net/a.jpg' }, environment: 'x' }), ['url-extension']);
    assert.deepStrictEqual(rules(media('image', { url: '{{imageUrl}}', mimeType: 'image/png' }), {}), []);
  });
});

describe('media rules: MIME spelling and document names', () => {
  it('asks for the canonical MIME type and fixes it', () => {
    for (const [type, value, canonical] of [
      ['image', 'image/jpg', 'image/jpeg'],
      ['image', 'IMAGE/PNG', 'image/png'],
      ['sticker', 'image/WEBP', 'image/webp'],
    ] as const) {
      const source = media(type, { url: `https://c.acme.net/a.${MEDIA[type].mimeTypes.find((m) => m.mime === canonical)?.extensions[0]}`, mimeType: value });
      const f = findings(source).find((x) => x.rule === 'non-canonical-mime');
      assert.ok(f, `${value}: ${rules(source)}`);
      assert.match(f.message, new RegExp(`Write "${canonical.replace('/', '\\/')}"`));
      assert.deepStrictEqual(rules(fixed(source, f)), []);
    }
  });

  it('hints at a document without filename and adds one from the URL', () => {
    const source = media('document', { url: 'https://c.acme.net/docs/Q3%20report.pdf?sig=1', mimeType: 'application/pdf' });
    const f = findings(source).find((x) => x.rule === 'missing-filename');
    assert.ok(f);
    assert.strictEqual(f.severity, 'hint');
    assert.strictEqual(f.fixes[0].title, 'Add "filename": "Q3 report.pdf"');
    const after = fixed(source, f);
    assert.ok(JSON.parse(after).channels['OTT-Messaging'].wa.document.filename === 'Q3 report.pdf');
    assert.deepStrictEqual(rules(after), []);
  });

  it('hints at a filename whose extension does not match and renames it', () => {
    const source = media('document', { url: 'https://c.acme.net/a.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: 'Budget.pdf' });
    const f = findings(source).find((x) => x.rule === 'filename-extension');
    assert.ok(f);
    assert.match(f.message, /ends in \.pdf/);
    assert.match(fixed(source, f), /"filename": "Budget\.xlsx"/);
  });
});

describe('media rules: URLs WhatsApp cannot fetch', () => {
  it('flags http, private, loopback and local hosts, and placeholders', () => {
    const cases: [string, string][] = [
      ['http://c.acme.net/a.jpg', 'http-url'],
      ['https://localhost/a.jpg', 'unreachable-host'],
      ['https://127.0.0.1:8080/a.jpg', 'unreachable-host'],
      ['https://10.1.2.3/a.jpg', 'unreachable-host'],
      ['https://172.20.0.5/a.jpg', 'unreachable-host'],
      ['https://192.168.1.10/a.jpg', 'unreachable-host'],
      ['https://[fd00::1]/a.jpg', 'unreachable-host'],
      ['https://nas.local/a.jpg', 'unreachable-host'],
      ['https://fileserver/a.jpg', 'unreachable-host'],
      ['https://cdn.example.com/a.jpg', 'placeholder-url'],
      ['https://media.example/a.jpg', 'placeholder-url'],
    ];
    for (const [url, rule] of cases) assert.deepStrictEqual(rules(media('image', { url, mimeType: 'image/jpeg', caption: 'x' })), [rule], url);
    assert.strictEqual(unreachableReason('172.32.0.1'), undefined);
    assert.ok(!isPlaceholderHost('examples.com') && !isPlaceholderHost('example.com.acme.net'));
  });

  it('fixes http to https', () => {
    const source = media('image', { url: 'http://c.acme.net/a.jpg', mimeType: 'image/jpeg' });
    const after = fixed(source, findings(source)[0]);
    assert.match(after, /"url": "https:\/\/c\.acme\.net\/a\.jpg"/);
  });

  it('reads the extension of the last path segment only', () => {
    assert.strictEqual(urlExtension(new URL('https://a.b/x.png/y.JPG?z=.gif#.bmp')), 'jpg');
    assert.strictEqual(urlExtension(new URL('https://a.b/dir.v2/file')), '');
    assert.strictEqual(urlExtension(new URL('https://a.b/.hidden')), '');
  });
});

describe('media rules: variables', () => {
  it('warns on each undefined {{name}} at its exact place, with a fix that defines it', () => {
    const source = text(payload('image', (p, m) => ((p.correlationid = 'order-{{orderId}}'), (m.caption = 'Hi {{ firstName }}!'))));
    const found = findings(source).filter((f) => f.rule === 'undefined-variable');
    assert.deepStrictEqual(found.map((f) => source.slice(f.offset, f.offset + f.length)), ['{{ firstName }}', '{{orderId}}']);
    assert.match(found[0].message, /\{\{firstName\}\} is not defined in environment "dev"/);
    assert.strictEqual(found[0].fixes[0].defineVariable, 'firstName');
    assert.strictEqual(found[0].path, 'channels.OTT-Messaging.wa.image.caption');
  });

  it('checks nothing about variables when no environment is active', () => {
    assert.deepStrictEqual(rules(text(payload('image', (p) => (p.correlationid = '{{x}}'))), {}), ['placeholder-url']);
  });

  it('finds the variable under the cursor', () => {
    const t = '{"a": "x {{ waid }} y"}';
    assert.deepStrictEqual(variableAt(t, t.indexOf('waid')), { name: 'waid', offset: t.indexOf('{{'), length: '{{ waid }}'.length });
    assert.strictEqual(variableAt(t, t.indexOf('y"')), undefined);
  });
});

describe('fixes for what the schema reports', () => {
  it('removes a caption from audio and stickers', () => {
    for (const type of ['audio', 'sticker'] as const) {
      const source = text(payload(type, (_p, m) => (m.caption = 'Listen')));
      const site = structuralFixes(parsePayload(source)).find((s) => s.fix.title.startsWith('Remove "caption"'));
      assert.ok(site, type);
      const after = applyEdits(source, site.fix.edits ?? []);
      assert.ok(!after.includes('caption'));
      assert.doesNotThrow(() => JSON.parse(after));
    }
  });

  it('sets type to match the media object', () => {
    const source = text(payload('image', (_p, _m, wa) => (wa.type = 'video')));
    const sites = structuralFixes(parsePayload(source)).filter((s) => s.fix.title === 'Set "type" to "image"');
    assert.strictEqual(sites.length, 2, 'on the type value and on the media key');
    assert.match(applyEdits(source, sites[0].fix.edits ?? []), /"type": "image"/);
  });

  it('renames the mimetype typo', () => {
    const source = text(payload('image', (_p, m) => ((m.mimetype = m.mimeType), delete m.mimeType)));
    const site = structuralFixes(parsePayload(source)).find((s) => s.fix.title === 'Rename to "mimeType"');
    assert.ok(site);
    assert.match(applyEdits(source, site.fix.edits ?? []), /"mimeType": "image\/jpeg"/);
  });

  it('offers nothing on a correct payload', () => {
    assert.deepStrictEqual(structuralFixes(parsePayload(text(payload('document')))), []);
  });
});

describe('where findings are: one pass over the text, or the tree, give the same places and fixes', () => {
  const cases = [
    media('image', { url: 'https://cdn.example.com/a.jpg', mimeType: 'image/jpeg' }),
    media('image', { url: 'http://media.acme-cdn.net/a.png', mimeType: 'IMAGE/JPG', caption: 'x' }),
    media('document', { url: 'https://media.acme-cdn.net/files/report', mimeType: 'application/pdf' }),
    media('document', { url: 'https://10.0.0.7/r.pdf', mimeType: 'application/pdf', filename: 'report.doc' }),
    media('video', { url: 'https://media.acme-cdn.net/clip.mp3', mimeType: 'video/mp4' }),
    media('audio', { url: 'https://{{host}}/a.mp3', mimeType: 'audio/mpeg', caption: 'not allowed' }),
    media('sticker', { url: 'https://media.acme-cdn.net/s.webp', mimetype: 'image/webp', caption: 'no' }),
    text(payload('image', (p, _m, wa) => ((wa.type = 'video'), (p.destination = Array.from({ length: 300 }, (_, i) => ({ waid: [i % 7 ? `1650555${i}` : '{{missing}}'] })))))),
    // Escapes before a reference, and a "__proto__" key on the way.
    `{"deliverychannel": "whatsapp", "appid": "\\u0041{{nope}} {{ waid }}", "destination": [{"waid": ["{{waid}}"]}],
      "__proto__": {"x": "{{also}}"}, "channels": {"OTT-Messaging": {"wa": {"type": "image", "image": {"url": "https://localhost/a.jpg", "mimeType": "image/png"}}}}}`,
  ];
  const plain = (xs: unknown) => JSON.parse(JSON.stringify(xs)); // reads the fixes' edits too

  it('for every rule, with variables and without', () => {
    const seen = new Set<string>();
    for (const source of cases) {
      for (const context of [ctx, {}]) {
        const byScan = checkMedia(parsePayload(source), context);
        const byTree = checkMedia(parsePayload(source, { fastPath: false }), context);
        assert.deepStrictEqual(plain(byScan), plain(byTree), source);
        for (const f of byScan) {
          seen.add(f.rule);
          if (f.rule !== 'undefined-variable') continue;
          // The underline is exactly the reference as written.
          assert.match(source.slice(f.offset, f.offset + f.length), /^\{\{\s*[A-Za-z_][\w.-]*\s*\}\}$/);
        }
        const sites = structuralFixes(parsePayload(source));
        assert.deepStrictEqual(plain(sites), plain(structuralFixes(parsePayload(source, { fastPath: false }))), source);
        if (context === ctx) assert.ok(byScan.length + sites.length > 0, `nothing to compare in ${source}`);
      }
    }
    for (const rule of ['placeholder-url', 'http-url', 'non-canonical-mime', 'url-no-extension', 'unreachable-host', 'filename-extension', 'url-extension', 'undefined-variable']) {
      assert.ok(seen.has(rule), `no case for ${rule}`);
    }
    const undefinedInDestinations = checkMedia(parsePayload(cases[7]), ctx).filter((f) => f.rule === 'undefined-variable');
    assert.strictEqual(undefinedInDestinations.length, 43);
    assert.strictEqual(undefinedInDestinations[42].path, 'destination[294].waid[0]');
  });

  it('tells apart strings whose dotted paths read the same', () => {
    const source = '{"x.y": "{{one}} {{two}}", "x": {"y": "{{three}}"}}';
    const found = checkMedia(parsePayload(source), ctx).map((f) => [f.path, source.slice(f.offset, f.offset + f.length)]);
    assert.deepStrictEqual(found, [['x.y', '{{one}}'], ['x.y', '{{two}}'], ['x.y', '{{three}}']]);
  });
});
