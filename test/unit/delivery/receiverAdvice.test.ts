/** The delivery receiver's start message (src/core/delivery/receiverAdvice): fitted to where the active environment sends. */
import * as assert from 'node:assert';
import { receiverAdvice } from '../../../src/core/delivery/receiverAdvice';

const TUNNEL_WORDS = /tunnel|forward|Ports view|public/i;

describe('the delivery receiver\'s start message', () => {
  it('for the sandbox: nothing to do, no tunnel talk; it names the samples\' notifyurl and the Sends view', () => {
    const advice = receiverAdvice(8787, { kind: 'sandbox', environment: 'sandbox' });
    assert.strictEqual(
      advice.message,
      'Delivery receiver on 127.0.0.1:8787: the sandbox posts its delivery reports here. A payload with "notifyurl": "{{notifyurl}}" (every sample has it) shows Submitted, Delivered and Read in the Sends view.',
    );
    assert.doesNotMatch(advice.message, TUNNEL_WORDS);
    assert.deepStrictEqual(advice.actions, ['showSends']);
  });

  it('for another API on this machine: it reaches the receiver as it is', () => {
    const advice = receiverAdvice(4000, { kind: 'local', environment: 'mock' });
    assert.match(advice.message, /^Delivery receiver on 127\.0\.0\.1:4000: \{\{notifyurl\}\} of environment "mock" points at it \(its API is on this machine\)\./);
    assert.match(advice.message, /"notifyurl": "\{\{notifyurl\}\}"/);
    assert.doesNotMatch(advice.message, TUNNEL_WORDS);
    assert.deepStrictEqual(advice.actions, ['showSends']);
  });

  it('for a tenant without a public URL: the steps (forward the port, set the URL, write notifyurl) and their buttons', () => {
    const advice = receiverAdvice(8787, { kind: 'tenant', environment: 'dev' });
    assert.strictEqual(
      advice.message,
      'Delivery receiver on 127.0.0.1:8787. Webex Connect (environment "dev") cannot reach this machine: forward port 8787 to a public https address (the Ports view with visibility Public, or any tunnel), set it with "Set Public URL…", and write "notifyurl": "{{notifyurl}}" in the payload.',
    );
    assert.deepStrictEqual(advice.actions, ['openPorts', 'setPublicUrl']);
  });

  it('for a tenant with a public URL: where {{notifyurl}} points, and to write it in the payload', () => {
    const advice = receiverAdvice(8787, { kind: 'tenant', environment: 'dev', publicBaseUrl: 'https://abc123-8787.euw.devtunnels.ms' });
    assert.match(advice.message, /\{\{notifyurl\}\} of environment "dev" is under https:\/\/abc123-8787\.euw\.devtunnels\.ms, which must forward to port 8787\./);
    assert.match(advice.message, /Write "notifyurl": "\{\{notifyurl\}\}" in a payload/);
    assert.deepStrictEqual(advice.actions, ['showSends', 'setPublicUrl']);
  });

  it('without an environment: choose one first', () => {
    const advice = receiverAdvice(1234, { kind: 'none' });
    assert.match(advice.message, /^Delivery receiver on 127\.0\.0\.1:1234\. Choose an environment \(Webex Connect: Select Environment…\)/);
    assert.deepStrictEqual(advice.actions, []);
  });
});
