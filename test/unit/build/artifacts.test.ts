/** The media table, the skeletons and the generated files, in plain Node. */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { lookup as mimeLookup, types as mimeTypesByExtension } from 'mime-types';
import { AJV_OPTIONS, generatedFiles } from '../../../src/core/build/artifacts';
import { SCHEMA_MESSAGES } from '../../../src/core/generated/schemaMessages';
import { parsePayload } from '../../../src/core/json/jsonc';
import { canonicalMime, extensionMime } from '../../../src/core/media/mime';
import { SchemaValidator, validatePayload } from '../../../src/core/schema/validate';
import { MEDIA, MEDIA_TYPES, formatBytes, isMediaType, mediaSummary, sizeLimitText } from '../../../src/core/media/table';
import { SCHEMA_FILE, buildSchema, caseInsensitiveSource, schemaExtensionKeywords } from '../../../src/core/schema/definition';
import { escapeSnippetText, exampleMediaUrl, payloadSnippet, skeletonPayload } from '../../../src/core/messages/scaffold';
import { WAID_PATTERN } from '../../../src/core/payload/patterns';
import { projectRoot } from '../helpers/jsonService';
import { expandSnippet, payload, text } from '../helpers/payloads';

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

describe('variables and patterns', () => {
  it('takes one whole {{variable}} where the schema asks for a waid', () => {
    const waid = new RegExp(WAID_PATTERN);
    for (const v of ['{{waid}}', '{{ WAAppid }}', '{{a.b-c_d}}', '{{_x1}}']) assert.ok(waid.test(v), v);
    for (const v of ['{{}}', '{{1abc}}', '{waid}', '{{waid}', 'x{{waid}}', '{{wa id}}']) assert.ok(!waid.test(v), v);
  });

  it('builds case-insensitive sources that escape regex characters', () => {
    const re = new RegExp(`^${caseInsensitiveSource('application/vnd.ms-excel')}$`);
    assert.ok(re.test('APPLICATION/VND.MS-EXCEL'));
    assert.ok(!re.test('application/vndxms-excel'), 'the dot is literal');
  });
});

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

describe('generated files', () => {
  it('the committed schema, snippets and samples are up to date (run "npm run build")', () => {
    for (const file of generatedFiles()) {
      assert.strictEqual(readFileSync(join(projectRoot, file.path), 'utf8'), file.content, `${file.path} is stale`);
    }
  });

  it('package.json contributes the payload language, its schema and snippets for *.wa.json and *.wa.jsonc', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.jsonValidation, [{ fileMatch: ['*.wa.json', '*.wa.jsonc'], url: `./${SCHEMA_FILE}` }]);
    const [language, ...others] = pkg.contributes.languages;
    assert.deepStrictEqual(others, []);
    assert.strictEqual(language.id, 'wa-payload');
    assert.deepStrictEqual(language.filenamePatterns, ['*.wa.json', '*.wa.jsonc']);
    assert.deepStrictEqual(pkg.contributes.jsonLanguageParticipants, [{ languageId: 'wa-payload', comments: true }]);
    // VS Code's JSON service reads these at the schema's root: without them it reports comments in a wa-payload file.
    const schema = JSON.parse(readFileSync(join(projectRoot, SCHEMA_FILE), 'utf8'));
    assert.strictEqual(schema.allowComments, true);
    assert.strictEqual(schema.allowTrailingCommas, true);
    const grammar = JSON.parse(readFileSync(join(projectRoot, pkg.contributes.grammars[0].path), 'utf8'));
    assert.deepStrictEqual(grammar.patterns, [{ include: 'source.json.comments' }]);
    assert.deepStrictEqual(
      pkg.contributes.snippets.map((s: { language: string }) => s.language),
      ['json', 'jsonc', 'wa-payload'],
    );
    for (const file of [language.configuration, pkg.contributes.grammars[0].path]) {
      assert.ok(readFileSync(join(projectRoot, '.vscodeignore'), 'utf8').includes(`!${file.replace(/^\.\//, '')}`), `${file} is packaged`);
    }
  });

  it('activates on payloads only: never on everything, at start-up or on other JSON', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    assert.ok(pkg.activationEvents.includes('onLanguage:wa-payload'));
    for (const broad of ['*', 'onStartupFinished', 'onLanguage:json', 'onLanguage:jsonc']) {
      assert.ok(!pkg.activationEvents.includes(broad), `no ${broad} activation`);
    }
  });

  it('every command has a category, and titles that always ask end in "…"', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    const nls = JSON.parse(readFileSync(join(projectRoot, 'package.nls.json'), 'utf8'));
    const title = (c: { title: string }) => nls[c.title.replace(/^%|%$/g, '')] as string;
    for (const c of pkg.contributes.commands) assert.ok(c.category, `${c.command} has a category`);
    // These open a picker or an input box every time they run from the palette.
    for (const id of ['wxc.newMessage', 'wxc.selectEnvironment', 'wxc.setServiceKey', 'wxc.showHistory']) {
      assert.match(title(pkg.contributes.commands.find((c: { command: string }) => c.command === id)), /…$/, id);
    }
  });

  it('Send, Copy as cURL and Check Media URLs are offered for payload files only', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    const { menus } = pkg.contributes;
    for (const id of ['wxc.send', 'wxc.copyAsCurl', 'wxc.checkMedia']) {
      for (const menu of ['editor/title', 'editor/context', 'commandPalette']) {
        const entry = menus[menu].find((m: { command: string }) => m.command === id);
        assert.ok(entry, `${id} in ${menu}`);
        assert.match(entry.when, /(resource|editor)LangId == wa-payload \|\| resourceFilename =~ \/\\\.wa\\\.jsonc\?\$\/i/, `${id} in ${menu}: ${entry.when}`);
        assert.doesNotMatch(entry.when, /== jsonc?\b/, `${id} in ${menu} not for every JSON file`);
      }
    }
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

describe('compiled at build time: the schema validator and the MIME table', () => {
  // What the extension used to do at run time: compile the full schema (annotations and all) with ajv.
  const ajv = new Ajv({ ...AJV_OPTIONS, verbose: true });
  ajv.addVocabulary([...schemaExtensionKeywords]);
  const runtime = ajv.compile(buildSchema()) as unknown as SchemaValidator;
  const bad = join(projectRoot, 'test', 'fixtures', 'bad');
  const texts = [
    ...MEDIA_TYPES.map((t) => text(payload(t))),
    text(payload('image', (_p, m) => (m.mimeType = 'video/mp4'))),
    text(payload('audio', (_p, m) => (m.caption = 'x'))),
    text(payload('document', (_p, m) => (m.filename = 7))),
    text(payload('image', (_p, _m, wa) => (wa.type = 'video'))),
    text(payload('image', (_p, m) => (m.url = '<your-media-url>'))),
    text(payload('image', (p) => (p.destination = [{ waid: ['+16505551234'] }, { bsuid: [] }, {}]))),
    text(payload('sticker', (p) => ((p.deliverychannel = 'WhatsApp'), (p.extra = 1), delete p.appid))),
    text(payload('video', (_p, m) => ((m.mimetype = m.mimeType), delete m.mimeType))),
    ...readdirSync(bad).filter((f) => /\.wa\.jsonc?$/.test(f)).map((f) => readFileSync(join(bad, f), 'utf8')),
  ];
  const parsedTexts = texts.map((t) => parsePayload(t)).filter((p) => p.problems.length === 0);

  it('the compiled validator finds what ajv compiling the schema at run time finds, with the same messages', () => {
    let invalid = 0;
    for (const parsed of parsedTexts) {
      const compiled = validatePayload(parsed);
      assert.deepStrictEqual(compiled, validatePayload(parsed, parsed.value, runtime), parsed.text);
      if (compiled.length > 0) invalid++;
    }
    assert.ok(invalid >= 25, `only ${invalid} invalid payloads were compared`);
  });

  it("each of the schema's own messages is found by the error's schema path", () => {
    let custom = 0;
    for (const parsed of parsedTexts) {
      if (runtime(parsed.value)) continue;
      for (const e of runtime.errors ?? []) {
        const holder = e.parentSchema as { errorMessage?: string; patternErrorMessage?: string };
        const byPath = SCHEMA_MESSAGES[e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))];
        assert.strictEqual(byPath?.errorMessage, holder.errorMessage, e.schemaPath);
        assert.strictEqual(byPath?.patternErrorMessage, holder.patternErrorMessage, e.schemaPath);
        if (holder.errorMessage || holder.patternErrorMessage) custom++;
      }
    }
    assert.ok(custom >= 10, `only ${custom} errors with the schema's own message were compared`);
  });

  it('the reduced MIME table answers as mime-types does, for every extension it knows', () => {
    const takenByMedia = (mime: string) => MEDIA_TYPES.some((t) => canonicalMime(MEDIA[t], mime));
    const extensions = Object.keys(mimeTypesByExtension);
    assert.ok(extensions.length > 1000);
    for (const ext of [...extensions, 'nosuchext', 'wa', 'jsonc-x']) {
      const full = mimeLookup(ext);
      const expected = full === false ? undefined : takenByMedia(full) ? full : null;
      assert.strictEqual(extensionMime(ext), expected, ext);
    }
    assert.strictEqual(extensionMime('jpe'), 'image/jpeg');
    assert.strictEqual(extensionMime('html'), null);
    assert.strictEqual(extensionMime('constructor'), undefined);
  });
});

describe('project shape', () => {
  it('src/core imports nothing from vscode, so it runs in plain Node', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    const files = walk(join(projectRoot, 'src', 'core'));
    assert.ok(files.some((f) => f.includes('generated')));
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      assert.ok(!/from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(source), `${file} imports vscode`);
    }
  });

  it('the extension bundle carries neither ajv\'s compiler nor mime-db', () => {
    const bundle = readFileSync(join(projectRoot, 'dist', 'extension.js'), 'utf8');
    assert.ok(!bundle.includes('application/vnd.3gpp'), 'mime-db is in the bundle');
    assert.ok(!/new Ajv|addVocabulary|strictRequired/.test(bundle), "ajv's compiler is in the bundle");
  });
});
