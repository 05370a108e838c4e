/** Template ids (src/core/messages/templateId): digits, a stray character, a name where the id goes; through the checks pipeline and Send. */
import * as assert from 'node:assert';
import { checkPayload } from '../../../src/core/checks/pipeline';
import { TemplateDefinitions, templateLabel } from '../../../src/core/messages/templateDefinitions';
import { prepareMessage, sendSummary } from '../../../src/core/send/prepare';
import { VARS, applied, findings } from '../helpers/checks';
import { Payload, kindPayload } from '../helpers/payloads';

const SPRING = '602076559564625';
const DEFS: TemplateDefinitions = {
  [SPRING]: { name: 'spring_offer', header: { type: 'image' }, body: 'Hi {{name}}, use {{code}} for 20% off.' },
  '8812034455667788': { name: 'order_update', language: 'en', body: 'Your order ships {{day}}.' },
  '8812034455667799': { name: 'order_update', language: 'de', body: 'Ihre Bestellung kommt {{day}}.' },
  '730011223344551': { body: 'No name given.' },
};
const withTemplate = (id: string) => kindPayload('template', (p) => (p.message.template = id));
const idFindings = (source: string, defs?: TemplateDefinitions) => findings(source, defs).filter((f) => f.rule === 'template-id');

describe('template ids', () => {
  it('digits are an id: no finding, with or without wxc.templates', () => {
    for (const id of [SPRING, '1234567890123456', '7']) {
      assert.deepStrictEqual(idFindings(withTemplate(id)), [], id);
      assert.deepStrictEqual(idFindings(withTemplate(id), DEFS), [], id);
    }
    assert.deepStrictEqual(findings(withTemplate(SPRING), DEFS), [], 'the sample, complete, has no finding at all');
  });

  it('a stray character among the digits: a warning naming it and its position (7108), at message.template', () => {
    const f = idFindings(withTemplate('6020765595x64625'));
    assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.path, x.fixes.length]), [['template-id', 'warning', 'message.template', 0]]);
    assert.ok(f[0].message.includes('Template id "6020765595x64625" has "x" at position 11 among its digits'), f[0].message);
    assert.match(f[0].message, /7108/);
    const two = idFindings(withTemplate(' 60207655956462O'));
    assert.ok(two[0].message.includes('a space at position 1 and "O" at position 16'), two[0].message);
  });

  it('a stray character in a known id: a fix that writes the id wxc.templates describes', () => {
    for (const typo of ['6020765595x64625', '60207655956462x']) {
      const source = withTemplate(typo);
      const f = idFindings(source, DEFS);
      assert.deepStrictEqual(f.map((x) => x.fixes.map((q) => q.title)), [[`Write the template id ${SPRING} (spring_offer)`]], typo);
      assert.strictEqual((applied(source, f[0]) as Payload).message.template, SPRING);
    }
  });

  it('mostly letters is not a stray character: it is a name', () => {
    assert.match(idFindings(withTemplate('spring_offer_2026'))[0].message, /is not a template id/);
    assert.match(idFindings(withTemplate('12345x'))[0].message, /is not a template id/);
  });

  it('a name wxc.templates knows, where the id goes: a warning with a fix that writes its id', () => {
    const source = withTemplate('spring_offer');
    const f = idFindings(source, DEFS);
    assert.deepStrictEqual(f.map((x) => [x.severity, x.path]), [['warning', 'message.template']]);
    assert.ok(f[0].message.includes(`"spring_offer" is the name of template ${SPRING}: "message.template" takes the template's id (digits)`), f[0].message);
    assert.deepStrictEqual(f[0].fixes.map((q) => q.title), [`Write the template id ${SPRING} (spring_offer)`]);
    assert.strictEqual((applied(source, f[0]) as Payload).message.template, SPRING);
    // Its parameters are checked against the template it names: the sample's are complete.
    assert.deepStrictEqual(findings(source, DEFS).map((x) => x.rule), ['template-id']);
  });

  it('a name with one template per language: one fix per id, each naming its language', () => {
    const f = idFindings(withTemplate('order_update'), DEFS);
    assert.deepStrictEqual(f[0].fixes.map((q) => q.title), ['Write the template id 8812034455667788 (order_update), en', 'Write the template id 8812034455667799 (order_update), de']);
    assert.ok(f[0].message.includes('template 8812034455667788, 8812034455667799'), f[0].message);
  });

  it('a name wxc.templates does not know (or no wxc.templates): a warning that the id is digits, no fix, and no second "unknown" warning', () => {
    for (const defs of [DEFS, undefined]) {
      const f = findings(withTemplate('autumn_offer'), defs);
      assert.deepStrictEqual(f.map((x) => [x.rule, x.severity, x.fixes.length]), [['template-id', 'warning', 0]]);
      assert.ok(f[0].message.includes('"autumn_offer" is not a template id: "message.template" takes the id Webex Connect shows for the approved template (Tools → Templates), a string of digits'), f[0].message);
    }
  });

  it('an id written as a number: one error at message.template saying it goes in quotes, with a fix that writes the digits as a string', () => {
    const source = kindPayload('template', (p) => (p.message.template = Number(SPRING)));
    assert.ok(source.includes(`"template": ${SPRING}`), source);
    const piped = checkPayload(source, { templates: DEFS }).findings.filter((f) => f.path === 'message.template');
    assert.deepStrictEqual(piped.map((f) => [f.rule, f.severity]), [['template-id', 'error']], JSON.stringify(piped));
    assert.ok(piped[0].message.includes(`The template id is written as a number (${SPRING}): Webex Connect takes it as a string of digits, "${SPRING}"`), piped[0].message);
    assert.deepStrictEqual(piped[0].fixes.map((q) => q.title), [`Write the template id "${SPRING}" (spring_offer)`]);
    assert.strictEqual((applied(source, piped[0]) as Payload).message.template, SPRING);
  });

  it('an id written as a number too large for JSON to keep exactly: said so, and no fix (its digits may already be wrong)', () => {
    const source = withTemplate('x').replace('"template": "x"', '"template": 9007199254740993');
    const f = idFindings(source, DEFS);
    assert.deepStrictEqual(f.map((x) => [x.rule, x.fixes.length]), [['template-id', 0]]);
    assert.match(f[0].message, /too large.*exactly.*quotes/);
  });

  it('a known name written in other letter case: the fix to its id still comes (WhatsApp names are lower-case)', () => {
    const source = withTemplate('Spring_Offer');
    const f = idFindings(source, DEFS);
    assert.deepStrictEqual(f[0].fixes.map((q) => q.title), [`Write the template id ${SPRING} (spring_offer)`]);
    assert.ok(f[0].message.includes(`"Spring_Offer" is the name of template ${SPRING}`), f[0].message);
  });

  it('a line break pasted after the id is named, and the id is quoted so the message stays on one line', () => {
    const f = idFindings(withTemplate(`${SPRING}\n`), DEFS);
    assert.ok(f[0].message.includes(`Template id "${SPRING}\\n" has a line break at position 16`), f[0].message);
    assert.ok(!f[0].message.includes('\n'), f[0].message);
  });

  it('a {{variable}} in the id is left to the variables check', () => {
    const source = withTemplate('{{templateId}}');
    assert.deepStrictEqual(idFindings(source, DEFS), []);
    const piped = checkPayload(source, { variables: VARS, environment: 'environment "dev"', templates: DEFS }).findings;
    assert.deepStrictEqual(piped.filter((f) => f.path === 'message.template').map((f) => f.rule), ['undefined-variable']);
    assert.deepStrictEqual(idFindings(withTemplate('6020{{x}}5595'), DEFS), []);
  });

  it('the pipeline presents it to every surface, once, and Send goes on (Webex Connect answers 7108; nothing is delivered)', () => {
    const source = withTemplate('6020765595x64625');
    const piped = checkPayload(source, { templates: DEFS }).findings.filter((f) => f.rule === 'template-id');
    assert.strictEqual(piped.length, 1);
    assert.deepStrictEqual([piped[0].line, piped[0].severity], [source.split('\n').findIndex((l) => l.includes('6020765595x64625')) + 1, 'warning']);
    assert.ok(prepareMessage(source, VARS, 'dev', { templates: DEFS }).ok);
  });
});

describe('template names where people read them', () => {
  it('labels a template by its id and, when wxc.templates gives one, its name', () => {
    assert.strictEqual(templateLabel(SPRING, DEFS), `${SPRING} (spring_offer)`);
    assert.strictEqual(templateLabel('730011223344551', DEFS), '730011223344551');
    assert.strictEqual(templateLabel('999', DEFS), '999');
    assert.strictEqual(templateLabel('constructor', DEFS), 'constructor');
    assert.strictEqual(templateLabel(SPRING, undefined), SPRING);
  });

  it('the send confirmation and the history name the template by id and name', () => {
    const prepared = prepareMessage(withTemplate(SPRING), VARS, 'dev', { templates: DEFS });
    assert.ok(prepared.ok);
    assert.strictEqual(prepared.messageType, 'template 602076559564625 (spring_offer)');
    assert.strictEqual(sendSummary(prepared), 'template 602076559564625 (spring_offer) message to 1 recipient');
    const unnamed = prepareMessage(withTemplate(SPRING), VARS, 'dev');
    assert.ok(unnamed.ok && unnamed.messageType === 'template 602076559564625');
  });
});
