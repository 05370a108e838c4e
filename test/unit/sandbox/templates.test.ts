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
    const sandbox = await startSandbox({ serviceKey: KEY, templates: { my_tpl: { body: 'Hello {{who}}' } } });
    open.push(sandbox);
    const message = (m: unknown) => ({ deliverychannel: 'whatsapp', appid: 'WA123456', destination: [{ waid: ['16505551234'] }], message: m });
    assertQueued(await send(sandbox, message({ template: 'my_tpl', parameters: { who: 'Ada' } })));
    assertError(await send(sandbox, message({ template: 'my_tpl' })), '7003', 400, 'Mandatory parameters missing: message.parameters.who');
    assertError(await send(sandbox, message({ template: SAMPLE_TEMPLATE_ID })), '7108', 400, `Invalid template id: ${SAMPLE_TEMPLATE_ID}`);
  });

  it('refuses a definitions file that is not in the TemplateDefinitions format, saying where', () => {
    assert.throws(() => asTemplateDefinitions([]), /keyed by template id/);
    assert.throws(() => asTemplateDefinitions({ a: 'x' }), /template "a": the definition must be an object/);
    assert.throws(() => asTemplateDefinitions({ a: { body: 42 } }), /template "a": "body" must be text/);
    assert.throws(() => asTemplateDefinitions({ a: { header: { type: 'audio' } } }), /template "a": "header" must be/);
    assert.throws(() => asTemplateDefinitions({ a: { buttons: [{ type: 'call' }] } }), /template "a": "buttons\[0\]" must have "type"/);
    assert.deepStrictEqual(asTemplateDefinitions({ a: { header: { type: 'text', text: 'Hi {{x}}' }, buttons: [{ type: 'url', name: 'b' }] } }), { a: { header: { type: 'text', text: 'Hi {{x}}' }, buttons: [{ type: 'url', name: 'b' }] } });
  });

  it('reads a templates file, naming it when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxc-sandbox-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ t1: { body: 'Hi {{name}}' } }));
      assert.deepStrictEqual(readTemplatesFile(good), { t1: { body: 'Hi {{name}}' } });
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "t1": ');
      assert.throws(() => readTemplatesFile(broken), (err: Error) => err.message.startsWith(`the templates file ${broken} is not usable: `));
      assert.throws(() => readTemplatesFile(join(dir, 'none.json')), /cannot read the templates file .*none\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
