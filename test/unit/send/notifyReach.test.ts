import * as assert from 'node:assert';
import { unreachableNotifyUrl } from '../../../src/core/send/notifyReach';

const tenant = new URL('https://api.eu.webexconnect.io/resources/v1/messaging');
const sandbox = new URL('http://127.0.0.1:3210/resources/v1/messaging');
const payload = (notifyurl: unknown) => ({ deliverychannel: 'whatsapp', notifyurl });

describe('unreachableNotifyUrl: a tenant cannot post delivery reports to this machine or a private network', () => {
  it('names the host and why for a notifyurl on this computer, a private address or a local name, sent to a tenant', () => {
    const receiver = unreachableNotifyUrl(payload('http://127.0.0.1:8787/tok3n-abc/dev'), tenant);
    assert.strictEqual(receiver?.host, '127.0.0.1:8787');
    assert.match(receiver?.reason ?? '', /this computer/);
    assert.match(unreachableNotifyUrl(payload('http://localhost:8787/t/dev'), tenant)?.reason ?? '', /this computer/);
    assert.match(unreachableNotifyUrl(payload('https://10.1.2.3/hook'), tenant)?.reason ?? '', /private network/);
    assert.match(unreachableNotifyUrl(payload('https://[::ffff:192.168.1.4]/hook'), tenant)?.reason ?? '', /private network/);
    assert.ok(unreachableNotifyUrl(payload('https://printer.local/hook'), tenant));
  });

  it('never shows the path, which carries the receiver token', () => {
    const found = unreachableNotifyUrl(payload('http://127.0.0.1:8787/secret-token-123/dev'), tenant);
    assert.ok(found);
    assert.ok(!JSON.stringify(found).includes('secret-token-123'));
  });

  it('says nothing for a public notifyurl, none at all, one that is no URL, or a send to the sandbox on this machine', () => {
    assert.strictEqual(unreachableNotifyUrl(payload('https://abc123-8787.euw.devtunnels.ms/t/dev'), tenant), undefined);
    assert.strictEqual(unreachableNotifyUrl({ deliverychannel: 'whatsapp' }, tenant), undefined);
    assert.strictEqual(unreachableNotifyUrl(payload('not a url'), tenant), undefined);
    assert.strictEqual(unreachableNotifyUrl(payload(42), tenant), undefined);
    assert.strictEqual(unreachableNotifyUrl(payload('http://127.0.0.1:8787/t/sandbox'), sandbox), undefined);
  });
});
