/** Where the service key may go (src/core/send/hostTrust): documented hosts, this machine, hosts approved per environment. */
import * as assert from 'node:assert';
import { approveHost, hostDecision } from '../../../src/core/send/hostTrust';

describe('where the key may go', () => {
  const u = (host: string) => new URL(`https://${host}/resources/v1/messaging`);

  it('goes without asking to documented hosts and this machine only', () => {
    assert.strictEqual(hostDecision(u('api.eu.webexconnect.io'), 'dev', {}), 'documented');
    assert.strictEqual(hostDecision(u('API.IMICONNECT.IO'), 'dev', {}), 'documented');
    assert.strictEqual(hostDecision(new URL('http://127.0.0.1:3210/x'), 'dev', {}), 'loopback');
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'dev', {}), 'ask');
    assert.strictEqual(hostDecision(u('api.eu.webexconnect.io.evil.example'), 'dev', {}), 'ask');
  });

  it('remembers one approved host per environment; a changed host, port or environment asks again', () => {
    const approvals = approveHost({}, 'dev', u('Proxy.Corp.Example'));
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'dev', approvals), 'approved');
    assert.strictEqual(hostDecision(u('proxy.corp.example:8443'), 'dev', approvals), 'ask');
    assert.strictEqual(hostDecision(u('other.corp.example'), 'dev', approvals), 'ask');
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'prod', approvals), 'ask');
    assert.strictEqual(hostDecision(u('other.corp.example'), 'dev', approveHost(approvals, 'dev', u('other.corp.example'))), 'approved');
    assert.strictEqual(hostDecision(u('proxy.corp.example'), 'constructor', {}), 'ask', 'no prototype keys');
  });
});
