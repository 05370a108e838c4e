/** The media rules a schema can't express, and their fixes, in plain Node. */
import * as assert from 'node:assert';
import { applyEdits } from 'jsonc-parser';
import { parsePayload } from '../../../src/core/json/jsonc';
import { MEDIA, MEDIA_TYPES, MediaType } from '../../../src/core/media/table';
import { MediaCheckContext, checkMedia } from '../../../src/core/checks/media';
import { Finding } from '../../../src/core/checks/findings';
import { canonicalMime, normalizeMime } from '../../../src/core/media/mime';
import { isPlaceholderHost, unreachableReason } from '../../../src/core/net/hosts';
import { structuralFixes } from '../../../src/core/checks/structure';
import { urlExtension } from '../../../src/core/media/urls';
import { variableAt } from '../../../src/core/payload/variables';
import { Payload, payload, text } from '../helpers/payloads';

const vars: Record<string, string> = { WAAppid: 'a1', waid: '16505551234' };
const ctx: MediaCheckContext = { variables: vars, environment: 'environment "dev"' };

function media(type: MediaType, fields: Record<string, unknown>): string {
  return text(
    payload(type, (_p, _m, wa) => {
      wa[type] = fields;
    }),
  );
}

function findings(source: string, context = ctx): Finding[] {
  return checkMedia(parsePayload(source), context);
}

function rules(source: string, context = ctx): string[] {
  return findings(source, context).map((f) => f.rule);
}

/** Applies a finding's first fix and returns the new text. */
function fixed(source: string, f: Finding | undefined): string {
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

  it('warns at a filename whose extension does not match (the phone would open it with the wrong app) and renames it', () => {
    const source = media('document', { url: 'https://c.acme.net/a.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: 'Budget.pdf' });
    const f = findings(source).find((x) => x.rule === 'filename-extension');
    assert.ok(f);
    assert.strictEqual(f.severity, 'warning');
    assert.match(f.message, /ends in \.pdf/);
    assert.match(f.message, /wrong one \(\.xlsx\)/);
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
  });

  it('flags every spelling of a host that is not public, and nothing public', () => {
    const hidden = [
      'https://localhost./a.jpg',
      'https://router./a.jpg',
      'https://[::ffff:169.254.169.254]/a.jpg',
      'https://[::ffff:10.0.0.1]/a.jpg',
      'https://[::]/a.jpg',
      'https://[64:ff9b::10.0.0.1]/a.jpg',
      'https://[2002:c0a8:101::1]/a.jpg',
      'https://100.64.0.1/a.jpg',
      'https://198.18.0.1/a.jpg',
      'https://224.0.0.1/a.jpg',
      'https://255.255.255.255/a.jpg',
      'https://2130706433/a.jpg',
      'https://0x7f.1/a.jpg',
      'https://printer.home.arpa/a.jpg',
      'https://metadata.google.internal/a.jpg',
    ];
    for (const url of hidden) {
      const found = findings(media('image', { url, mimeType: 'image/jpeg' }));
      assert.deepStrictEqual(found.map((f) => f.rule), ['unreachable-host'], url);
      assert.match(found[0].message, /^WhatsApp's servers can't fetch media from \S+: it is /, url);
    }
    assert.match(findings(media('image', { url: 'https://[::ffff:169.254.169.254]/a.jpg', mimeType: 'image/jpeg' }))[0].message, /it is a link-local address/);
    assert.deepStrictEqual(rules(media('image', { url: 'https://cdn.example.com./a.jpg', mimeType: 'image/jpeg' })), ['placeholder-url']);
    for (const url of ['https://upload.wikimedia.org/a.jpg', 'https://upload.wikimedia.org./a.jpg', 'https://8.8.8.8/a.jpg', 'https://[2606:4700:4700::1111]/a.jpg', 'https://[::ffff:8.8.8.8]/a.jpg']) {
      assert.deepStrictEqual(rules(media('image', { url, mimeType: 'image/jpeg' })), [], url);
    }
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

describe('where findings and fixes are: whole values, keys or properties, and fixes that leave JSON', () => {
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
    media('image', { url: 'https://www.dropbox.com/s/a1b2c3/photo.png?dl=0', mimeType: 'image/jpeg' }),
    media('document', { url: 'https://media.acme-cdn.net/Q3 résumé.pdf', mimeType: 'application/pdf', filename: 'r.pdf' }),
  ];
  /** Whether a span of the text is whole JSON: a value, a key, or a key with its value. */
  const whole = (source: string, offset: number, length: number) => {
    const span = source.slice(offset, offset + length);
    try {
      JSON.parse(/^"(?:[^"\\]|\\.)*"\s*:/.test(span) ? `{${span}}` : span);
      return true;
    } catch {
      return false;
    }
  };

  it('for every rule, with variables and without', () => {
    const seen = new Set<string>();
    for (const source of cases) {
      for (const context of [ctx, {}]) {
        const found = checkMedia(parsePayload(source), context);
        for (const f of found) {
          seen.add(f.rule);
          const span = source.slice(f.offset, f.offset + f.length);
          // The underline is exactly the reference as written, or a whole value, key or property.
          if (f.rule === 'undefined-variable') assert.match(span, /^\{\{\s*[A-Za-z_][\w.-]*\s*\}\}$/);
          else assert.ok(whole(source, f.offset, f.length), `${f.rule} underlines ${JSON.stringify(span)} in ${source}`);
        }
        const sites = structuralFixes(parsePayload(source));
        for (const site of sites) {
          assert.ok(whole(source, site.offset, site.length), `${site.fix.title} is offered on ${JSON.stringify(source.slice(site.offset, site.offset + site.length))}`);
          assert.deepStrictEqual(parsePayload(applyEdits(source, site.fix.edits ?? [])).problems, [], `${site.fix.title} on ${source}`);
        }
        if (context === ctx) assert.ok(found.length + sites.length > 0, `nothing to check in ${source}`);
      }
    }
    for (const rule of ['share-page', 'url-encoding', 'placeholder-url', 'http-url', 'non-canonical-mime', 'url-no-extension', 'unreachable-host', 'filename-extension', 'url-extension', 'undefined-variable']) {
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

/** The URL a finding's first fix writes. */
function fixedUrl(source: string, f: Finding | undefined, type: MediaType = 'image'): string {
  return JSON.parse(fixed(source, f)).channels['OTT-Messaging'].wa[type].url;
}

describe('media rules: share pages instead of files', () => {
  const image = (url: string, mimeType = 'image/jpeg') => media('image', { url, mimeType });
  const doc = (url: string) => media('document', { url, mimeType: 'application/pdf', filename: 'report.pdf' });

  it('Dropbox: dl=0 or no dl is the preview page; the fix sets dl=1 and nothing else', () => {
    const cases: [string, string][] = [
      ['https://www.dropbox.com/s/a1b2c3/photo.jpg?dl=0', 'https://www.dropbox.com/s/a1b2c3/photo.jpg?dl=1'],
      ['https://www.dropbox.com/s/a1b2c3/photo.jpg', 'https://www.dropbox.com/s/a1b2c3/photo.jpg?dl=1'],
      ['https://www.dropbox.com/scl/fi/x9y8/photo.jpg?rlkey=k7Zq&dl=0', 'https://www.dropbox.com/scl/fi/x9y8/photo.jpg?rlkey=k7Zq&dl=1'],
      ['https://www.dropbox.com/scl/fi/x9y8/photo.jpg?rlkey=k7Zq&st=ab12', 'https://www.dropbox.com/scl/fi/x9y8/photo.jpg?rlkey=k7Zq&st=ab12&dl=1'],
      ['https://dropbox.com/s/a1b2c3/photo.jpg?dl=0#top', 'https://dropbox.com/s/a1b2c3/photo.jpg?dl=1#top'],
    ];
    for (const [url, direct] of cases) {
      const source = image(url);
      const found = findings(source);
      assert.deepStrictEqual(found.map((f) => f.rule), ['share-page'], url);
      assert.strictEqual(found[0].severity, 'warning');
      assert.match(found[0].message, /^This Dropbox link is a web page about the file, not the file: .*7701.*7861.*Set dl=1/);
      assert.strictEqual(found[0].fixes[0].title, 'Set dl=1 (the file, not the page)');
      assert.strictEqual(source.slice(found[0].offset, found[0].offset + found[0].length), JSON.stringify(url));
      assert.strictEqual(fixedUrl(source, found[0]), direct, url);
      assert.deepStrictEqual(rules(fixed(source, found[0])), [], `after the fix of ${url}`);
    }
  });

  it('Dropbox: an http share link is fixed to https too; the http finding stays its own', () => {
    const source = image('http://www.dropbox.com/s/a1b2c3/photo.jpg?dl=0');
    const found = findings(source);
    assert.deepStrictEqual(found.map((f) => f.rule).sort(), ['http-url', 'share-page']);
    const share = found.find((f) => f.rule === 'share-page');
    assert.strictEqual(fixedUrl(source, share), 'https://www.dropbox.com/s/a1b2c3/photo.jpg?dl=1');
  });

  it('Dropbox: a link that keeps the file name still gets the extension check, a folder gets no fix', () => {
    assert.deepStrictEqual(rules(image('https://www.dropbox.com/s/a1b2c3/photo.png?dl=0')), ['share-page', 'url-extension']);
    const [folder] = findings(image('https://www.dropbox.com/sh/a1b2c3/AAB9?dl=0'));
    assert.strictEqual(folder.rule, 'share-page');
    assert.match(folder.message, /shared folder/);
    assert.deepStrictEqual(folder.fixes, []);
    assert.deepStrictEqual(rules(image('https://www.dropbox.com/scl/fo/a1b2c3/h?rlkey=q&dl=0')), ['share-page']);
  });

  it('Google Drive and Docs pages: one finding, no fix, and it says why the uc form is no fix', () => {
    for (const url of [
      'https://drive.google.com/file/d/1AbCdEfGhIjK/view?usp=sharing',
      'https://drive.google.com/file/d/1AbCdEfGhIjK/view',
      'https://drive.google.com/open?id=1AbCdEfGhIjK',
      'https://drive.google.com/drive/folders/1AbCdEfGhIjK',
    ]) {
      const found = findings(image(url));
      assert.deepStrictEqual(found.map((f) => f.rule), ['share-page'], url);
      assert.match(found[0].message, /^This Google Drive link is a web page/);
      assert.match(found[0].message, /Anyone with the link/);
      assert.deepStrictEqual(found[0].fixes, []);
    }
    const [docs] = findings(doc('https://docs.google.com/document/d/1AbCdEfGhIjK/edit'));
    assert.strictEqual(docs.rule, 'share-page');
    assert.match(docs.message, /Google Docs/);
  });

  it('OneDrive and SharePoint share links', () => {
    for (const [url, service] of [
      ['https://1drv.ms/i/s!AkQx7Zq1', 'OneDrive'],
      ['https://1drv.ms/b/c/4f2a/EQxyz', 'OneDrive'],
      ['https://onedrive.live.com/?cid=4F2A&id=4F2A%21105', 'OneDrive'],
      ['https://onedrive.live.com/redir?resid=4F2A!105&authkey=!AB', 'OneDrive'],
      ['https://acme.sharepoint.com/:b:/s/marketing/EQxyzAbc?e=4bX2', 'SharePoint'],
      ['https://acme-my.sharepoint.com/:x:/g/personal/jo_acme_com/EQxyz', 'SharePoint'],
      ['https://acme.sharepoint.com/sites/mkt/_layouts/15/Doc.aspx?sourcedoc=%7B4f2a%7D', 'SharePoint'],
    ]) {
      const found = findings(doc(url));
      assert.deepStrictEqual(found.map((f) => f.rule), ['share-page'], url);
      assert.match(found[0].message, new RegExp(`^This ${service} link is a web page`), url);
    }
  });

  it('GitHub blob pages: the fix is the raw.githubusercontent.com link', () => {
    const source = image('https://github.com/acme/brand/blob/main/assets/logo%20v2.jpg');
    const found = findings(source);
    assert.deepStrictEqual(found.map((f) => f.rule), ['share-page']);
    assert.strictEqual(found[0].fixes[0].title, 'Use the raw.githubusercontent.com link');
    assert.strictEqual(fixedUrl(source, found[0]), 'https://raw.githubusercontent.com/acme/brand/main/assets/logo%20v2.jpg');
    assert.deepStrictEqual(rules(fixed(source, found[0])), []);
    const withLine = image('https://github.com/acme/brand/blob/v1.2.0/a.png#L1', 'image/png');
    assert.strictEqual(fixedUrl(withLine, findings(withLine)[0]), 'https://raw.githubusercontent.com/acme/brand/v1.2.0/a.png');
    // The extension check still speaks when the file's own name disagrees with mimeType.
    assert.deepStrictEqual(rules(image('https://github.com/acme/brand/blob/main/a.png')), ['share-page', 'url-extension']);
  });

  it('Box /s/ links and WeTransfer', () => {
    for (const [url, service] of [
      ['https://app.box.com/s/q8x7c6v5b4', 'Box'],
      ['https://acme.app.box.com/s/q8x7c6v5b4', 'Box'],
      ['https://wetransfer.com/downloads/4f2a9c/20240412/ab12', 'WeTransfer'],
      ['https://we.tl/t-AbCd1234', 'WeTransfer'],
    ]) {
      const found = findings(doc(url));
      assert.deepStrictEqual(found.map((f) => f.rule), ['share-page'], url);
      assert.match(found[0].message, new RegExp(`^This ${service} link`));
      assert.deepStrictEqual(found[0].fixes, []);
    }
  });

  it('no fix when the link is built from variables (the direct link is not known as text)', () => {
    const source = image('https://www.dropbox.com/s/{{fileId}}/photo.jpg?dl=0');
    const found = findings(source, { variables: { ...vars, fileId: 'a1b2' }, environment: 'x' });
    assert.deepStrictEqual(found.map((f) => f.rule), ['share-page']);
    assert.deepStrictEqual(found[0].fixes, []);
  });

  it('no false alarm on direct links', () => {
    for (const [url, mimeType] of [
      ['https://www.dropbox.com/s/a1b2c3/photo.jpg?dl=1', 'image/jpeg'],
      ['https://www.dropbox.com/scl/fi/x9y8/photo.jpg?rlkey=k7Zq&dl=1', 'image/jpeg'],
      ['https://www.dropbox.com/s/a1b2c3/photo.jpg?raw=1', 'image/jpeg'],
      ['https://dl.dropboxusercontent.com/s/a1b2c3/photo.jpg', 'image/jpeg'],
      ['https://dl.dropbox.com/s/a1b2c3/photo.jpg', 'image/jpeg'],
      ['https://raw.githubusercontent.com/acme/brand/main/assets/logo.png', 'image/png'],
      ['https://github.com/acme/brand/raw/main/assets/logo.png', 'image/png'],
      ['https://github.com/acme/brand/blob/main/assets/logo.png?raw=true', 'image/png'],
      ['https://acme.app.box.com/shared/static/q8x7c6v5b4.png', 'image/png'],
      ['https://acme-bucket.s3.eu-west-1.amazonaws.com/promo/banner.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240412%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20240412T101500Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=4f2a9c0e1b', 'image/jpeg'],
      ['https://d111111abcdef8.cloudfront.net/promo/banner.png?Expires=1712345678&Signature=Ab~Cd-Ef_Gh&Key-Pair-Id=K2JCJMDEHXQW5F', 'image/png'],
      ['https://res.cloudinary.com/acme/image/upload/v1712345678/campaigns/spring/banner.jpeg', 'image/jpeg'],
      ['https://res.cloudinary.com/acme/image/upload/c_fill,w_800,h_600,q_auto:good/v1712345678/banner.jpeg', 'image/jpeg'],
      ['https://media.acme-cdn.net/img/PHOTO.JPG#section', 'image/jpeg'],
      ['https://media.acme-cdn.net/img/Photo.PNG?v=3&x=a.gif', 'image/png'],
      ['https://media.acme-cdn.net/img/caf%C3%A9.jpg', 'image/jpeg'],
    ]) {
      assert.deepStrictEqual(rules(image(url, mimeType)), [], url);
    }
  });
});

describe('media rules: characters a URL must percent-encode', () => {
  const image = (url: string) => media('image', { url, mimeType: 'image/jpeg' });

  it('non-ASCII letters and characters outside RFC 3986: a warning, and the fix encodes them (UTF-8)', () => {
    const source = image('https://media.acme-cdn.net/menü/café|1.jpg');
    const found = findings(source);
    assert.deepStrictEqual(found.map((f) => f.rule), ['url-encoding']);
    assert.strictEqual(found[0].severity, 'warning');
    assert.match(found[0].message, /\("ü", "é", "\|"\): percent-encode them/);
    assert.strictEqual(found[0].fixes[0].title, 'Percent-encode the URL');
    assert.strictEqual(fixedUrl(source, found[0]), 'https://media.acme-cdn.net/men%C3%BC/caf%C3%A9%7C1.jpg');
    assert.deepStrictEqual(rules(fixed(source, found[0])), []);
  });

  it('a space: named in the message and encoded as %20 (the schema also rejects it; the fix is here)', () => {
    const source = image('https://media.acme-cdn.net/spring sale/banner 1.jpg');
    const found = findings(source);
    assert.deepStrictEqual(found.map((f) => f.rule), ['url-encoding']);
    assert.match(found[0].message, /\(a space\)/);
    assert.strictEqual(fixedUrl(source, found[0]), 'https://media.acme-cdn.net/spring%20sale/banner%201.jpg');
  });

  it('keeps {{variables}} and %XX escapes, encodes a stray %, and never encodes twice', () => {
    const source = image('https://{{cdnHost}}/a b/{{ fileName }}%20x%zz.jpg?sig={{sig}}&q=100%');
    const found = findings(source, { variables: { ...vars, cdnHost: 'c.acme.net', fileName: 'f', sig: 's' }, environment: 'x' });
    const f = found.find((x) => x.rule === 'url-encoding');
    assert.ok(f);
    assert.match(f.message, /\(a space, "%"\)/);
    const once = fixedUrl(source, f);
    assert.strictEqual(once, 'https://{{cdnHost}}/a%20b/{{ fileName }}%20x%25zz.jpg?sig={{sig}}&q=100%25');
    assert.ok(!findings(image(once), {}).some((x) => x.rule === 'url-encoding'), 'the fixed URL needs nothing more');
  });

  it('drops whitespace around the URL instead of encoding it', () => {
    const source = image(' https://media.acme-cdn.net/a b.jpg\t');
    const [f] = findings(source);
    assert.strictEqual(f.rule, 'url-encoding');
    assert.match(f.message, /\(a space, a tab\)/);
    assert.strictEqual(fixedUrl(source, f), 'https://media.acme-cdn.net/a%20b.jpg');
  });

  it('leaves a non-ASCII host alone (host names are punycode, not percent-encoded)', () => {
    assert.deepStrictEqual(rules(image('https://bücher-medien.de/a.jpg')), []);
  });

  it('no false alarm on reserved characters, encoded text, signed queries and fragments', () => {
    for (const url of [
      "https://media.acme-cdn.net/a/b;v=1/photo.jpg?x=1&y=a,b:c@d!$'()*+=#frag/x?y",
      'https://media.acme-cdn.net/%E2%82%AC/photo%201.jpg',
      'https://[2001:db8::1]/photo.jpg',
      '{{imageUrl}}',
    ]) {
      assert.ok(!rules(image(url), {}).includes('url-encoding'), url);
    }
  });
});

describe('one canonical-MIME lookup', () => {
  it('normalises case, whitespace and the docs\' aliases, for any type', () => {
    assert.strictEqual(normalizeMime(' IMAGE/JPG '), 'image/jpeg');
    assert.strictEqual(normalizeMime('Image/WEBP'), 'image/webp');
    assert.strictEqual(normalizeMime('text/html'), 'text/html');
    assert.strictEqual(normalizeMime('constructor'), 'constructor');
  });

  it('within a media type: only what the type takes', () => {
    assert.strictEqual(canonicalMime(MEDIA.image, 'image/JPG'), 'image/jpeg');
    assert.strictEqual(canonicalMime(MEDIA.sticker, 'image/jpg'), undefined);
    assert.strictEqual(canonicalMime(MEDIA.sticker, 'IMAGE/WEBP'), 'image/webp');
    assert.strictEqual(canonicalMime(MEDIA.video, 'video/3gp'), undefined);
  });
});
