/**
 * Every message kind beyond media (text, location, contacts, list, reply buttons, templates, hsm):
 * payloads that must pass, one-mistake payloads that must fail with the right message at the right
 * place (through VS Code's own JSON service and through the send path), the checks a schema can't
 * express with their quick fixes, and Meta Cloud API shapes converted.
 */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, parse } from 'jsonc-parser';
import { parsePayload } from '../../../src/core/json/jsonc';
import { checkMedia } from '../../../src/core/checks/media';
import { mediaTargets } from '../../../src/core/media/places';
import { checkMessage, metaShapeFixes } from '../../../src/core/checks/messages';
import { Finding } from '../../../src/core/checks/findings';
import { describeMessage } from '../../../src/core/messages';
import { templateDefinitionsSchema } from '../../../src/core/messages/template';
import { TemplateDefinitions, expectedParameters } from '../../../src/core/messages/templateDefinitions';
import { prepareMessage } from '../../../src/core/send/prepare';
import { ProbeResult, assessProbe } from '../../../src/core/media/probe';
import { skeletonPayload } from '../../../src/core/messages/scaffold';
import { templateCompletions } from '../../../src/core/messages/templateCompletions';
import { Problem, hoverAt, projectRoot, validate } from '../helpers/jsonService';
import { Payload, text } from '../helpers/payloads';

const VARS = { WAAppid: 'a1b2c3', waid: '447700900123' };

function show(problems: Problem[]): string {
  return problems.map((p) => `${p.start.line + 1}:${p.start.character + 1} ${p.text} — ${p.message}`).join('\n') || '(none)';
}

/** A payload of a kind as the scaffold makes it, changed by `edit`. */
function kindPayload(kind: string, edit: (p: Payload) => void = () => undefined): string {
  const p = structuredClone(skeletonPayload(kind)) as Payload;
  edit(p);
  return text(p);
}
const waOf = (p: Payload) => p.channels['OTT-Messaging'].wa;

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

function findings(source: string, templates?: TemplateDefinitions): Finding[] {
  return checkMessage(parsePayload(source), { templates, variables: VARS });
}

/** The text a quick fix produces. */
function applied(source: string, finding: { fixes: { edits?: { offset: number; length: number; content: string }[] }[] }): unknown {
  const edits = finding.fixes[0].edits;
  assert.ok(edits, 'the fix has edits');
  return parse(applyEdits(source, edits));
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
      const prepared = prepareMessage(source, VARS);
      assert.ok(prepared.ok, prepared.ok ? '' : prepared.summary);
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
  it('names each kind for the send confirmation, templates with their id', () => {
    assert.strictEqual(describeMessage(skeletonPayload('list')), 'list');
    assert.strictEqual(describeMessage(skeletonPayload('text')), 'text');
    assert.strictEqual(describeMessage(skeletonPayload('template')), 'template spring_offer');
    const prepared = prepareMessage(kindPayload('template'), VARS);
    assert.ok(prepared.ok && prepared.messageType === 'template spring_offer');
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

describe('message kinds: checks a schema cannot express', () => {
  const listWith = (sections: unknown[]) => kindPayload('list', (p) => (waOf(p).list.action.sections = sections));
  const rows = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, title: `Row ${prefix}${i + 1}` }));

  it('a list with 11 rows across two sections: the 11th row is flagged', () => {
    const source = listWith([{ title: 'A', rows: rows('a', 5) }, { title: 'B', rows: rows('b', 6) }]);
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.path]), [['list-too-many-rows', 'error', 'channels.OTT-Messaging.wa.list.action.sections[1].rows[5]']]);
    assert.match(f[0].message, /at most 10 rows across all its sections; this is row 11/);
    const prepared = prepareMessage(source, VARS);
    assert.ok(!prepared.ok && prepared.stage === 'checks', 'a list WhatsApp refuses is not sent');
  });
  it('10 rows are fine', () => assert.deepStrictEqual(findings(listWith([{ title: 'A', rows: rows('a', 4) }, { title: 'B', rows: rows('b', 6) }])), []));
  it('a row id used twice, with a fix that renames it', () => {
    const source = listWith([{ rows: [{ id: 'x', title: 'One' }, { id: 'x', title: 'Two' }, { id: 'x-2', title: 'Three' }] }]);
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.path]), [['list-duplicate-row-id', 'channels.OTT-Messaging.wa.list.action.sections[0].rows[1].id']]);
    assert.strictEqual(f[0].fixes[0].title, 'Rename to "x-3"');
    assert.deepStrictEqual((applied(source, f[0]) as Payload).channels['OTT-Messaging'].wa.list.action.sections[0].rows.map((r: Payload) => r.id), ['x', 'x-3', 'x-2']);
  });
  it('two sections without titles, each with a fix', () => {
    const source = listWith([{ rows: rows('a', 1) }, { title: 'B', rows: rows('b', 1) }, { rows: rows('c', 1) }]);
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.path]), [
      ['list-section-title', 'channels.OTT-Messaging.wa.list.action.sections[0]'],
      ['list-section-title', 'channels.OTT-Messaging.wa.list.action.sections[2]'],
    ]);
    assert.strictEqual((applied(source, f[1]) as Payload).channels['OTT-Messaging'].wa.list.action.sections[2].title, 'Section 3');
  });
  it('one section needs no title', () => assert.deepStrictEqual(findings(listWith([{ rows: rows('a', 2) }])), []));
  it('reply buttons with the same id and the same title', () => {
    const source = kindPayload('reply', (p) => (waOf(p).reply.action.buttons = [
      { type: 'reply', reply: { id: 'ok', title: 'Yes' } },
      { type: 'reply', reply: { id: 'ok', title: 'Yes' } },
    ]));
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => x.rule).sort(), ['reply-duplicate-id', 'reply-duplicate-title']);
    const byTitle = f.find((x) => x.rule === 'reply-duplicate-title') as Finding;
    assert.match(byTitle.message, /Button title "Yes" is used twice/);
    assert.strictEqual((applied(source, byTitle) as Payload).channels['OTT-Messaging'].wa.reply.action.buttons[1].reply.title, 'Yes-2');
  });
  it('preview_url written as the string "true" gets a hint and a fix to the boolean', () => {
    const source = readFileSync(join(projectRoot, 'test', 'fixtures', 'docs', 'text.wa.jsonc'), 'utf8');
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity]), [['preview-url-string', 'hint']]);
    assert.strictEqual((applied(source, f[0]) as Payload).channels['OTT-Messaging'].wa.preview_url, true);
  });
  it('a location address without a name', () => {
    const f = findings(kindPayload('location', (p) => delete waOf(p).location.name));
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.path]), [['address-without-name', 'warning', 'channels.OTT-Messaging.wa.location.address']]);
  });
  it('a contact name with only formatted_name', () => {
    const f = findings(kindPayload('contacts', (p) => (waOf(p).contacts[0].name = { formatted_name: 'Ada' })));
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity]), [['contact-name-part', 'error']]);
    assert.match(f[0].message, /at least one of "first_name", "last_name", "middle_name", "suffix", "prefix"/);
  });
  it('hsm is flagged as deprecated, pointing to templates', () => {
    const source = text({ deliverychannel: 'whatsapp', appid: 'a', destination: [{ waid: ['447700900123'] }], channels: { 'OTT-Messaging': { wa: { type: 'hsm', hsm: { namespace: 'n', element_name: 'e' } } } } });
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity]), [['hsm-deprecated', 'warning']]);
    assert.match(f[0].message, /send a template message instead/);
  });
  it('template parameters: empty, more than 4 spaces in a row (with a fix), an otp with spaces or too long', () => {
    const source = kindPayload('template', (p) => {
      p.message.parameters = { name: '', code: 'A     B', otp: { type: 'otp', value: '123 456' } };
    });
    const f = findings(source);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.path]), [
      ['template-empty-parameter', 'message.parameters.name'],
      ['template-parameter-spaces', 'message.parameters.code'],
      ['template-otp', 'message.parameters.otp.value'],
    ]);
    assert.strictEqual((applied(source, f[1]) as Payload).message.parameters.code, 'A    B');
    const long = findings(kindPayload('template', (p) => (p.message.parameters = { otp: { type: 'otp', value: '1234567890123456' } })));
    assert.match(long[0].message, /1 to 15 characters without spaces \(this one has 16 characters\)/);
    assert.deepStrictEqual(findings(kindPayload('template', (p) => (p.message.parameters = { otp: { type: 'otp', value: '123456789012345' } }))), []);
  });
});

describe('message kinds: templates checked against their definitions', () => {
  const DEFS: TemplateDefinitions = {
    spring_offer: { header: { type: 'image' }, body: 'Hi {{name}}, use {{code}} for 20% off.' },
    order_update: { header: { type: 'text', text: 'Order {{order}}' }, body: 'Your order ships {{ day }}.', buttons: [{ type: 'url', name: 'track', text: 'Track', url: 'https://example.com/t/{{1}}' }, { type: 'quickReply', text: 'Thanks' }] },
    login_code: { category: 'authentication', body: '{{1}} is your code.', buttons: [{ type: 'otp' }] },
  };

  it('knows which parameters a definition needs', () => {
    assert.deepStrictEqual(expectedParameters(DEFS.order_update).map((e) => e.name), ['headerText', 'day', 'track']);
    assert.deepStrictEqual(expectedParameters(DEFS.login_code).map((e) => e.name), ['1', 'otp']);
    assert.deepStrictEqual(expectedParameters({ header: { type: 'text', text: 'No variables' } }), []);
  });
  it('the sample matches its definition: no finding', () => assert.deepStrictEqual(findings(kindPayload('template'), DEFS), []));
  it('body variables may be written "{{name}}", as the docs write them', () =>
    assert.deepStrictEqual(findings(kindPayload('template', (p) => (p.message.parameters = { image: { link: 'https://cdn.example.com/a.jpg' }, '{{name}}': 'Ada', '{{code}}': 'X' })), DEFS), []));
  it('an unknown template id is a warning naming the known ones', () => {
    const f = findings(kindPayload('template', (p) => (p.message.template = 'autumn_offer')), DEFS);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.path]), [['template-unknown', 'warning', 'message.template']]);
    assert.match(f[0].message, /"autumn_offer" is not among the templates described in the setting wxc.templates \(spring_offer, order_update, login_code\)/);
  });
  it('the template id may be a {{variable}} of the environment', () => {
    const source = kindPayload('template', (p) => (p.message.template = '{{WAAppid}}'));
    const f = findings(source, DEFS);
    assert.match(f[0].message, /"a1b2c3" is not among the templates/);
  });
  it('a missing parameter is an error with a fix that adds it; the send stops', () => {
    const source = kindPayload('template', (p) => delete p.message.parameters.code);
    const f = findings(source, DEFS);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.path]), [['template-missing-parameter', 'error', 'message.parameters']]);
    assert.match(f[0].message, /needs "code" \(a body variable\)/);
    assert.strictEqual((applied(source, f[0]) as Payload).message.parameters.code, '');
    const prepared = prepareMessage(source, VARS, 'the active environment', { templates: DEFS });
    assert.ok(!prepared.ok && prepared.stage === 'checks');
  });
  it('the fix adds each missing parameter in the shape its role takes', () => {
    const source = kindPayload('template', (p) => {
      p.message.template = 'order_update';
      p.message.parameters = { day: 'Monday' };
    });
    const f = findings(source, DEFS);
    assert.deepStrictEqual(f.map((x) => x.rule), ['template-missing-parameter']);
    const fixed = (applied(source, f[0]) as Payload).message.parameters;
    assert.deepStrictEqual(fixed, { day: 'Monday', headerText: '', track: { type: 'url', payload: '' } });
    const login = kindPayload('template', (p) => {
      p.message.template = 'login_code';
      p.message.parameters = { '1': '123' };
    });
    assert.deepStrictEqual((applied(login, findings(login, DEFS)[0]) as Payload).message.parameters.otp, { type: 'otp', value: '' });
  });
  it('an unknown parameter and a media header of the wrong kind are warnings', () => {
    const f = findings(kindPayload('template', (p) => { p.message.parameters.video = { link: 'https://cdn.example.com/a.mp4' }; p.message.parameters.colour = 'red'; }), DEFS);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.path]).sort(), [['template-header-kind', 'message.parameters.video'], ['template-unknown-parameter', 'message.parameters.colour']]);
    assert.match((f.find((x) => x.rule === 'template-header-kind') as Finding).message, /Template "spring_offer" has a header of kind "image", not "video"/);
  });
  it('package.json contributes the wxc.templates setting with the schema src/core describes', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes.configuration.properties['wxc.templates'], templateDefinitionsSchema());
  });
});

describe("message kinds: Meta Cloud API shapes, converted by a quick fix", () => {
  const fixOf = (source: string, title: RegExp) => {
    const site = metaShapeFixes(parsePayload(source)).find((s) => title.test(s.fix.title));
    assert.ok(site, `no fix ${title} in ${metaShapeFixes(parsePayload(source)).map((s) => s.fix.title).join(', ')}`);
    return applied(source, { fixes: [site.fix] }) as Payload;
  };
  it('the interactive list wrapper becomes wa.list', () => {
    const list = skeletonPayload('list') as Payload;
    const source = kindPayload('list', (p) => { p.channels['OTT-Messaging'].wa = { type: 'interactive', interactive: { type: 'list', ...waOf(list).list } }; });
    assert.deepStrictEqual(fixOf(source, /Convert to Webex Connect's "list" message/), list);
  });
  it('interactive buttons become wa.reply, the header image link becoming url', () => {
    const reply = skeletonPayload('reply') as Payload;
    const content = structuredClone(waOf(reply).reply);
    content.header = { type: 'image', image: { link: 'https://cdn.example.com/a.jpg' } };
    const source = kindPayload('reply', (p) => { p.channels['OTT-Messaging'].wa = { type: 'interactive', interactive: { type: 'button', ...content } }; });
    const fixed = fixOf(source, /"reply" message/);
    assert.deepStrictEqual(waOf(fixed).reply.header, { type: 'image', image: { url: 'https://cdn.example.com/a.jpg' } });
    assert.strictEqual(waOf(fixed).type, 'reply');
    assert.strictEqual(waOf(fixed).interactive, undefined);
  });
  it('preview_url inside text moves beside it', () => {
    const source = kindPayload('text', (p) => { delete waOf(p).preview_url; waOf(p).text.preview_url = true; });
    const fixed = fixOf(source, /Move "preview_url" beside "text"/);
    assert.deepStrictEqual(waOf(fixed), { type: 'text', text: { body: waOf(JSON.parse(source)).text.body }, preview_url: true });
  });
  it('link in a reply header becomes url, url in a template media parameter becomes link', () => {
    const reply = kindPayload('reply', (p) => (waOf(p).reply.header = { type: 'video', video: { link: 'https://cdn.example.com/a.mp4' } }));
    assert.deepStrictEqual(waOf(fixOf(reply, /Rename to "url"/)).reply.header.video, { url: 'https://cdn.example.com/a.mp4' });
    const template = kindPayload('template', (p) => (p.message.parameters.image = { url: 'https://cdn.example.com/a.jpg' }));
    assert.deepStrictEqual(fixOf(template, /Rename to "link"/).message.parameters.image, { link: 'https://cdn.example.com/a.jpg' });
  });
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

describe('message kinds: completions from template definitions', () => {
  const DEFS: TemplateDefinitions = {
    spring_offer: { name: 'Spring offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}}.' },
    order_update: { body: 'Ships {{day}}.', buttons: [{ type: 'url', name: 'track', url: 'https://example.com/{{1}}' }] },
    login_code: { body: '{{1}} is your code.', buttons: [{ type: 'otp' }] },
  };
  const at = (source: string) => templateCompletions(source.replace('|', ''), source.indexOf('|'), DEFS);
  const withParameters = (id: string, params: string) => `{ "deliverychannel": "whatsapp", "message": { "template": "${id}", "parameters": { ${params} } } }`;

  it('offers the parameters the template still needs, each with a value of its shape', () => {
    assert.deepStrictEqual(at(withParameters('spring_offer', '"name": "Ada", |')).map((c) => [c.label, c.snippet]), [
      ['image', '"image": { "link": "${1:https://}" }'],
      ['code', '"code": "$1"'],
    ]);
    assert.deepStrictEqual(at(withParameters('order_update', '|')).map((c) => c.snippet), ['"day": "$1"', '"track": { "type": "url", "payload": "$1" }']);
    assert.deepStrictEqual(at(withParameters('login_code', '"{{1}}": "x", |')).map((c) => c.snippet), ['"otp": { "type": "otp", "value": "$1" }']);
  });
  it('offers the template ids in message.template', () => {
    const source = '{ "message": { "template": "|" } }';
    assert.deepStrictEqual(at(source).map((c) => [c.label, c.snippet]), [['spring_offer', 'spring_offer'], ['order_update', 'order_update'], ['login_code', 'login_code']]);
    assert.match(at(source)[0].detail, /Spring offer/);
  });
  it('offers nothing elsewhere, for an unknown template, or without definitions', () => {
    assert.deepStrictEqual(at('{ "appid": |, "message": { "template": "spring_offer" } }'), []);
    assert.deepStrictEqual(at(withParameters('nope', '|')), []);
    assert.deepStrictEqual(templateCompletions(withParameters('spring_offer', ''), 80, undefined), []);
  });
});
