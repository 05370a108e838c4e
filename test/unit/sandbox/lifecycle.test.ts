/** Starting and stopping a sandbox (src/sandbox/server.ts): the service key it needs, its port, close(). */
import * as assert from 'node:assert';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { KEY } from '../helpers/sandbox';

describe('sandbox lifecycle', () => {
  const open: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('requires a service key', async () => {
    await assert.rejects(startSandbox({ serviceKey: '' }), /serviceKey/);
  });

  it('releases its port on close(), even with a kept-alive connection', async () => {
    const sandbox = await startSandbox({ serviceKey: KEY });
    assert.strictEqual((await fetch(sandbox.url + '/healthz')).status, 200);
    await sandbox.close();
    await sandbox.close();
    await assert.rejects(fetch(sandbox.url + '/healthz'));
    const again = await startSandbox({ serviceKey: KEY, port: sandbox.port });
    open.push(again);
    assert.strictEqual(again.port, sandbox.port);
    assert.strictEqual((await fetch(again.url + '/healthz')).status, 200);
  });

  it('rejects when its port is taken', async () => {
    const first = await startSandbox({ serviceKey: KEY });
    open.push(first);
    await assert.rejects(startSandbox({ serviceKey: KEY, port: first.port }), /EADDRINUSE/);
  });
});
