/**
 * Every string a user reads that src/core makes is localizable. A pseudo-translation bundle, in
 * which each message of l10n/bundle.l10n.json (the sources' t() calls and the schema's own
 * messages) is wrapped in ⟦…⟧, is loaded through useBundle(); then the core functions are driven
 * over the bad-payload corpus, the samples, every response code, every network failure, the
 * endpoint errors and the media-check findings. Every text they return must be made of marked
 * pieces only: a message that bypasses t() shows up unmarked. Not covered: what comes from
 * elsewhere (the API's own description of an unknown code, Node's error text after a network code).
 */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeSendFailure } from '../../../src/core/send/http';
import { describeProblem, parsePayload } from '../../../src/core/json/jsonc';
import { useBundle } from '../../../src/core/text/l10n';
import { L10N_BUNDLE_FILE, englishBundle, extractMessages } from '../../../src/core/build/l10nBundle';
import { checkMedia } from '../../../src/core/checks/media';
import { structuralFixes } from '../../../src/core/checks/structure';
import { checkMessage, metaShapeFixes } from '../../../src/core/checks/messages';
import { endpointFor } from '../../../src/core/send/endpoint';
import { prepareMessage } from '../../../src/core/send/prepare';
import { ProbeResult, assessProbe, describeProbeFailure, probeMedia } from '../../../src/core/media/probe';
import { interpretAnswer } from '../../../src/core/send/responses';
import { decideSend } from '../../../src/core/send/decision';
import { validatePayload } from '../../../src/core/schema/validate';
import { projectRoot } from '../helpers/jsonService';
import { payload, text as payloadText } from '../helpers/payloads';

const OPEN = '⟦';
const CLOSE = '⟧';
/** What may stand between marked pieces: the joins of composite messages. */
const JOINS = /^[\s.,;:()…—-]*$/;

/** The top-level pieces of a text: marked spans (without their markers) and what lies between them. */
function pieces(text: string): { marked: string[]; between: string[] } | string {
  const marked: string[] = [];
  const between: string[] = [];
  let depth = 0;
  let start = 0;
  let outside = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === OPEN) {
      if (depth === 0) {
        between.push(outside);
        outside = '';
        start = i + 1;
      }
      depth++;
    } else if (c === CLOSE) {
      depth--;
      if (depth < 0) return `an unopened ${CLOSE} at ${i}`;
      if (depth === 0) marked.push(text.slice(start, i));
    } else if (depth === 0) {
      outside += c;
    }
  }
  if (depth !== 0) return 'an unclosed marker';
  between.push(outside);
  return { marked, between };
}

let templates: { key: string; pattern: RegExp }[] = [];
/** The messages the texts checked were made of. */
const used = new Set<string>();

/** English prose: three words in a row. Data (paths, URLs, MIME types, codes, numbers) has none. */
const PROSE = /\b[A-Za-z]{2,}[ ]+[a-z]{2,}[ ]+[a-z]{2,}\b/;

/**
 * Why a text is not fully localized, or undefined when it is. A whole message may hold nothing but
 * marked pieces and joins; an argument (`asArgument`) may also hold data between its marked pieces
 * (".jpg⟦ or ⟧.jpeg"), but no prose.
 */
function unlocalized(text: string, asArgument = false): string | undefined {
  const split = pieces(text);
  if (typeof split === 'string') return split;
  if (split.marked.length === 0) return asArgument ? (PROSE.test(text) ? `unmarked prose "${text}" as an argument` : undefined) : 'no marked piece at all';
  const stray = split.between.find((b) => (asArgument ? PROSE.test(b) : !JOINS.test(b)));
  if (stray !== undefined) return asArgument ? `unmarked prose "${stray}" in an argument` : `unmarked text "${stray}"`;
  for (const inner of split.marked) {
    // The piece is a template with its arguments filled in: find the template, then check each argument.
    const candidates = templates.filter((t) => t.pattern.test(inner));
    if (candidates.length === 0) return `"${inner}" is no message of the bundle`;
    const reasons: string[] = [];
    const fits = candidates.some(({ key, pattern }) => {
      const args = (pattern.exec(inner) as RegExpExecArray).slice(1);
      const bad = args.map((a) => unlocalized(a, true)).find((r) => r);
      if (bad) reasons.push(bad);
      else used.add(key);
      return !bad;
    });
    if (!fits) return reasons[0];
  }
  return undefined;
}

function assertLocalized(text: string, where: string): void {
  const why = unlocalized(text);
  assert.strictEqual(why, undefined, `${where}: ${JSON.stringify(text)}`);
}

/** A message template as a pattern: `{0}`… match anything (arguments may repeat). */
function templatePattern(key: string): RegExp {
  const parts = key.split(/(\{\d+\})/);
  const groups = new Map<string, number>();
  const source = parts
    .map((part) => {
      if (!/^\{\d+\}$/.test(part)) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const seen = groups.get(part);
      if (seen !== undefined) return `\\${seen}`;
      groups.set(part, groups.size + 1);
      return '([\\s\\S]*?)';
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function files(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => /\.wa\.jsonc?$/.test(f))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

describe('every message src/core makes goes through t()', () => {
  const checked = new Set<string>();
  const check = (text: string, where: string) => {
    checked.add(text);
    assertLocalized(text, where);
  };

  before(() => {
    // The bundle VS Code loads (the test below keeps it up to date with the sources).
    const keys = Object.keys(JSON.parse(readFileSync(join(projectRoot, L10N_BUNDLE_FILE), 'utf8')) as Record<string, string>);
    templates = keys.map((key) => ({ key, pattern: templatePattern(key) }));
    useBundle(Object.fromEntries(keys.map((k) => [k, `${OPEN}${k}${CLOSE}`])));
  });

  after(() => {
    // @vscode/l10n's bundle is global to the process: the other tests read English.
    useBundle({});
  });

  it('the test itself tells a bypass from a translated message', () => {
    assert.strictEqual(unlocalized('⟦Not sent:⟧ ⟦line 3, column 7: ⟦Missing property "appid".⟧⟧ ⟦(and 2 more)⟧'), undefined);
    assert.match(unlocalized('Not sent: the payload does not match the schema.') ?? '', /no marked piece/);
    assert.match(unlocalized('⟦Not sent:⟧ and then some') ?? '', /unmarked text/);
    assert.match(unlocalized('⟦Connection refused by the peer⟧') ?? '', /no message of the bundle/);
    assert.match(unlocalized('⟦line 3, column 7: The payload is empty.⟧') ?? '', /unmarked prose/);
    assert.match(unlocalized('⟦Not sent: a variable is not defined in the active environment:⟧') ?? '', /unmarked prose "the active environment"/);
    assert.strictEqual(unlocalized('⟦Not sent: a variable is not defined in ⟦the active environment⟧:⟧'), undefined);
  });

  it('the committed English bundle is the sources\' messages, and no template breaks the rules', function () {
    // It reads every source twice (the bundle, then the extraction): seconds on a busy machine.
    this.timeout(30_000);
    assert.strictEqual(readFileSync(join(projectRoot, L10N_BUNDLE_FILE), 'utf8'), englishBundle(projectRoot), `${L10N_BUNDLE_FILE} is stale: run "npm run build"`);
    const extraction = extractMessages(projectRoot);
    assert.deepStrictEqual(extraction.mistakes, []);
    // A t() of a variable translates only what the bundle lists: each such call's messages come from a table (dataMessages).
    assert.deepStrictEqual(extraction.dynamicCalls.map((c) => `${c.site.replace(/:\d+$/, '')} ${c.argument}`).sort(), [
      'src/core/media/table.ts spec.formats',
      'src/core/schema/validate.ts schema.errorMessage',
      'src/core/schema/validate.ts schema.patternErrorMessage',
      'src/editor/newMessage.ts group',
    ]);
  });

  it('syntax, schema, variable and message-check problems, and the summaries that stop a send', function () {
    this.timeout(30_000);
    const corpus = [
      ...files(join(projectRoot, 'test', 'fixtures', 'bad')),
      ...files(join(projectRoot, 'samples')),
      ...files(join(projectRoot, 'test', 'fixtures', 'workspace')),
      { name: 'too deep', text: `${'['.repeat(70)}${']'.repeat(70)}` },
      { name: 'too large', text: `"${'x'.repeat(8.5 * 1024 * 1024)}"` },
      { name: 'bad waid', text: payloadText(payload('image', (p) => (p.destination = [{ waid: ['+44 7700'] }]))) },
      { name: 'caption on audio', text: payloadText(payload('audio', (_p, media) => (media.caption = 'hi'))) },
      { name: 'extra key', text: payloadText(payload('video', (p) => (p.extra = 1))) },
      { name: 'no destination', text: payloadText(payload('document', (p) => delete p.destination)) },
      { name: 'share page', text: payloadText(payload('document', (_p, media) => (media.url = 'https://www.dropbox.com/s/abc/Invoice 4711.pdf?dl=0'))) },
      { name: 'http and wrong extension', text: payloadText(payload('image', (_p, media) => (media.url = 'http://media.acme.com/a.png'))) },
      { name: 'private host', text: payloadText(payload('video', (_p, media) => (media.url = 'https://10.0.0.5/v.mp4'))) },
      { name: 'filename', text: payloadText(payload('document', (_p, media) => (media.filename = 'invoice.docx'))) },
      { name: 'no filename', text: payloadText(payload('document', (_p, media) => delete media.filename)) },
      { name: 'mimetype typo', text: payloadText(payload('image', (_p, media) => { media.mimetype = media.mimeType; delete media.mimeType; })) },
      { name: 'too many', text: payloadText(payload('sticker', (p) => (p.destination = Array.from({ length: 1001 }, () => ({ waid: ['1'] }))))) },
    ];
    for (const { name, text } of corpus) {
      const parsed = parsePayload(text);
      for (const p of parsed.problems) check(describeProblem(p), `${name}: parse`);
      for (const p of validatePayload(parsed)) check(describeProblem(p), `${name}: schema`);
      if (parsed.problems.length === 0) for (const f of checkMessage(parsed)) check(describeProblem(f), `${name}: checks`);
      for (const f of [...checkMedia(parsed), ...checkMedia(parsed, { variables: {}, environment: 'dev' })]) {
        check(describeProblem(f), `${name}: media`);
        for (const fix of f.fixes) check(fix.title, `${name}: media fix`);
      }
      for (const site of [...structuralFixes(parsed), ...metaShapeFixes(parsed)]) check(site.fix.title, `${name}: fix`);
      const names = [...new Set([...text.matchAll(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g)].map((m) => m[1]))];
      const filled = Object.fromEntries(names.map((n) => [n, n === 'waid' ? '16505551234' : 'x1']));
      for (const variables of [{}, filled, Object.fromEntries(names.map((n) => [n, '+1 650']))]) {
        for (const environment of [undefined, 'dev']) {
          const prepared = prepareMessage(text, variables, environment);
          if (!prepared.ok) {
            check(prepared.summary, `${name}: summary`);
            for (const p of prepared.problems) check(p.message, `${name}: ${prepared.stage}`);
          }
        }
      }
    }
  });

  it('what every response code, an unknown code and an unreadable answer mean', () => {
    const answers = [
      // Every four-digit code, one answer per distinct meaning and advice (the unknown ones share theirs).
      ...new Map(
        Array.from({ length: 10_000 }, (_, i) => interpretAnswer(200, JSON.stringify({ response: [{ code: String(i).padStart(4, '0'), transid: 't-1' }] }))).map((a) => [
          `${a.meaning}\n${a.advice}`,
          a,
        ]),
      ).values(),
      interpretAnswer(400, '{"response":{"code":"7999"}}'),
      interpretAnswer(500, '<html></html>', 'text/html'),
      interpretAnswer(200, 'OK'),
      interpretAnswer(200, '{"status":"ok"}'),
      interpretAnswer(200, '{"response', '', true),
    ];
    const context = { id: 'r', environment: 'dev', environmentName: 'dev', endpoint: new URL('https://api.eu.webexconnect.io/resources/v1/messaging'), file: 'a.wa.json', at: '2026-01-01T00:00:00Z', secrets: [] };
    const message = { body: '{}', messageType: 'image', recipients: 1 };
    for (const answer of answers) {
      check(answer.meaning, `meaning of ${answer.code}`);
      check(answer.advice, `advice for ${answer.code}`);
      const decision = decideSend({ ok: true, httpStatus: 200, durationMs: 5, bodyText: '', answer }, message, context);
      // The headline of a coded answer is "<code> <meaning>": the code is data.
      check(decision.headline.replace(/^\d+ /, ''), `headline of ${answer.code}`);
      check(decision.message.replace(/^\d+ /, ''), `message of ${answer.code}`);
      check(decision.notification.replace(/^\d+ /, ''), `notification of ${answer.code}`);
    }
  });

  it('every network failure of a send and of a media check, and a cancelled send', () => {
    const url = new URL('https://api.example.test:8443/resources/v1/messaging');
    const plain = { url, timedOut: false, cancelled: false, timeoutMs: 30_000 };
    const error = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
    const cases: [unknown, typeof plain][] = [
      ...['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'CERT_HAS_EXPIRED', 'EHOSTUNREACH'].map((c): [unknown, typeof plain] => [error(c), plain]),
      [{ cause: { code: 'UND_ERR_SOCKET' } }, plain],
      [new Error('aborted'), { ...plain, timedOut: true }],
      [new Error('aborted'), { ...plain, cancelled: true }],
    ];
    const context = { id: 'r', environment: 'dev', environmentName: 'dev', endpoint: url, file: 'a.wa.json', at: '2026-01-01T00:00:00Z', secrets: [] };
    const message = { body: '{}', messageType: 'image', recipients: 1 };
    for (const [[err, how], surface] of cases.flatMap((c) => (['editor', 'cli'] as const).map((s) => [c, s] as const))) {
      const sent = describeSendFailure(err, how, surface);
      // Node's own text after "failed (CODE):" is not ours to translate.
      check(sent.message.replace(/: connect \w+$/, ''), `send: ${JSON.stringify(err)}`);
      const decision = decideSend({ ok: false, kind: sent.kind, message: sent.message, durationMs: 1, mayHaveBeenSent: sent.mayHaveBeenSent }, message, context);
      check(decision.headline, `headline: ${sent.kind}`);
      const probed = describeProbeFailure(err, how);
      check(probed.message.replace(/: connect \w+$/, ''), `media check: ${JSON.stringify(err)}`);
    }
    for (const mayHaveBeenSent of [true, false]) {
      const decision = decideSend({ ok: false, kind: 'cancelled', message: '', durationMs: 1, mayHaveBeenSent }, message, context);
      check(decision.advice, 'cancelled send');
    }
    check(decideSend({ ok: false, kind: 'redirect', message: '', durationMs: 1, mayHaveBeenSent: false }, message, context).headline, 'redirect');
  });

  it('every endpoint error', () => {
    const specs = [{ baseUrl: 'not a url' }, { baseUrl: 'ftp://x' }, { baseUrl: 'http://api.example.test' }, { baseUrl: 'https://u:p@api.example.test' }, {}, { region: 'mars' }];
    for (const spec of specs) {
      for (const name of [undefined, 'dev']) {
        const result = endpointFor(spec, name);
        assert.ok(!result.ok);
        check(result.error, JSON.stringify(spec));
      }
    }
  });

  it('every media-check finding, and the URLs a check refuses before the network', async () => {
    const base: ProbeResult = { url: 'https://cdn.example.test/a.jpg', finalUrl: 'https://cdn.example.test/a.jpg', redirects: 0, durationMs: 1, status: 200, contentType: 'image/jpeg', contentLength: 1000 };
    const results: [ProbeResult, 'image' | 'sticker'][] = [
      [{ ...base, failure: 'cancelled' }, 'image'],
      [{ ...base, failure: 'refused' }, 'image'],
      [{ ...base, failure: 'dns', message: undefined }, 'image'],
      [{ ...base, redirects: 1 }, 'image'],
      [{ ...base, redirects: 3 }, 'image'],
      ...[302, 403, 404, 500].map((status): [ProbeResult, 'image'] => [{ ...base, status }, 'image']),
      [{ ...base, contentType: 'image/png' }, 'image'],
      [{ ...base, contentType: 'text/html' }, 'image'],
      [{ ...base, contentType: 'video/mp4' }, 'image'],
      [{ ...base, contentLength: undefined }, 'image'],
      [{ ...base, contentLength: 6_501_171 }, 'image'],
      [{ ...base, contentLength: 600 }, 'image'],
      [{ ...base, contentType: 'image/webp', contentLength: 300 * 1024 }, 'sticker'],
      [{ ...base, contentType: 'image/webp', contentLength: 900 * 1024 + 5 }, 'sticker'],
    ];
    for (const [result, type] of results) {
      for (const f of assessProbe(result, type, type === 'image' ? 'image/jpeg' : 'image/webp')) check(f.message, JSON.stringify(result));
    }
    for (const url of ['<your-media-url>', 'ftp://cdn.example.test/a.jpg']) {
      const result = await probeMedia(url, { timeoutMs: 1000 });
      check(result.message ?? '', url);
      for (const f of assessProbe(result, 'image', 'image/jpeg')) check(f.message, url);
    }
    const aborted = new AbortController();
    aborted.abort();
    const cancelled = await probeMedia('https://cdn.example.test/a.jpg', { timeoutMs: 1000, signal: aborted.signal });
    check(cancelled.message ?? '', 'cancelled');
  });

  it('reaches a good part of the bundle (a sanity check of the drive above)', () => {
    // Not every message: some need a live server (redirect loops), the media checks (not yet converted) or the editor.
    assert.ok(checked.size > 1000, `only ${checked.size} texts checked`);
    assert.ok(used.size >= 130, `only ${used.size} messages of the bundle reached`);
  });
});
