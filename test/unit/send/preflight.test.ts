/**
 * The media preflight fetches only media on public hosts: a URL on this computer or a private
 * network gets the rules' finding and is never requested, which a real server on 127.0.0.1,
 * counting every connection, shows.
 */
import * as assert from 'node:assert';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { probeMedia } from '../../../src/core/media/probe';
import { preflightProbeOptions, preflightRuleProblems, preflightTargets } from '../../../src/core/send/preflight';
import { payload } from '../helpers/payloads';

describe('media preflight: only public hosts are fetched', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  const paths: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '10' }).end();
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  beforeEach(() => {
    connections = 0;
    paths.length = 0;
  });
  after(() => new Promise((r) => server.close(r)));

  /** This server, by the many names that reach it. */
  const spellings = () => ['127.0.0.1', 'localhost', 'localhost.', 'media.localhost', '[::ffff:127.0.0.1]', '2130706433', '0x7f.1', '127.1', '0177.0.0.1'].map((h) => `http://${h}:${port}/a.jpg`);
  const image = (url: string) => payload('image', (_p, media) => (media.url = url));

  it('leaves media on this computer out of what it fetches, and the rules say why', () => {
    for (const url of spellings()) {
      const value = image(url);
      assert.deepStrictEqual(preflightTargets(value), [], url);
      assert.ok(
        preflightRuleProblems(value).some((p) => /can't fetch media from .*: it is this computer \(loopback\)/.test(p)),
        `${url}: ${preflightRuleProblems(value).join(' | ')}`,
      );
    }
    assert.strictEqual(connections, 0);
  });

  it('keeps media on public hosts, and what it cannot judge, for the probe', () => {
    for (const url of ['https://upload.wikimedia.org/a.jpg', 'https://upload.wikimedia.org./a.jpg', 'https://[2606:4700:4700::1111]/a.jpg', 'https://8.8.8.8/a.jpg', 'ftp://files.acme-cdn.net/a.jpg']) {
      assert.deepStrictEqual(preflightTargets(image(url)).map((t) => t.url), [url], url);
    }
  });

  it('its probe refuses a host that is not public without requesting it (a redirect off a public host: the probe tests)', async () => {
    for (const url of [...spellings(), `http://10.0.0.1:${port}/a.jpg`]) {
      const r = await probeMedia(url, preflightProbeOptions(2000));
      assert.strictEqual(r.failure, 'refused-host', url);
      assert.match(r.message ?? '', /is (this computer|a private network address).*: not fetched from here/, url);
    }
    assert.strictEqual(connections, 0);
    assert.deepStrictEqual(paths, []);
  });
});
