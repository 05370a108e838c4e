/** The checks a schema can't express (src/core/checks/messages): list rows and ids, reply buttons, templates against their definitions, and Meta Cloud API shapes converted by a quick fix. */
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePayload } from '../../../src/core/json/jsonc';
import { metaShapeFixes } from '../../../src/core/checks/messages';
import { Finding } from '../../../src/core/checks/findings';
import { templateDefinitionsSchema } from '../../../src/core/messages/template';
import { TemplateDefinitions, expectedParameters } from '../../../src/core/messages/templateDefinitions';
import { prepareMessage } from '../../../src/core/send/prepare';
import { skeletonPayload } from '../../../src/core/messages/scaffold';
import { VARS, applied, findings } from '../helpers/checks';
import { projectRoot } from '../helpers/paths';
import { Payload, kindPayload, text, waOf } from '../helpers/payloads';

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
  // Ids as Webex Connect shows them (digits); the sample's is SPRING.
  const SPRING = '602076559564625';
  const ORDER = '715843920183746';
  const LOGIN = '839201746552018';
  const DEFS: TemplateDefinitions = {
    [SPRING]: { name: 'spring_offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}} for 20% off.' },
    [ORDER]: { header: { type: 'text', text: 'Order {{order}}' }, body: 'Your order ships {{ day }}.', buttons: [{ type: 'url', name: 'track', text: 'Track', url: 'https://example.com/t/{{1}}' }, { type: 'quickReply', text: 'Thanks' }] },
    [LOGIN]: { name: 'login_code', category: 'authentication', body: '{{1}} is your code.', buttons: [{ type: 'otp' }] },
  };

  it('knows which parameters a definition needs', () => {
    assert.deepStrictEqual(expectedParameters(DEFS[ORDER]).map((e) => e.name), ['headerText', 'day', 'track']);
    assert.deepStrictEqual(expectedParameters(DEFS[LOGIN]).map((e) => e.name), ['1', 'otp']);
    assert.deepStrictEqual(expectedParameters({ header: { type: 'text', text: 'No variables' } }), []);
  });
  it('the sample matches its definition: no finding', () => assert.deepStrictEqual(findings(kindPayload('template'), DEFS), []));
  it('body variables may be written "{{name}}", as the docs write them', () =>
    assert.deepStrictEqual(findings(kindPayload('template', (p) => (p.message.parameters = { image: { link: 'https://cdn.example.com/a.jpg' }, '{{name}}': 'Ada', '{{code}}': 'X' })), DEFS), []));
  it('an unknown template id is a warning naming the known ones, with their names', () => {
    const f = findings(kindPayload('template', (p) => (p.message.template = '111122223333444')), DEFS);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.path]), [['template-unknown', 'warning', 'message.template']]);
    assert.ok(f[0].message.includes(`"111122223333444" is not among the templates described in the setting wxc.templates (${SPRING} (spring_offer), ${ORDER}, ${LOGIN} (login_code))`), f[0].message);
  });
  it('the template id may be a {{variable}} of the environment: checked as filled in, with no fix (it would overwrite the variable)', () => {
    const source = kindPayload('template', (p) => (p.message.template = '{{WAAppid}}'));
    const f = findings(source, { ...DEFS, '990011223344556': { name: 'a1b2c3' } });
    assert.deepStrictEqual(f.filter((x) => x.rule === 'template-id').map((x) => x.fixes.length), [0]);
    assert.match(f[0].message, /"a1b2c3" is the name of template 990011223344556/);
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
      p.message.template = ORDER;
      p.message.parameters = { day: 'Monday' };
    });
    const f = findings(source, DEFS);
    assert.deepStrictEqual(f.map((x) => x.rule), ['template-missing-parameter']);
    const fixed = (applied(source, f[0]) as Payload).message.parameters;
    assert.deepStrictEqual(fixed, { day: 'Monday', headerText: '', track: { type: 'url', payload: '' } });
    const login = kindPayload('template', (p) => {
      p.message.template = LOGIN;
      p.message.parameters = { '1': '123' };
    });
    assert.deepStrictEqual((applied(login, findings(login, DEFS)[0]) as Payload).message.parameters.otp, { type: 'otp', value: '' });
  });
  it('an unknown parameter and a media header of the wrong kind are warnings', () => {
    const f = findings(kindPayload('template', (p) => { p.message.parameters.video = { link: 'https://cdn.example.com/a.mp4' }; p.message.parameters.colour = 'red'; }), DEFS);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.path]).sort(), [['template-header-kind', 'message.parameters.video'], ['template-unknown-parameter', 'message.parameters.colour']]);
    assert.match((f.find((x) => x.rule === 'template-header-kind') as Finding).message, /Template "602076559564625" has a header of kind "image", not "video"/);
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
