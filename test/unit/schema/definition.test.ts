/**
 * The payload schema, checked with VS Code's own JSON language service (what users see in the
 * editor): payloads that must pass, and payloads that must fail with a given message at a given place;
 * and read as standard JSON Schema, by ajv in strict mode.
 */
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { MEDIA, MEDIA_TYPES } from '../../../src/core/media/table';
import { buildSchema, schemaExtensionKeywords } from '../../../src/core/schema/definition';
import { Hover } from 'vscode-json-languageservice';
import { completionsAt, hoverAt, projectRoot, show, validate } from '../helpers/jsonService';
import { Payload, payload, text } from '../helpers/payloads';

/** The markdown of a hover, whatever shape the service returns. */
function hoverMarkdown(hover: Hover | null): string {
  const contents = hover?.contents;
  if (!contents) return '';
  const parts = Array.isArray(contents) ? contents : [contents];
  return parts.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

const seed = (name: string) => readFileSync(join(projectRoot, 'test', 'fixtures', 'workspace', name), 'utf8');

async function assertValid(source: string, name?: string): Promise<void> {
  const problems = await validate(source, name);
  assert.deepStrictEqual(problems, [], `expected no problems, got:\n${show(problems)}\nin:\n${source}`);
}

/**
 * Expects exactly these problems: each underlines `at` (its first occurrence, or the first after
 * `after`) with a matching message.
 */
async function assertProblems(source: string, expected: { at: string; after?: string; message: RegExp }[]): Promise<void> {
  const problems = await validate(source);
  assert.strictEqual(problems.length, expected.length, `expected ${expected.length} problem(s), got:\n${show(problems)}`);
  for (const e of expected) {
    const offset = source.indexOf(e.at, e.after ? source.indexOf(e.after) + e.after.length : 0);
    assert.ok(offset >= 0, `test bug: "${e.at}" not in source`);
    const line = source.slice(0, offset).split('\n').length - 1;
    const found = problems.find((p) => p.text === e.at && p.start.line === line && e.message.test(p.message));
    assert.ok(found, `expected ${e.message} on ${e.at} (line ${line + 1}), got:\n${show(problems)}`);
  }
}

const withMedia = (type: (typeof MEDIA_TYPES)[number], edit: (media: Payload, wa: Payload, p: Payload) => void) =>
  text(payload(type, (p, media, wa) => edit(media, wa, p)));

describe('schema: payloads that must pass', () => {
  for (const type of MEDIA_TYPES) {
    it(`the ${type} skeleton`, () => assertValid(text(payload(type))));

    it(`${type} with every allowed MIME type, in any letter case`, async () => {
      for (const m of MEDIA[type].mimeTypes) {
        for (const spelling of [m.mime, m.mime.toUpperCase(), m.mime[0].toUpperCase() + m.mime.slice(1)]) {
          await assertValid(
            withMedia(type, (media) => {
              media.mimeType = spelling;
              media.url = `https://cdn.example.com/a/file.${m.extensions[0]}`;
            }),
          );
        }
      }
    });
  }

  it('the loose values of the official samples: image/jpg and image/WEBP', async () => {
    await assertValid(withMedia('image', (m) => (m.mimeType = 'image/jpg')));
    await assertValid(withMedia('image', (m) => (m.mimeType = 'IMAGE/JPG')));
    await assertValid(withMedia('sticker', (m) => (m.mimeType = 'image/WEBP')));
  });

  it('the docs\' samples with //Mandatory comments once their placeholders are filled', async () => {
    for (const name of ['seed-audio.wa.json', 'seed-document.wa.json', 'seed-sticker.wa.json', 'seed-video.wa.json']) {
      const filled = seed(name)
        .replace('<your-media-url>', 'https://cdn.example.com/m/file.bin')
        .replace('"<VIDEO/MP4>"', '"video/mp4"');
      await assertValid(filled, name);
    }
  });

  it('block comments and trailing commas', () => assertValid(seed('trailing-commas.wa.jsonc')));

  it('{{variables}} wherever a literal would be checked', async () => {
    await assertValid(
      text(
        payload('document', (p, media) => {
          p.deliverychannel = '{{channel}}';
          p.appid = '{{ WAAppid }}';
          p.destination = [{ waid: ['{{waid}}', '{{customer.phone}}', '{{second-number}}'] }];
          p.notifyurl = '{{notifyUrl}}';
          p.callbackData = '{{callback}}';
          media.url = '{{mediaUrl}}';
          media.mimeType = '{{mime_type}}';
          media.filename = '{{fileName}}';
          media.caption = 'Hello {{name}}';
        }),
      ),
    );
    await assertValid(withMedia('image', (m) => (m.url = 'https://{{cdnHost}}/img/{{imageId}}.jpg')));
  });

  it('numbers in international form, normalized ids and bsuid-only recipients', async () => {
    await assertValid(text(payload('image', (p) => (p.destination = [{ waid: ['16505551234', '447700900123', '9198765432'] }]))));
    await assertValid(text(payload('image', (p) => (p.destination = [{ waid: ['IN.2149372115xxxxxx'] }]))));
    await assertValid(text(payload('image', (p) => (p.destination = [{ bsuid: ['US.13491208655302741918'] }]))));
    await assertValid(text(payload('image', (p) => (p.destination = [{ waid: ['16505551234'], bsuid: ['abc'] }]))));
  });

  it('1000 destinations', () =>
    assertValid(
      text(payload('image', (p) => (p.destination = Array.from({ length: 1000 }, (_, i) => ({ waid: [String(16505550000 + i)] }))))),
    ));

  it('every optional envelope field', () =>
    assertValid(
      text(
        payload('video', (p, _m, wa) => {
          p.$schema = 'https://wxc-tools.github.io/schemas/whatsapp-message.schema.json';
          p.conversationid = 'conv-1';
          p.correlationid = 'order-4711';
          p.callbackData = 'x'.repeat(2000);
          p.notifyurl = 'https://hooks.example.com/wxc';
          p.notifyurlAuthId = 'auth-1';
          p.options = { trackClicks: true };
          wa.identity_key_hash = 'DF2lS5v2W6x=';
        }),
      ),
    ));

  it('an empty notifyurl, a 1024-character caption and signed URLs', async () => {
    await assertValid(text(payload('image', (p) => (p.notifyurl = ''))));
    await assertValid(withMedia('image', (m) => (m.caption = 'c'.repeat(1024))));
    await assertValid(withMedia('video', (m) => (m.url = 'https://bucket.s3.amazonaws.com/v/clip.mp4?X-Amz-Signature=a%2Fb&X-Amz-Expires=300#t=5')));
  });
});

describe('schema: payloads that must fail, with what to fix and where', () => {
  it('the docs\' <your-media-url> placeholder', () =>
    assertProblems(seed('seed-audio.wa.json'), [{ at: '"<your-media-url>"', message: /direct, public https:\/\/ link to the audio file here, ending in \.aac/ }]));

  it('the docs\' <VIDEO/MP4> placeholder MIME type', () =>
    assertProblems(seed('seed-video.wa.json'), [
      { at: '"<your-media-url>"', message: /link to the video file/ },
      { at: '"<VIDEO/MP4>"', message: /only these MIME types for video: video\/mp4, video\/3gpp/ },
    ]));

  it('URLs that are not absolute http(s) links', async () => {
    for (const url of ['ftp://files.example.com/a.jpg', 'cdn.example.com/a.jpg', 'https://cdn.example.com/my photo.jpg', '', 'https://']) {
      const source = withMedia('image', (m) => (m.url = url));
      await assertProblems(source, [{ at: JSON.stringify(url), message: /direct, public https:\/\/ link to the image file/ }]);
    }
  });

  it('a MIME type of another media type', async () => {
    await assertProblems(withMedia('image', (m) => (m.mimeType = 'video/mp4')), [
      { at: '"video/mp4"', message: /only these MIME types for image: image\/jpeg, image\/png/ },
    ]);
    await assertProblems(withMedia('image', (m) => (m.mimeType = 'image/webp')), [{ at: '"image/webp"', message: /for image/ }]);
    await assertProblems(withMedia('audio', (m) => (m.mimeType = 'audio/mp3')), [{ at: '"audio/mp3"', message: /audio\/mpeg/ }]);
    await assertProblems(withMedia('document', (m) => (m.mimeType = 'application/zip')), [{ at: '"application/zip"', message: /for document/ }]);
    await assertProblems(withMedia('sticker', (m) => (m.mimeType = 'image/png')), [{ at: '"image/png"', message: /for sticker: image\/webp/ }]);
  });

  it('the mimetype typo', () =>
    assertProblems(
      withMedia('image', (m) => {
        delete m.mimeType;
        m.mimetype = 'image/jpeg';
      }),
      [
        { at: '"image"', after: '"type": "image"', message: /^Missing property "mimeType"\.$/ },
        { at: '"image/jpeg"', message: /Keys are case-sensitive: write "mimeType"/ },
      ],
    ));

  for (const type of ['audio', 'sticker'] as const) {
    it(`a caption on ${type}`, () =>
      assertProblems(withMedia(type, (m) => (m.caption = 'Listen')), [{ at: '"Listen"', message: new RegExp(`no caption on ${type} messages: remove "caption"`) }]));
  }

  it('a caption over 1024 characters', () =>
    assertProblems(withMedia('video', (m) => (m.caption = 'x'.repeat(1025))), [{ at: `"${'x'.repeat(1025)}"`, message: /^String is longer than the maximum length of 1024\.$/ }]));

  it('a filename outside documents', () =>
    assertProblems(withMedia('image', (m) => (m.filename = 'photo.jpg')), [{ at: '"photo.jpg"', message: /"filename" belongs to document messages only/ }]));

  it('an unknown key in a media object', () =>
    assertProblems(withMedia('image', (m) => (m.link = 'x')), [{ at: '"link"', message: /^Property link is not allowed\.$/ }]));

  it('a type that does not match the media object', () =>
    assertProblems(
      withMedia('image', (_m, wa) => (wa.type = 'video')),
      [
        { at: '"wa"', message: /^Missing property "video"\.$/ },
        { at: '"image"', after: '"type"', message: /"type" is "video", so the message object must be "video"/ },
      ],
    ));

  it('a type in the wrong case, or missing', async () => {
    await assertProblems(withMedia('image', (_m, wa) => (wa.type = 'Image')), [{ at: '"Image"', message: /"type" must be one of "image", "audio"/ }]);
    await assertProblems(withMedia('image', (_m, wa) => delete wa.type), [{ at: '"wa"', message: /^Missing property "type"\.$/ }]);
  });

  it('recipients written the wrong way', async () => {
    for (const waid of ['+16505551234', '1 650 555 1234', '1650-555-1234', '12345', '0016505551234']) {
      await assertProblems(text(payload('image', (p) => (p.destination = [{ waid: [waid] }]))), [
        { at: JSON.stringify(waid), message: /international form with digits only, no "\+", spaces or dashes/ },
      ]);
    }
    await assertProblems(text(payload('image', (p) => (p.destination = [{ waid: [16505551234] }]))), [
      { at: '16505551234', message: /Incorrect type\. Expected "string"/ },
    ]);
  });

  it('no recipient, an empty recipient, or more than 1000', async () => {
    await assertProblems(text(payload('image', (p) => (p.destination = []))), [{ at: '[]', message: /^Array has too few items\. Expected 1 or more\.$/ }]);
    const empty = text(payload('image', (p) => (p.destination = [{}])));
    const problems = await validate(empty);
    assert.ok(problems.some((p) => /Missing property "(waid|bsuid)"/.test(p.message)), show(problems));
    const many = text(payload('image', (p) => (p.destination = Array.from({ length: 1001 }, () => ({ waid: ['16505551234'] })))));
    const tooMany = await validate(many);
    assert.strictEqual(tooMany.length, 1, show(tooMany));
    assert.match(tooMany[0].message, /^Array has too many items\. Expected 1000 or fewer\.$/);
    assert.strictEqual(tooMany[0].start.line, many.split('\n').findIndex((l) => l.includes('"destination"')));
  });

  it('envelope mistakes: channel, app id, callbackData, notifyurl, unknown keys', async () => {
    await assertProblems(text(payload('image', (p) => (p.deliverychannel = 'sms'))), [{ at: '"sms"', message: /must be "whatsapp"/ }]);
    await assertProblems(text(payload('image', (p) => (p.appid = ''))), [{ at: '""', message: /WhatsApp application id/ }]);
    await assertProblems(text(payload('image', (p) => (p.callbackData = 'y'.repeat(2001)))), [{ at: `"${'y'.repeat(2001)}"`, message: /^String is longer than the maximum length of 2000\.$/ }]);
    await assertProblems(text(payload('image', (p) => (p.notifyurl = 'not a url'))), [{ at: '"not a url"', message: /absolute https:\/\/ URL/ }]);
    await assertProblems(text(payload('image', (p) => (p.correlationId = 'x'))), [{ at: '"correlationId"', message: /^Property correlationId is not allowed\.$/ }]);
  });

  it('missing mandatory fields', async () => {
    const source = text(payload('image', (p) => {
      delete p.appid;
      delete p.channels['OTT-Messaging'];
    }));
    await assertProblems(source, [
      { at: '{', message: /^Missing property "appid"\.$/ },
      { at: '"channels"', message: /^Missing property "OTT-Messaging"\.$/ },
    ]);
  });
});

describe('schema: hovers and completions', () => {
  const sample = text(
    payload('document', (p, _media, wa) => {
      p.conversationid = 'c';
      p.correlationid = 'o';
      p.callbackData = 'd';
      p.notifyurl = '';
      p.notifyurlAuthId = 'a';
      p.options = {};
      p.destination[0].bsuid = ['b'];
      wa.identity_key_hash = 'h';
    }),
  );

  it('every field of the payload has hover documentation', async () => {
    const keys = [...sample.matchAll(/"([A-Za-z_$-]+)":/g)].map((m) => m[1]);
    assert.strictEqual(new Set(keys).size, 21, [...new Set(keys)].join(', '));
    for (const key of new Set(keys)) {
      const hover = await hoverAt(sample, `"${key}":`);
      const value = hoverMarkdown(hover);
      // Each says what the field is, in bold, and whether it is mandatory.
      assert.match(value ?? '', /^\*\*[^*]+\*\*.* — (mandatory|optional)/, `hover of ${key}: ${value}`);
    }
  });

  it('the mimeType hover lists formats, extensions and the size limit of its type', async () => {
    for (const type of MEDIA_TYPES) {
      const hover = await hoverAt(text(payload(type)), '"mimeType"');
      const value = hoverMarkdown(hover);
      for (const m of MEDIA[type].mimeTypes) assert.ok(value.includes(m.mime), `${type}: ${m.mime} in hover`);
      assert.ok(value.includes(type === 'sticker' ? '100 KB static, 500 KB animated' : MEDIA[type].maxBytes / 1024 / 1024 + ' MB'), `${type} size in ${value}`);
    }
  });

  it('completes mimeType with the values allowed for the type, each described', async () => {
    const source = text(payload('video')).replace('"mimeType": "video/mp4"', '"mimeType": |');
    const list = await completionsAt(source);
    const items = list?.items ?? [];
    assert.deepStrictEqual(items.map((i) => i.label).sort(), ['video/3gpp', 'video/mp4']);
    assert.ok(items.every((i) => i.documentation), 'each value is described');
  });

  it('completes notifyurl with {{notifyurl}}, the delivery receiver\'s variable', async () => {
    const source = text(payload('image', (p) => (p.notifyurl = 'x'))).replace('"notifyurl": "x"', '"notifyurl": |');
    const items = (await completionsAt(source))?.items ?? [];
    const offered = items.find((i) => i.label === '{{notifyurl}}');
    assert.ok(offered, `offered: ${items.map((i) => i.label).join(', ')}`);
    assert.strictEqual(offered.textEdit?.newText ?? offered.insertText, '"{{notifyurl}}"');
  });

  it('completes type with every wa message type and a whole message object for wa', async () => {
    const typeList = await completionsAt(text(payload('image')).replace('"type": "image"', '"type": |'));
    const types = ['image', 'audio', 'video', 'document', 'sticker', 'text', 'location', 'contacts', 'list', 'reply', 'hsm'];
    assert.deepStrictEqual(typeList?.items.map((i) => i.label).sort(), types.map((t) => `"${t}"`).sort());
    const waList = await completionsAt(text(payload('image')).replace(/"wa": \{[\s\S]*?\n {6}\}/, '"wa": |'));
    const labels = waList?.items.map((i) => i.label) ?? [];
    for (const t of MEDIA_TYPES) assert.ok(labels.includes(`${t} message`), `${t} message in ${labels.join(', ')}`);
  });
});

describe('schema as standard JSON Schema (draft-07, ajv strict mode)', () => {
  // strictRequired is off: "anyOf: [{required: [waid]}, {required: [bsuid]}]" names properties
  // declared beside the anyOf, the standard idiom for "at least one of".
  const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
  ajv.addVocabulary([...schemaExtensionKeywords]);
  let check: ReturnType<typeof ajv.compile>;

  it('compiles, so any standard validator reads it the same way', () => {
    check = ajv.compile(buildSchema());
    assert.strictEqual(typeof check, 'function');
  });

  it('agrees with the editor on valid and invalid payloads', () => {
    for (const type of MEDIA_TYPES) assert.ok(check(payload(type)), `${type}: ${ajv.errorsText(check.errors)}`);
    const invalid = [
      payload('image', (_p, m) => (m.mimeType = 'video/mp4')),
      payload('audio', (_p, m) => (m.caption = 'x')),
      payload('image', (_p, _m, wa) => (wa.type = 'video')),
      payload('image', (_p, m) => (m.url = '<your-media-url>')),
      payload('image', (p) => (p.destination = [{ waid: ['+16505551234'] }])),
      payload('image', (_p, m) => {
        m.mimetype = m.mimeType;
        delete m.mimeType;
      }),
    ];
    for (const p of invalid) assert.ok(!check(p), `should fail: ${text(p)}`);
    assert.ok(check(payload('sticker', (_p, m) => (m.mimeType = 'image/WEBP'))));
  });
});
