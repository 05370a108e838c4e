/**
 * Every message kind beyond media (text, location, contacts, list, reply buttons, templates, hsm):
 * payloads that must pass, one-mistake payloads that must fail with the right message at the right
 * place (through VS Code's own JSON service and through the send path), and the media checks on
 * reply headers and template parameters. The checks a schema can't express are in
 * ../checks/messages.test.ts.
 */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePayload } from '../../../src/core/json/jsonc';
import { checkMedia } from '../../../src/core/checks/media';
import { mediaTargets } from '../../../src/core/media/places';
import { describeMessage } from '../../../src/core/messages';
import { prepareMessage } from '../../../src/core/send/prepare';
import { ProbeResult, assessProbe } from '../../../src/core/media/probe';
import { skeletonPayload } from '../../../src/core/messages/scaffold';
import { VARS, findings } from '../helpers/checks';
import { hoverAt, projectRoot, show, validate } from '../helpers/jsonService';
import { kindPayload, waOf } from '../helpers/payloads';

/** Exactly one problem, on the first occurrence of `at` (after `after`), with a matching message. */
async function assertOneProblem(source: string, at: string, message: RegExp, after?: string): Promise<void> {
  const problems = await validate(source);
  assert.strictEqual(problems.length, 1, `expected 1 problem, got:\n${show(problems)}`);
  const offset = source.indexOf(at, after ? source.indexOf(after) + after.length : 0);
  assert.ok(offset >= 0, `test bug: ${at} not in source`);
  const line = source.slice(0, offset).split('\n').length - 1;
  // An array or object is underlined whole: compare where it starts.
  assert.ok(problems[0].text === at || (/^[[{]$/.test(at) && problems[0].text.startsWith(at)), show(problems));
  assert.strictEqual(problems[0].start.line, line, show(problems));
  assert.match(problems[0].message, message);
  // The send path says the same, at the same line.
  const prepared = prepareMessage(source, VARS);
  assert.ok(!prepared.ok, 'the send path accepted it');
  assert.ok(prepared.problems.some((p) => p.line === line + 1 && message.test(p.message)), `send path: ${prepared.summary}`);
}

describe('message kinds: payloads that must pass', () => {
  const samples = readdirSync(join(projectRoot, 'samples')).filter((f) => f.endsWith('.wa.jsonc'));
  it('there is one sample per kind offered', () => {
    assert.deepStrictEqual(samples.sort(), ['audio', 'contacts', 'document', 'image', 'list', 'location', 'reply', 'sticker', 'template', 'text', 'video'].map((k) => `${k}.wa.jsonc`));
  });
  for (const file of samples) {
    it(`samples/${file}: no problem in the editor, no finding, and it prepares to send`, async () => {
      const source = readFileSync(join(projectRoot, 'samples', file), 'utf8');
      assert.deepStrictEqual(show(await validate(source, file)), '(none)');
      assert.deepStrictEqual(findings(source), []);
      // With the delivery receiver running (npm start starts it), {{notifyurl}} is its URL.
      const prepared = prepareMessage(source, { ...VARS, notifyurl: 'http://127.0.0.1:8787/token/dev' });
      assert.ok(prepared.ok, prepared.ok ? '' : prepared.summary);
      assert.strictEqual(prepared.value.notifyurl, 'http://127.0.0.1:8787/token/dev', 'every sample follows its delivery');
      // Without it, a clear word (start it), not a send that stays Queued.
      const stopped = prepareMessage(source, VARS);
      assert.ok(!stopped.ok && stopped.needsReceiver, stopped.ok ? 'sent without a receiver' : stopped.summary);
      assert.match(stopped.summary, /\{\{notifyurl\}\} is filled in while the delivery receiver runs: start it with "Webex Connect: Start Delivery Receiver"/);
    });
  }
  for (const file of readdirSync(join(projectRoot, 'test', 'fixtures', 'docs'))) {
    it(`the docs' own ${file.split('.')[0]} sample, its JSON repaired`, async () => {
      const source = readFileSync(join(projectRoot, 'test', 'fixtures', 'docs', file), 'utf8');
      assert.deepStrictEqual(show(await validate(source, file)), '(none)');
      const prepared = prepareMessage(source, VARS);
      assert.ok(prepared.ok, prepared.ok ? '' : prepared.summary);
    });
  }
  it('names each kind for the send confirmation, templates with their id (and name, when wxc.templates gives one)', () => {
    assert.strictEqual(describeMessage(skeletonPayload('list')), 'list');
    assert.strictEqual(describeMessage(skeletonPayload('text')), 'text');
    assert.strictEqual(describeMessage(skeletonPayload('template')), 'template 602076559564625');
    assert.strictEqual(describeMessage(skeletonPayload('template'), { '602076559564625': { name: 'spring_offer' } }), 'template 602076559564625 (spring_offer)');
    const prepared = prepareMessage(kindPayload('template'), VARS);
    assert.ok(prepared.ok && prepared.messageType === 'template 602076559564625');
  });
});

describe('message kinds: hover documentation', () => {
  for (const file of readdirSync(join(projectRoot, 'test', 'fixtures', 'docs'))) {
    it(`every key of the docs' ${file.split('.')[0]} sample has hover documentation`, async () => {
      const source = readFileSync(join(projectRoot, 'test', 'fixtures', 'docs', file), 'utf8');
      const missing: string[] = [];
      for (const m of source.matchAll(/"([^"]+)":/g)) {
        const hover = await hoverAt(source, `"${m[1]}":`, 1, m.index ?? 0);
        const contents = hover?.contents;
        const markdown = (Array.isArray(contents) ? contents : contents ? [contents] : []).map((c) => (typeof c === 'string' ? c : c.value)).join('');
        if (markdown.trim().length < 10) missing.push(`${m[1]} (line ${source.slice(0, m.index).split('\n').length})`);
      }
      assert.deepStrictEqual(missing, []);
    });
  }
});

describe('message kinds: one mistake each, named and placed', () => {
  it('text: a body over 4096 characters', () =>
    assertOneProblem(kindPayload('text', (p) => (waOf(p).text.body = 'x'.repeat(4097))), `"${'x'.repeat(4097)}"`, /longer than the maximum length of 4096/));
  it('text: preview_url inside text, as Meta writes it', () =>
    assertOneProblem(kindPayload('text', (p) => (waOf(p).text.preview_url = true)), 'true', /sits beside "text"/, '"preview_url"'));
  it('text: preview_url that is neither true nor false', () =>
    assertOneProblem(kindPayload('text', (p) => (waOf(p).preview_url = 'yes')), '"yes"', /"preview_url" is true or false/));
  it('text: preview_url on another type', () =>
    assertOneProblem(kindPayload('location', (p) => (waOf(p).preview_url = true)), 'true', /belongs to text messages only/));
  it('location: a latitude beyond 90', () =>
    assertOneProblem(kindPayload('location', (p) => (waOf(p).location.latitude = 91)), '91', /^Value is above the maximum of 90\.$/));
  it('location: a longitude written as a string', () =>
    assertOneProblem(kindPayload('location', (p) => (waOf(p).location.longitude = '-122.4')), '"-122.4"', /"longitude" is a number from -180 to 180/));
  it('location: no latitude', () => assertOneProblem(kindPayload('location', (p) => delete waOf(p).location.latitude), '"location"', /Missing property "latitude"/, '"type": "location"'));
  it('contacts: a phone type Meta does not know', () =>
    assertOneProblem(kindPayload('contacts', (p) => (waOf(p).contacts[0].phones[0].type = 'MOBILE')), '"MOBILE"', /phone type is one of "CELL", "MAIN", "IPHONE", "HOME", "WORK"/));
  it('contacts: a birthday written another way', () =>
    assertOneProblem(kindPayload('contacts', (p) => (waOf(p).contacts[0].birthday = '10/12/1815')), '"10/12/1815"', /YYYY-MM-DD/));
  it('contacts: no formatted name', () =>
    assertOneProblem(kindPayload('contacts', (p) => delete waOf(p).contacts[0].name.formatted_name), '"name"', /Missing property "formatted_name"/));
  it('list: a button label over 20 characters', () =>
    assertOneProblem(kindPayload('list', (p) => (waOf(p).list.action.button = 'Choose a delivery slot')), '"Choose a delivery slot"', /maximum length of 20/));
  it('list: a media header', () =>
    assertOneProblem(kindPayload('list', (p) => (waOf(p).list.header = { type: 'image', text: 'x' })), '"image"', /A list header is text only/));
  it('list: a row title over 24 characters', () =>
    assertOneProblem(kindPayload('list', (p) => (waOf(p).list.action.sections[0].rows[1].title = 'An afternoon slot, any day')), '"An afternoon slot, any day"', /maximum length of 24/));
  it('list: no body', () => assertOneProblem(kindPayload('list', (p) => delete waOf(p).list.body), '"list"', /Missing property "body"/, '"type": "list"'));
  it('reply: four buttons', () =>
    assertOneProblem(
      kindPayload('reply', (p) => waOf(p).reply.action.buttons.push({ type: 'reply', reply: { id: 'a', title: 'A' } }, { type: 'reply', reply: { id: 'b', title: 'B' } })),
      '[',
      /too many items. Expected 3 or fewer/,
      '"buttons": ',
    ));
  it("reply: a header image with Meta's link", () =>
    assertOneProblem(kindPayload('reply', (p) => (waOf(p).reply.header = { type: 'image', image: { url: 'https://cdn.example.com/a.jpg', link: 'https://cdn.example.com/a.jpg' } })), '"https://cdn.example.com/a.jpg"', /writes the header media's address as "url"/, '"link": '));
  it('reply: a text header carrying an image', () =>
    assertOneProblem(kindPayload('reply', (p) => (waOf(p).reply.header.image = { url: 'https://cdn.example.com/a.jpg' })), '"image"', /header's "type" is "text", so it carries "text"/));
  it('template: no template id', () => assertOneProblem(kindPayload('template', (p) => delete p.message.template), '"message"', /Missing property "template"/));
  it('template: a media parameter with url instead of link', () =>
    assertOneProblem(kindPayload('template', (p) => (p.message.parameters.image = { link: 'https://cdn.example.com/a.jpg', url: 'https://cdn.example.com/a.jpg' })), '"https://cdn.example.com/a.jpg"', /write the address as "link", not "url"/, '"url": '));
  it('template: a type in wa beside the template', () =>
    assertOneProblem(kindPayload('template', (p) => (p.channels = { 'OTT-Messaging': { wa: { identity_key_hash: 'x', preview_url: true } } })), '"preview_url"', /"wa" holds at most "identity_key_hash"/));
  it('template: an amount without its currency code', () =>
    assertOneProblem(kindPayload('template', (p) => (p.message.parameters.price = { type: 'currency', amount_1000: 1000, fallback_value: '$1' })), '"price"', /Missing property "currency_code"/));
  it("Meta's interactive wrapper: the type and the wrapper each say what Webex Connect writes instead", async () => {
    const source = kindPayload('list', (p) => { const wa = waOf(p); wa.type = 'interactive'; wa.interactive = { type: 'list', ...wa.list }; delete wa.list; });
    const problems = await validate(source);
    assert.deepStrictEqual(problems.map((p) => [p.start.line + 1, p.text.slice(0, 1)]), [[14, '"'], [15, '{']], show(problems));
    assert.match(problems[0].message, /"interactive" is Meta's Cloud API: in Webex Connect a list is "list" and reply buttons are "reply"/);
    assert.match(problems[1].message, /"interactive" is Meta's Cloud API shape\. In Webex Connect a list goes in "list"/);
  });
  it('no type and no template', () => assertOneProblem(kindPayload('text', (p) => delete waOf(p).type), '"wa"', /Missing property "type"/));
});

describe('message kinds: media in reply headers and template parameters get the media checks', () => {
  const media = (source: string) => checkMedia(parsePayload(source)).map((f) => [f.rule, f.path]);
  it('a reply header image whose URL is a video, and a placeholder host', () => {
    const source = kindPayload('reply', (p) => (waOf(p).reply.header = { type: 'image', image: { url: 'https://cdn.example.com/a.mp4' } }));
    assert.deepStrictEqual(media(source), [
      ['placeholder-url', 'channels.OTT-Messaging.wa.reply.header.image.url'],
      ['url-extension', 'channels.OTT-Messaging.wa.reply.header.image.url'],
    ]);
    assert.match(checkMedia(parsePayload(source))[1].message, /The URL ends in \.mp4, which is not an image file: .*\(\.jpg or \.jpeg or \.png\)/);
  });
  it('a template document parameter on a share page, and on plain http', () => {
    const share = kindPayload('template', (p) => (p.message.parameters = { document: { link: 'https://github.com/acme/docs/blob/main/offer.pdf', filename: 'offer.pdf' } }));
    assert.deepStrictEqual(media(share), [['share-page', 'message.parameters.document.link']]);
    const http = kindPayload('template', (p) => (p.message.parameters = { video: { link: 'http://media.acme.com/v/offer.mp4' } }));
    assert.deepStrictEqual(media(http), [['http-url', 'message.parameters.video.link']]);
  });
  it('the samples have no media finding, and their media are the targets Check Media URLs fetches', () => {
    for (const kind of ['reply', 'template']) assert.deepStrictEqual(media(readFileSync(join(projectRoot, 'samples', `${kind}.wa.jsonc`), 'utf8')), []);
    const reply = JSON.parse(kindPayload('reply', (p) => (waOf(p).reply.header = { type: 'video', video: { url: 'https://media.acme.com/v.mp4' } })));
    assert.deepStrictEqual(mediaTargets(reply), [{ type: 'video', url: 'https://media.acme.com/v.mp4', mimeType: '', path: ['channels', 'OTT-Messaging', 'wa', 'reply', 'header', 'video'] }]);
    assert.deepStrictEqual(mediaTargets(skeletonPayload('template')).map((t) => [t.type, t.url]), [['image', 'https://cdn.example.com/media/offer.jpg']]);
  });
  it('a probe of header media without a mimeType judges the served type against the media type', () => {
    const ok: ProbeResult = { url: 'https://media.acme.com/a.png', durationMs: 5, status: 200, contentType: 'image/png', contentLength: 1000, redirects: 0, finalUrl: 'https://media.acme.com/a.png' };
    assert.deepStrictEqual(assessProbe(ok, 'image', '').filter((f) => f.severity === 'error'), []);
    assert.match(assessProbe({ ...ok, contentType: 'text/html' }, 'image', '')[0].message, /^The server says text\/html: the URL probably serves a web page/);
  });
});
