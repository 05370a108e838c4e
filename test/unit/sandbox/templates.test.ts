/** The sandbox's approved templates: the shipped ones, ones it is given, and reading and checking a templates file. */
import * as assert from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_TEMPLATE_ID, expectedParameters } from '../../../src/core/messages/templateDefinitions';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { SHIPPED_TEMPLATES, asTemplateDefinitions, readTemplatesFile } from '../../../src/sandbox/templates';
import { KEY, assertError, assertQueued, send } from '../helpers/sandbox';

describe('sandbox templates', () => {
  const open: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('ships the sample template with exactly the parameters the sample gives', () => {
    assert.ok(Object.hasOwn(SHIPPED_TEMPLATES, SAMPLE_TEMPLATE_ID));
    assert.deepStrictEqual(
      expectedParameters(SHIPPED_TEMPLATES[SAMPLE_TEMPLATE_ID]).map((p) => p.name),
      ['image', 'name', 'code'],
    );
  });

  it('uses the templates it is given instead of the shipped ones', async () => {
    const sandbox = await startSandbox({ serviceKey: KEY, templates: { 445566778899001: { body: 'Hello {{who}}' } } });
    open.push(sandbox);
    const message = (m: unknown) => ({ deliverychannel: 'whatsapp', appid: 'WA123456', destination: [{ waid: ['16505551234'] }], message: m });
    assertQueued(await send(sandbox, message({ template: '445566778899001', parameters: { who: 'Ada' } })));
    assertError(await send(sandbox, message({ template: '445566778899001' })), '7003', 400, 'Mandatory parameters missing: message.parameters.who');
    assertError(await send(sandbox, message({ template: SAMPLE_TEMPLATE_ID })), '7108', 400, `Invalid template id: ${SAMPLE_TEMPLATE_ID}`);
  });

  it('refuses a definitions file that is not in the TemplateDefinitions format, saying where', () => {
    assert.throws(() => asTemplateDefinitions([]), /keyed by template id/);
    assert.throws(() => asTemplateDefinitions({ '1': 'x' }), /template "1": the definition must be an object/);
    assert.throws(() => asTemplateDefinitions({ '1': { body: 42 } }), /template "1": "body" must be text/);
    assert.throws(() => asTemplateDefinitions({ '1': { header: { type: 'audio' } } }), /template "1": "header" must be/);
    assert.throws(() => asTemplateDefinitions({ '1': { buttons: [{ type: 'call' }] } }), /template "1": "buttons\[0\]" must have "type"/);
    assert.deepStrictEqual(asTemplateDefinitions({ '1': { header: { type: 'text', text: 'Hi {{x}}' }, buttons: [{ type: 'url', name: 'b' }] } }), { '1': { header: { type: 'text', text: 'Hi {{x}}' }, buttons: [{ type: 'url', name: 'b' }] } });
  });

  it('refuses templates keyed by name, and names WhatsApp would not take: Webex Connect\'s ids are digits', () => {
    assert.throws(() => asTemplateDefinitions({ spring_offer: { body: 'Hi' } }), /template "spring_offer": a template is keyed by its id, the digits Webex Connect shows .*put the WhatsApp name in "name"/);
    assert.throws(() => asTemplateDefinitions({ '6020765595x64625': { body: 'Hi' } }), /template "6020765595x64625": a template is keyed by its id/);
    assert.throws(() => asTemplateDefinitions({ '602076559564625': { name: 'Spring offer' } }), /template "602076559564625": "name" is a WhatsApp template name: lower-case letters, digits and underscores/);
    assert.deepStrictEqual(asTemplateDefinitions({ '602076559564625': { name: 'spring_offer_2' } }), { '602076559564625': { name: 'spring_offer_2' } });
  });

  it('reads a templates file, naming it when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ '602076559564625': { body: 'Hi {{name}}' } }));
      assert.deepStrictEqual(readTemplatesFile(good), { '602076559564625': { body: 'Hi {{name}}' } });
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "602076559564625": ');
      assert.throws(() => readTemplatesFile(broken), (err: Error) => err.message.startsWith(`the templates file ${broken} is not usable: `));
      assert.throws(() => readTemplatesFile(join(dir, 'none.json')), /cannot read the templates file .*none\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
