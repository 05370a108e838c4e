/** What a customer can tap in a message (src/core/messages/choices.ts): reply buttons, list rows, template quick replies, nothing else. */
import * as assert from 'node:assert';
import { choicesOf } from '../../../src/core/messages/choices';

const wa = (message: Record<string, unknown>) => ({ deliverychannel: 'whatsapp', channels: { 'OTT-Messaging': { wa: message } } });

describe('choicesOf', () => {
  it('reads reply buttons, in order', () => {
    const payload = wa({ type: 'reply', reply: { body: { text: 'b' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }, { type: 'reply', reply: { id: 'b', title: 'B' } }] } } });
    assert.deepStrictEqual(choicesOf(payload), [
      { kind: 'button', id: 'a', title: 'A' },
      { kind: 'button', id: 'b', title: 'B' },
    ]);
  });

  it('reads the rows of every list section', () => {
    const payload = wa({ type: 'list', list: { body: { text: 'b' }, action: { button: 'Pick', sections: [{ title: 'S1', rows: [{ id: 'r1', title: 'One', description: 'd' }] }, { title: 'S2', rows: [{ id: 'r2', title: 'Two' }] }] } } });
    assert.deepStrictEqual(choicesOf(payload), [
      { kind: 'row', id: 'r1', title: 'One' },
      { kind: 'row', id: 'r2', title: 'Two' },
    ]);
  });

  it('reads a template\'s quick replies (payload → id, button_text → title)', () => {
    const payload = { message: { template: 't', parameters: { quickReply: [{ button_text: 'Stop', payload: 'STOP' }] } } };
    assert.deepStrictEqual(choicesOf(payload), [{ kind: 'quickReply', id: 'STOP', title: 'Stop' }]);
  });

  it('finds nothing in other messages, and skips what is malformed', () => {
    assert.deepStrictEqual(choicesOf(wa({ type: 'text', text: { body: 'hi' } })), []);
    assert.deepStrictEqual(choicesOf(wa({ type: 'image', image: { url: 'https://a/x.jpg' } })), []);
    assert.deepStrictEqual(choicesOf({ message: { template: 't' } }), []);
    for (const bad of [null, 'x', 42, [], {}]) assert.deepStrictEqual(choicesOf(bad), []);
    const messy = wa({ type: 'reply', reply: { action: { buttons: [null, { reply: { id: 'x' } }, { reply: { id: '', title: 'T' } }, { reply: { id: 7, title: 'T' } }, { reply: { id: 'ok', title: 'OK' } }] } } });
    assert.deepStrictEqual(choicesOf(messy), [{ kind: 'button', id: 'ok', title: 'OK' }]);
    assert.deepStrictEqual(choicesOf(wa({ type: 'list', list: { action: { sections: 'no' } } })), []);
  });
});
