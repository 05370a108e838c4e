/** Preparing a payload to send (src/core/send/prepare): comments and $schema dropped, variables filled in, what stops a send. */
import * as assert from 'node:assert';
import { describeProblems, notifyUrlOmittedNote, prepareMessage, sendSummary } from '../../../src/core/send/prepare';
import { payload, text, vars } from '../helpers/payloads';

describe('prepare to send', () => {
  it('drops comments and $schema and fills in variables', () => {
    const source = `// header\n${text(payload('image', (p) => (p.$schema = './x.json')))}`;
    const prepared = prepareMessage(source, vars);
    assert.ok(prepared.ok, JSON.stringify(prepared));
    const sent = JSON.parse(prepared.body);
    assert.strictEqual(sent.$schema, undefined);
    assert.strictEqual(sent.appid, 'app-123');
    assert.deepStrictEqual(sent.destination, [{ waid: ['447700900123'] }]);
    assert.strictEqual(prepared.messageType, 'image');
    assert.strictEqual(prepared.recipients, 1);
    assert.ok(!prepared.body.includes('{{'));
  });

  it('counts every waid and bsuid', () => {
    const p = payload('video', (x) => (x.destination = [{ waid: ['16505551234', '16505551235'] }, { bsuid: ['b1'] }]));
    const prepared = prepareMessage(text(p), vars);
    assert.ok(prepared.ok, JSON.stringify(prepared));
    assert.strictEqual(prepared.recipients, 3);
  });

  it('stops on unresolved variables, naming each and where it is', () => {
    const source = text(payload('image', (_p, m) => (m.url = 'https://{{cdn}}/a.jpg')));
    const prepared = prepareMessage(source, { waid: '16505551234' }, 'environment "dev"');
    assert.ok(!prepared.ok);
    assert.strictEqual(prepared.stage, 'variables');
    assert.deepStrictEqual(
      prepared.problems.map((p) => [p.path, p.line]),
      [
        ['appid', 3],
        ['channels.OTT-Messaging.wa.image.url', 16],
      ],
    );
    assert.match(prepared.summary, /\{\{WAAppid\}\} is not defined in environment "dev"/);
    assert.match(prepared.summary, /\{\{cdn\}\}/);
    assert.match(prepared.summary, /line 16, column \d+ \(channels\.OTT-Messaging\.wa\.image\.url\)/);
  });

  it('says when {{notifyurl}} is what is missing, so the editor can offer to start the delivery receiver', () => {
    const withNotify = text(payload('image', (p) => (p.notifyurl = '{{notifyurl}}')));
    const stopped = prepareMessage(withNotify, vars, 'environment "dev"');
    assert.ok(!stopped.ok);
    assert.strictEqual(stopped.stage, 'variables');
    assert.strictEqual(stopped.needsReceiver, true);
    assert.match(stopped.summary, /Start Delivery Receiver/);
    const otherMissing = prepareMessage(text(payload('image', (_p, m) => (m.url = 'https://{{cdn}}/a.jpg'))), vars, 'environment "dev"');
    assert.ok(!otherMissing.ok);
    assert.strictEqual(otherMissing.needsReceiver, undefined, 'another undefined variable is not the receiver\'s business');
    const running = prepareMessage(withNotify, { ...vars, notifyurl: 'http://127.0.0.1:9/tok/dev' }, 'environment "dev"');
    assert.ok(running.ok, JSON.stringify(running));
    assert.strictEqual(running.value.notifyurl, 'http://127.0.0.1:9/tok/dev');
  });

  it('leaves "notifyurl": "{{notifyurl}}" out only when asked and nothing fills it in (a copied command, wxc send without --follow)', () => {
    for (const written of ['{{notifyurl}}', '{{ notifyurl }}']) {
      const source = text(payload('image', (p) => (p.notifyurl = written)));
      const omitted = prepareMessage(source, vars, 'environment "dev"', { omitUnfilledNotifyUrl: true });
      assert.ok(omitted.ok, JSON.stringify(omitted));
      assert.strictEqual(omitted.notifyUrlOmitted, true);
      assert.ok(!('notifyurl' in omitted.value) && !omitted.body.includes('notifyurl'), omitted.body);
      // Filled in: sent as filled, nothing left out.
      const filled = prepareMessage(source, { ...vars, notifyurl: 'http://127.0.0.1:9/tok/dev' }, 'environment "dev"', { omitUnfilledNotifyUrl: true });
      assert.ok(filled.ok, JSON.stringify(filled));
      assert.strictEqual(filled.value.notifyurl, 'http://127.0.0.1:9/tok/dev');
      assert.strictEqual(filled.notifyUrlOmitted, undefined);
    }
    // A notifyurl that only contains the variable is the user's own address: never dropped, refused as before.
    const own = prepareMessage(text(payload('image', (p) => (p.notifyurl = '{{notifyurl}}/extra'))), vars, 'environment "dev"', { omitUnfilledNotifyUrl: true });
    assert.ok(!own.ok);
    assert.strictEqual(own.stage, 'variables');
    assert.match(notifyUrlOmittedNote(), /^"notifyurl": "\{\{notifyurl\}\}" was left out: .*no delivery reports/);
  });

  it('names the recipients in the singular for one and the plural for more', () => {
    assert.strictEqual(sendSummary({ messageType: 'image', recipients: 1 }), 'image message to 1 recipient');
    assert.strictEqual(sendSummary({ messageType: 'text', recipients: 2 }), 'text message to 2 recipients');
    assert.strictEqual(sendSummary({ messageType: 'text', recipients: 1000 }), 'text message to 1000 recipients');
  });

  it('writes each problem\'s place once: "line 10, column 13: Syntax error: …; line 10, column 25: …."', () => {
    const source = '{\n  "a": 1\n  "b": 2 "c": 3\n}';
    const prepared = prepareMessage(source, vars);
    assert.ok(!prepared.ok);
    assert.strictEqual(
      prepared.summary,
      "Not sent: the payload can't be read: line 3, column 3: Syntax error: a comma was expected between entries; line 3, column 10: Syntax error: a comma was expected between entries.",
    );
    assert.strictEqual(prepared.lead, "Not sent: the payload can't be read:");
    const many = Array.from({ length: 7 }, (_, i) => ({ message: `Problem ${i}.`, path: i === 0 ? 'appid' : '', offset: 0, length: 0, line: i + 1, column: 1 }));
    assert.strictEqual(describeProblems(many), 'line 1, column 1 (appid): Problem 0; line 2, column 1: Problem 1; line 3, column 1: Problem 2; line 4, column 1: Problem 3; line 5, column 1: Problem 4. (and 2 more)');
    assert.strictEqual(describeProblems(many.slice(0, 1)), 'line 1, column 1 (appid): Problem 0.');
  });

  it('stops on schema errors with the editor\'s messages and places', () => {
    const source = text(payload('audio', (_p, m) => (m.caption = 'no')));
    const prepared = prepareMessage(source, vars);
    assert.ok(!prepared.ok);
    assert.strictEqual(prepared.stage, 'schema');
    assert.strictEqual(prepared.problems.length, 1);
    assert.strictEqual(prepared.problems[0].path, 'channels.OTT-Messaging.wa.audio.caption');
    assert.match(prepared.problems[0].message, /no caption on audio messages/);
  });

  it('checks the values variables bring in', () => {
    const prepared = prepareMessage(text(payload('image')), { ...vars, waid: '+44 7700 900123' });
    assert.ok(!prepared.ok);
    assert.match(prepared.problems[0].message, /international form/);
    assert.strictEqual(prepared.problems[0].path, 'destination[0].waid[0]');
  });

  it('reports the editor\'s errors for every kind of mistake', () => {
    const cases: [ReturnType<typeof payload>, RegExp, string][] = [
      [payload('image', (_p, m) => (m.mimeType = 'video/mp4')), /only these MIME types for image/, 'channels.OTT-Messaging.wa.image.mimeType'],
      [payload('image', (_p, _m, wa) => (wa.type = 'video')), /Missing property "video"|media object must be "video"/, 'channels.OTT-Messaging.wa'],
      [payload('image', (_p, m) => ((m.mimetype = 'image/png'), delete m.mimeType)), /Missing property "mimeType"|case-sensitive/, 'channels.OTT-Messaging.wa.image'],
      [payload('image', (p) => (p.extra = 1)), /^Property extra is not allowed\.$/, 'extra'],
      [payload('image', (p) => (p.destination = [])), /too few items/, 'destination'],
      [payload('image', (p) => (p.destination = [{}])), /Missing property "waid"/, 'destination[0]'],
    ];
    for (const [p, message, path] of cases) {
      const prepared = prepareMessage(text(p), vars);
      assert.ok(!prepared.ok, text(p));
      assert.ok(
        prepared.problems.some((x) => message.test(x.message) && x.path.startsWith(path)),
        `${message} at ${path}: ${JSON.stringify(prepared.problems)}`,
      );
    }
  });

  it('rejects syntax errors, arrays and scalars before anything else', () => {
    for (const [source, stage] of [['{"a":', 'syntax'], ['[1]', 'schema'], ['"x"', 'schema']] as const) {
      const prepared = prepareMessage(source, vars);
      assert.ok(!prepared.ok);
      assert.strictEqual(prepared.stage, stage, source);
    }
  });
});
