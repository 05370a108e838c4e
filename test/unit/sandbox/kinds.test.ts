/**
 * Every message type through the sandbox, checked as the API checks it: the samples, the refusals
 * (7003, 7004, 7108), complete templates, the order of the checks, and hostile or fuzzed bodies.
 */
import * as assert from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { SAMPLE_TEMPLATE_ID } from '../../../src/core/messages/templateDefinitions';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { projectRoot } from '../helpers/paths';
import { KEY, type Json, assertError, assertQueued, ids, send } from '../helpers/sandbox';

describe('sandbox: every message type, checked as the API checks it', () => {
  let sandbox: Sandbox;
  const logLines: string[] = [];
  before(async () => {
    sandbox = await startSandbox({ serviceKey: KEY, deliveryDelayMs: 20, log: (l) => logLines.push(l) });
  });
  beforeEach(() => sandbox.reset());
  after(() => sandbox.close());

  const WA = 'channels.OTT-Messaging.wa';
  const envelope = (): Json => ({ deliverychannel: 'whatsapp', appid: 'WA123456', destination: [{ waid: ['16505551234'] }] });
  /** A `wa` message of `type` with `content` under the key of the same name; `extra` beside them in `wa`. */
  const waMessage = (type: string, content: unknown, extra: Json = {}): Json => ({ ...envelope(), channels: { 'OTT-Messaging': { wa: { type, [type]: content, ...extra } } } });
  const templateMessage = (message: unknown): Json => ({ ...envelope(), message });
  // The shipped templates' ids (src/sandbox/templates.json): digits, as Webex Connect's are.
  const ORDER_UPDATE = '715843920183746';
  const INVOICE_READY = '1048576203948571';
  const LOGIN_CODE = '839201746552018';
  const WELCOME = '920384756102938';
  /** How a send names a shipped template: its id and its name. */
  const named = (id: string, name: string) => `template ${id} (${name})`;
  const SAMPLE = named(SAMPLE_TEMPLATE_ID, 'spring_offer');
  const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
  const listOf = (sections: unknown[]) => ({ body: { text: 'Pick one' }, action: { button: 'Choose', sections } });
  const buttons = (...titles: string[]) => titles.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } }));
  const replyOf = (action: unknown) => ({ body: { text: 'Can you make it?' }, action });

  describe('the samples', () => {
    const samplesDir = join(projectRoot, 'samples');
    const expectedTypes: Record<string, string> = {
      'image.wa.jsonc': 'image',
      'audio.wa.jsonc': 'audio',
      'video.wa.jsonc': 'video',
      'document.wa.jsonc': 'document',
      'sticker.wa.jsonc': 'sticker',
      'text.wa.jsonc': 'text',
      'location.wa.jsonc': 'location',
      'contacts.wa.jsonc': 'contacts',
      'list.wa.jsonc': 'list',
      'reply.wa.jsonc': 'reply',
      'template.wa.jsonc': SAMPLE,
    };
    const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.wa.jsonc') || f.endsWith('.wa.json'));

    it('are the eleven kinds this suite knows', () => {
      assert.deepStrictEqual([...samples].sort(), Object.keys(expectedTypes).sort());
    });

    for (const file of samples) {
      it(`accepts ${file} as shipped, its {{variables}} left as text, and with them filled in; records it as ${expectedTypes[file] ?? '?'}`, async () => {
        const text = readFileSync(join(samplesDir, file), 'utf8');
        const errors: ParseError[] = [];
        const payload = parseJsonc(text, errors) as Json;
        assert.deepStrictEqual(errors, []);
        assertQueued(await send(sandbox, payload));
        const resolved = JSON.parse(JSON.stringify(payload).replaceAll('{{WAAppid}}', 'WA123456').replaceAll('{{waid}}', '16505551234').replaceAll('{{notifyurl}}', 'https://hooks.example.com/wxc/status')) as Json;
        assert.ok(!JSON.stringify(resolved).includes('{{'), 'every variable filled in');
        assertQueued(await send(sandbox, resolved));
        assert.deepStrictEqual(
          sandbox.messages.map((m) => m.type),
          [expectedTypes[file], expectedTypes[file]],
        );
      });
    }

    it('shows the type of every accepted message on the page and in GET /messages', async () => {
      for (const file of ['list.wa.jsonc', 'template.wa.jsonc']) assertQueued(await send(sandbox, parseJsonc(readFileSync(join(samplesDir, file), 'utf8'))));
      const html = await (await fetch(sandbox.url + '/')).text();
      assert.ok(html.includes('<h3>list to 1 recipient</h3>'), html);
      assert.ok(html.includes(`<h3>${SAMPLE} to 1 recipient</h3>`), html);
      const listed = (await (await fetch(sandbox.url + '/messages')).json()) as { messages: { type: string }[] };
      assert.deepStrictEqual(
        listed.messages.map((m) => m.type),
        ['list', SAMPLE],
      );
    });

    it('lists the templates it knows on the page', async () => {
      const html = await (await fetch(sandbox.url + '/')).text();
      const line = html.split('\n').find((l) => l.includes('Approved templates'));
      assert.ok(line, 'a line about the templates');
      for (const [id, name] of [[SAMPLE_TEMPLATE_ID, 'spring_offer'], [ORDER_UPDATE, 'order_update'], [INVOICE_READY, 'invoice_ready'], [LOGIN_CODE, 'login_code'], [WELCOME, 'welcome']]) {
        assert.ok(line.includes(`<code>${id}</code> (${name})`), `${id} in ${line}`);
      }
    });
  });

  /** [what, payload, code, the description exactly (7003, 7108) or a pattern (7004)]. */
  type Case = [string, Json, '7003' | '7004' | '7108', string | RegExp];
  const invalidAt = (path: string, about: string) => new RegExp(`^Invalid parameters/values: ${path.replace(/[.[\]]/g, (c) => `\\${c}`)}: .*${about}`);
  const missingFields = (...paths: string[]) => `Mandatory parameters missing: ${paths.join(', ')}`;

  const mediaCases: Case[] = (
    [
      ['image', { url: 'https://cdn.example.com/a.jpg', mimeType: 'image/jpeg' }, 'image/gif'],
      ['audio', { url: 'https://cdn.example.com/a.mp3', mimeType: 'audio/mpeg' }, 'audio/wav'],
      ['video', { url: 'https://cdn.example.com/a.mp4', mimeType: 'video/mp4' }, 'video/avi'],
      ['document', { url: 'https://cdn.example.com/a.pdf', mimeType: 'application/pdf', filename: 'a.pdf' }, 'application/zip'],
      ['sticker', { url: 'https://cdn.example.com/a.webp', mimeType: 'image/webp' }, 'image/png'],
    ] as const
  ).flatMap(([type, valid, wrongMime]): Case[] => {
    const { url: _url, ...withoutUrl } = valid;
    const { mimeType: _mime, ...withoutMime } = valid;
    void _url;
    void _mime;
    return [
      [`${type} without url`, waMessage(type, withoutUrl), '7003', missingFields(`${WA}.${type}.url`)],
      [`${type} without mimeType`, waMessage(type, withoutMime), '7003', missingFields(`${WA}.${type}.mimeType`)],
      [`${type} without its media object`, waMessage(type, undefined), '7003', missingFields(`${WA}.${type}`)],
      [`${type} with mimeType ${wrongMime}`, waMessage(type, { ...valid, mimeType: wrongMime }), '7004', invalidAt(`${WA}.${type}.mimeType`, '')],
      [`${type} with a url that is not a link`, waMessage(type, { ...valid, url: 'not a link' }), '7004', invalidAt(`${WA}.${type}.url`, '')],
    ];
  });

  const cases: Case[] = [
    ...mediaCases,
    ['audio with a caption', waMessage('audio', { url: 'https://cdn.example.com/a.mp3', mimeType: 'audio/mpeg', caption: 'Listen' }), '7004', invalidAt(`${WA}.audio.caption`, '')],

    ['text without body', waMessage('text', {}), '7003', missingFields(`${WA}.text.body`)],
    ['text with a body of 4097 characters', waMessage('text', { body: 'x'.repeat(4097) }), '7004', invalidAt(`${WA}.text.body`, '4096')],
    ['text with preview_url "yes"', waMessage('text', { body: 'Hi' }, { preview_url: 'yes' }), '7004', invalidAt(`${WA}.preview_url`, 'true or false')],
    ['text with preview_url inside text (Meta\'s shape)', waMessage('text', { body: 'Hi', preview_url: true }), '7004', invalidAt(`${WA}.text.preview_url`, 'beside')],

    ['location without latitude', waMessage('location', { longitude: 4.9 }), '7003', missingFields(`${WA}.location.latitude`)],
    ['location without either coordinate', waMessage('location', { name: 'Office' }), '7003', missingFields(`${WA}.location.longitude`, `${WA}.location.latitude`)],
    ['location with longitude 181', waMessage('location', { longitude: 181, latitude: 52.3 }), '7004', invalidAt(`${WA}.location.longitude`, '180')],
    ['location with latitude as text', waMessage('location', { longitude: 4.9, latitude: 'north' }), '7004', invalidAt(`${WA}.location.latitude`, '')],

    ['contacts without a name', waMessage('contacts', [{ phones: [{ phone: '+16505551234', type: 'CELL' }] }]), '7003', missingFields(`${WA}.contacts[0].name`)],
    ['contacts without formatted_name', waMessage('contacts', [{ name: { first_name: 'Ada' } }]), '7003', missingFields(`${WA}.contacts[0].name.formatted_name`)],
    ['contacts with phone type MOBILE', waMessage('contacts', [{ name: { formatted_name: 'Ada L', first_name: 'Ada' }, phones: [{ phone: '+16505551234', type: 'MOBILE' }] }]), '7004', invalidAt(`${WA}.contacts[0].phones[0].type`, 'CELL')],
    ['contacts with birthday 10/12/1815', waMessage('contacts', [{ name: { formatted_name: 'Ada L', first_name: 'Ada' }, birthday: '10/12/1815' }]), '7004', invalidAt(`${WA}.contacts[0].birthday`, '')],

    ['list without action.button', waMessage('list', { body: { text: 'Pick' }, action: { sections: [{ rows: rows(1) }] } }), '7003', missingFields(`${WA}.list.action.button`)],
    ['list without body', waMessage('list', { action: { button: 'Choose', sections: [{ rows: rows(1) }] } }), '7003', missingFields(`${WA}.list.body`)],
    ['list with a row without id', waMessage('list', listOf([{ rows: [{ title: 'Row' }] }])), '7003', missingFields(`${WA}.list.action.sections[0].rows[0].id`)],
    ['list with 11 rows in one section', waMessage('list', listOf([{ rows: rows(11) }])), '7004', invalidAt(`${WA}.list.action.sections[0].rows`, '')],
    ['list with 11 rows across two sections', waMessage('list', listOf([{ title: 'A', rows: rows(6, 'a') }, { title: 'B', rows: rows(5, 'b') }])), '7004', invalidAt(`${WA}.list.action.sections[1].rows[4]`, 'at most 10 rows')],
    ['list with a row id used twice', waMessage('list', listOf([{ title: 'A', rows: rows(1) }, { title: 'B', rows: rows(1) }])), '7004', invalidAt(`${WA}.list.action.sections[1].rows[0].id`, 'used twice')],
    ['list with two sections, one without title', waMessage('list', listOf([{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }])), '7004', invalidAt(`${WA}.list.action.sections[1]`, 'title')],
    ['list with a button of 21 characters', waMessage('list', { ...listOf([{ rows: rows(1) }]), action: { button: 'x'.repeat(21), sections: [{ rows: rows(1) }] } }), '7004', invalidAt(`${WA}.list.action.button`, '20')],
    ['list with an image header', waMessage('list', { ...listOf([{ rows: rows(1) }]), header: { type: 'image', text: 'Menu' } }), '7004', invalidAt(`${WA}.list.header.type`, '')],
    ['list with a header without text', waMessage('list', { ...listOf([{ rows: rows(1) }]), header: { type: 'text' } }), '7003', missingFields(`${WA}.list.header.text`)],

    ['reply without body', waMessage('reply', { action: { buttons: buttons('Yes') } }), '7003', missingFields(`${WA}.reply.body`)],
    ['reply with a button without id', waMessage('reply', replyOf({ buttons: [{ type: 'reply', reply: { title: 'Yes' } }] })), '7003', missingFields(`${WA}.reply.action.buttons[0].reply.id`)],
    ['reply with an image header without url', waMessage('reply', { ...replyOf({ buttons: buttons('Yes') }), header: { type: 'image', image: {} } }), '7003', missingFields(`${WA}.reply.header.image.url`)],
    ['reply with 4 buttons', waMessage('reply', replyOf({ buttons: buttons('A', 'B', 'C', 'D') })), '7004', invalidAt(`${WA}.reply.action.buttons`, '')],
    ['reply with a button title of 21 characters', waMessage('reply', replyOf({ buttons: buttons('x'.repeat(21)) })), '7004', invalidAt(`${WA}.reply.action.buttons[0].reply.title`, '20')],
    ['reply with the same title twice', waMessage('reply', replyOf({ buttons: buttons('Yes', 'Yes') })), '7004', invalidAt(`${WA}.reply.action.buttons[1].reply.title`, 'Yes')],

    ['template without its id', templateMessage({ parameters: {} }), '7003', missingFields('message.template')],
    ['template with a blank id', templateMessage({ template: '  ' }), '7004', invalidAt('message.template', '')],
    ['template whose media parameter has url, not link', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { url: 'https://cdn.example.com/offer.jpg' }, name: 'Ada', code: 'S25' } }), '7003', missingFields('message.parameters.image.link')],
    ['template with an empty parameter', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: '', code: 'S25' } }), '7004', invalidAt('message.parameters.name', 'empty')],
    ['template with 5 spaces in a row', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada     L', code: 'S25' } }), '7004', invalidAt('message.parameters.name', 'spaces')],
    ['template with an otp with spaces', templateMessage({ template: LOGIN_CODE, parameters: { otp: { type: 'otp', value: '123 456' } } }), '7004', invalidAt('message.parameters.otp.value', 'without spaces')],
    ['template with 4 quick replies', templateMessage({ template: WELCOME, parameters: { quickReply: [1, 2, 3, 4].map((i) => ({ button_text: `B${i}`, payload: `p${i}` })) } }), '7004', invalidAt('message.parameters.quickReply', '')],
    ['template with a type in wa', { ...templateMessage({ template: WELCOME }), channels: { 'OTT-Messaging': { wa: { type: 'text', text: { body: 'Hi' } } } } }, '7004', invalidAt(`${WA}.type`, 'identity_key_hash')],
    ['template with an unknown id', templateMessage({ template: '111122223333444', parameters: { name: 'Ada' } }), '7108', 'Invalid template id: 111122223333444'],
    ['template with its WhatsApp name where the id goes', templateMessage({ template: 'spring_offer', parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada', code: 'S25' } }), '7108', 'Invalid template id: spring_offer'],
    ['template id with a stray character', templateMessage({ template: '6020765595x64625', parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada', code: 'S25' } }), '7108', 'Invalid template id: 6020765595x64625'],
    ['template with an id that is an Object.prototype key', templateMessage({ template: 'constructor' }), '7108', 'Invalid template id: constructor'],
    ['template with an id left as a {{variable}}', templateMessage({ template: '{{templateId}}' }), '7108', 'Invalid template id: {{templateId}}'],
    ['template missing a configured parameter', templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada' } }), '7003', missingFields('message.parameters.code')],
    ['template without any of its parameters', templateMessage({ template: SAMPLE_TEMPLATE_ID }), '7003', missingFields('message.parameters.image', 'message.parameters.name', 'message.parameters.code')],
    ['template missing its header text and URL button', templateMessage({ template: ORDER_UPDATE, parameters: { name: 'Ada', status: 'on its way' } }), '7003', missingFields('message.parameters.headerText', 'message.parameters.track')],
    ['template missing its otp', templateMessage({ template: LOGIN_CODE, parameters: {} }), '7003', missingFields('message.parameters.otp')],

    ['hsm without its hsm object', waMessage('hsm', undefined), '7003', missingFields(`${WA}.hsm`)],
    ['hsm with a numeric namespace', waMessage('hsm', { namespace: 42, element_name: 'x' }), '7004', invalidAt(`${WA}.hsm.namespace`, '')],

    ['wa without type', { ...envelope(), channels: { 'OTT-Messaging': { wa: { text: { body: 'Hi' } } } } }, '7003', missingFields(`${WA}.type`)],
    ['a type no API documents', { ...envelope(), channels: { 'OTT-Messaging': { wa: { type: 'reaction' } } } }, '7004', invalidAt(`${WA}.type`, '')],
  ];

  describe('refusals: 7003 names the missing field, 7004 the field and the problem, 7108 the template', () => {
    for (const [what, payload, code, description] of cases) {
      it(`${code}: ${what}`, async () => {
        assertError(await send(sandbox, payload), code, 400, description);
        assert.deepStrictEqual(sandbox.messages, []);
        assert.deepStrictEqual(
          sandbox.requests.map((q) => q.code),
          [code],
        );
      });
    }
  });

  describe('templates with their parameters complete (1001)', () => {
    const complete: [string, unknown, string][] = [
      ['the sample template', { template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: 'Ada', code: 'S25' } }, SAMPLE],
      ['body variables written as the docs write them ("{{name}}")', { template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, '{{name}}': 'Ada', '{{code}}': 'S25' } }, SAMPLE],
      [
        'a text header, body variables and a URL button',
        { template: ORDER_UPDATE, parameters: { headerText: '4711', name: 'Ada', status: 'on its way', track: { type: 'url', payload: '4711' } } },
        named(ORDER_UPDATE, 'order_update'),
      ],
      ['a document header', { template: INVOICE_READY, parameters: { document: { link: 'https://cdn.example.com/inv.pdf', filename: 'inv.pdf' }, invoice_number: 'INV-1' } }, named(INVOICE_READY, 'invoice_ready')],
      ['a one-time password', { template: LOGIN_CODE, parameters: { otp: { type: 'otp', value: '123456' } } }, named(LOGIN_CODE, 'login_code')],
      ['a template without parameters', { template: WELCOME }, named(WELCOME, 'welcome')],
      ['quick replies on top', { template: WELCOME, parameters: { quickReply: [{ button_text: 'Yes', payload: 'y' }] } }, named(WELCOME, 'welcome')],
    ];
    for (const [what, message, type] of complete) {
      it(`accepts ${what}`, async () => {
        assertQueued(await send(sandbox, templateMessage(message)));
        assert.strictEqual(sandbox.messages[0].type, type);
      });
    }

    it('accepts a template message with an identity_key_hash in wa', async () => {
      assertQueued(await send(sandbox, { ...templateMessage({ template: WELCOME }), channels: { 'OTT-Messaging': { wa: { identity_key_hash: 'abc' } } } }));
    });

    it('accepts a deprecated hsm message (the API still takes it)', async () => {
      assertQueued(await send(sandbox, waMessage('hsm', { namespace: 'ns', element_name: 'hello', language: { code: 'en', policy: 'deterministic' }, localizable_params: [] })));
      assert.strictEqual(sandbox.messages[0].type, 'hsm');
    });
  });

  describe('the order of the checks', () => {
    it('names a missing envelope parameter before any message problem', async () => {
      const p = waMessage('image', { url: 'not a link', mimeType: 'image/gif' });
      delete p.appid;
      assertError(await send(sandbox, p), '7003', 400, 'Mandatory parameters missing: appid');
    });

    it('refuses more than 1000 destinations before a message problem', async () => {
      assertError(await send(sandbox, { ...waMessage('text', {}), destination: [{ waid: ids(1001) }] }), '7009', 400, 'More than 1000 destinations');
    });

    it('names a missing field before an invalid value', async () => {
      assertError(await send(sandbox, waMessage('audio', { caption: 'no', mimeType: 'audio/wav' })), '7003', 400, missingFields(`${WA}.audio.url`));
    });

    it('answers 7108 for an unknown template before its parameters, and a schema problem before both', async () => {
      assertError(await send(sandbox, templateMessage({ template: 'nope' })), '7108', 400, 'Invalid template id: nope');
      assertError(await send(sandbox, templateMessage({ template: 'nope', parameters: { otp: { type: 'otp' } } })), '7003', 400, missingFields('message.parameters.otp.value'));
    });

    it('answers 7003 for a missing template parameter before an invalid parameter value', async () => {
      assertError(await send(sandbox, templateMessage({ template: SAMPLE_TEMPLATE_ID, parameters: { image: { link: 'https://cdn.example.com/offer.jpg' }, name: '' } })), '7003', 400, missingFields('message.parameters.code'));
    });
  });

  describe('hostile and fuzzy bodies', () => {
    async function stillServing(): Promise<void> {
      assert.strictEqual((await fetch(sandbox.url + '/healthz')).status, 200);
      assert.strictEqual((await fetch(sandbox.url + '/')).status, 200);
      assert.strictEqual((await fetch(sandbox.url + '/messages')).status, 200);
    }

    it('refuses 100,000 levels of nesting with 7004 and keeps serving', async () => {
      const deep = JSON.stringify(waMessage('text', { body: 'Hi' })).slice(0, -1) + ',"options":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
      assertError(await send(sandbox, deep), '7004', 400, 'Invalid parameters/values: the payload is nested deeper than 64 levels');
      assertError(await send(sandbox, '{"message":' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + '}'), '7003', 400, /^Mandatory parameters missing: deliverychannel/);
      await stillServing();
    });

    it('counts 500,000 destination ids without overflowing the stack', async function () {
      this.timeout(10000);
      const body = JSON.stringify(waMessage('text', { body: 'Hi' })).replace('["16505551234"]', `[${'"16505551234",'.repeat(499_999)}"16505551234"]`);
      assertError(await send(sandbox, body), '7009', 400, 'More than 1000 destinations');
      await stillServing();
    });

    it('answers every mutation of every sample with an API code, never an internal error', async function () {
      this.timeout(30000);
      const samplesDir = join(projectRoot, 'samples');
      const bases = readdirSync(samplesDir)
        .filter((f) => f.endsWith('.wa.jsonc'))
        .map((f) => parseJsonc(readFileSync(join(samplesDir, f), 'utf8')) as Json);
      // A fixed seed: the same bodies on every run, so a failure can be replayed.
      let seed = 0x2f6e2b1;
      const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
      const oddValues: unknown[] = [null, 0, -1, 1e308, true, '', ' ', '{{x}}', '__proto__', 'constructor', 'x'.repeat(5000), [], [null], {}, { __proto__: 1 }, [[[[]]]], { type: 'image' }, '\u0000', '\ud800'];
      const codes = new Map<string, number>();
      for (let round = 0; round < 300; round++) {
        const payload = JSON.parse(JSON.stringify(pick(bases))) as Json;
        for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
          // Walk to a random object or array inside the payload and change, add or remove one entry.
          let node: unknown = payload;
          for (let depth = Math.floor(random() * 7); depth > 0; depth--) {
            const children = node && typeof node === 'object' ? Object.values(node).filter((v) => v && typeof v === 'object') : [];
            if (children.length === 0) break;
            node = pick(children);
          }
          if (!node || typeof node !== 'object') continue;
          const container = node as Record<string, unknown>;
          const keys = Object.keys(container);
          const key = keys.length && random() < 0.8 ? pick(keys) : pick(['__proto__', 'type', 'extra', '0', 'template', 'url']);
          if (random() < 0.25) delete container[key];
          else container[key] = structuredClone(pick(oddValues));
        }
        const r = await send(sandbox, payload);
        const code = (r.json as { response: { code: string } | { code: string }[] }).response;
        const c = Array.isArray(code) ? code[0].code : code.code;
        assert.ok(['1001', '7003', '7004', '7009', '7108'].includes(c), `round ${round}: ${r.text}\n${JSON.stringify(payload).slice(0, 2000)}`);
        codes.set(c, (codes.get(c) ?? 0) + 1);
      }
      // The mutations reach every kind of answer, so the loop tests more than one path.
      for (const c of ['1001', '7003', '7004']) assert.ok((codes.get(c) ?? 0) > 0, `no ${c} among ${JSON.stringify([...codes])}`);
      assert.ok(!logLines.some((l) => l.includes('internal error')), logLines.filter((l) => l.includes('internal error')).join('\n'));
      await stillServing();
    });
  });
});
