/** The build's artifacts (src/core/build/artifacts): the generated files and manifest, and what is compiled at build time. */
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
import { MEDIA, MEDIA_TYPES } from '../../../src/core/media/table';
import { SCHEMA_FILE, buildSchema, schemaExtensionKeywords } from '../../../src/core/schema/definition';
import { projectRoot } from '../helpers/paths';
import { payload, text } from '../helpers/payloads';

describe('generated files', () => {
  it('the committed schema, snippets and samples are up to date (run "npm run build")', () => {
    for (const file of generatedFiles()) {
      assert.strictEqual(readFileSync(join(projectRoot, file.path), 'utf8'), file.content, `${file.path} is stale`);
    }
  });

  it('package.json contributes the payload language for *.wa.json and *.wa.jsonc, kept from VS Code\'s JSON validation, and snippets for JSON', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    // VS Code's JSON service would draw each schema problem as a warning beside the checks' error:
    // the extension runs the schema's hovers and completions itself (src/editor/schemaLanguage.ts).
    assert.strictEqual(pkg.contributes.jsonValidation, undefined);
    assert.strictEqual(pkg.contributes.jsonLanguageParticipants, undefined);
    assert.ok(readFileSync(join(projectRoot, '.vscodeignore'), 'utf8').includes('!dist/jsonLanguageService.js'), 'the engine is packaged');
    assert.ok(pkg.dependencies['vscode-json-languageservice'], 'the engine is a dependency');
    const [language, ...others] = pkg.contributes.languages;
    assert.deepStrictEqual(others, []);
    assert.strictEqual(language.id, 'wa-payload');
    assert.deepStrictEqual(language.filenamePatterns, ['*.wa.json', '*.wa.jsonc']);
    // JSON services read these at the schema's root: without them a commented payload forced to json gets errors.
    const schema = JSON.parse(readFileSync(join(projectRoot, SCHEMA_FILE), 'utf8'));
    assert.strictEqual(schema.allowComments, true);
    assert.strictEqual(schema.allowTrailingCommas, true);
    const grammar = JSON.parse(readFileSync(join(projectRoot, pkg.contributes.grammars[0].path), 'utf8'));
    assert.deepStrictEqual(grammar.patterns, [{ include: 'source.json.comments' }]);
    assert.deepStrictEqual(
      pkg.contributes.snippets.map((s: { language: string }) => s.language),
      // Payloads get theirs by place from the completion provider, not everywhere in the file.
      ['json', 'jsonc'],
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
