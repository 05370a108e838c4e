/** The media URL probe against real local servers, and how its answers are judged. */
import * as assert from 'node:assert';
import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { MediaType } from '../../../src/core/media/table';
import { assessProbe, ProbeFinding, ProbeResult, probeMedia } from '../../../src/core/media/probe';

const KB = 1024;
const MB = 1024 * 1024;

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('media URL probe', function () {
  this.timeout(10_000);
  let server: Server;
  let base: string;
  const sockets = new Set<Socket>();
  const seen: Seen[] = [];
  let connections = 0;
  let routes: Record<string, Handler> = {};

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      req.resume();
      const handler = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (handler) handler(req, res);
      else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    });
    server.on('connection', (s) => {
      connections++;
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    seen.length = 0;
    connections = 0;
    routes = {};
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  /** A file answered to HEAD with these headers (and to GET with the same headers and no body). */
  const file = (headers: Record<string, string | number>): Handler => (_req, res) => res.writeHead(200, headers).end();
  const probe = (path: string, timeoutMs = 2000) => probeMedia(`${base}${path}`, { timeoutMs });
  const severities = (findings: ProbeFinding[]) => findings.map((f) => f.severity);

  it('passes a correct image with a single HEAD, sending only a plain User-Agent', async () => {
    routes['/photo.jpg'] = file({ 'content-type': 'image/jpeg', 'content-length': 2 * MB });
    const r = await probe('/photo.jpg');
    assert.strictEqual(r.failure, undefined, r.message);
    assert.deepStrictEqual(
      [r.method, r.status, r.contentType, r.contentLength, r.redirects, r.finalUrl],
      ['HEAD', 200, 'image/jpeg', 2 * MB, 0, `${base}/photo.jpg`],
    );
    assert.deepStrictEqual(assessProbe(r, 'image', 'image/jpeg'), []);
    assert.deepStrictEqual(seen.map((s) => s.method), ['HEAD']);
    assert.match(seen[0].headers['user-agent'] ?? '', /^webex-connect-whatsapp-vscode/);
    for (const h of ['cookie', 'authorization', 'accept-encoding', 'range']) assert.strictEqual(seen[0].headers[h], undefined, h);
  });

  it('reports a web page served instead of the file', async () => {
    routes['/share'] = file({ 'content-type': 'text/html; charset=utf-8', 'content-length': 5120 });
    const r = await probe('/share');
    assert.strictEqual(r.contentType, 'text/html');
    const findings = assessProbe(r, 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(findings), ['error']);
    assert.match(findings[0].message, /^The server says text\/html, the payload says image\/jpeg: the URL probably serves a web page.*not the file.*7861/);
  });

  it('ignores Content-Type parameters and resolves aliases both ways', async () => {
    routes['/a.jpg'] = file({ 'content-type': 'Image/JPEG; charset=binary', 'content-length': 1000 });
    routes['/b.jpg'] = file({ 'content-type': 'image/jpg', 'content-length': 1000 });
    const a = await probe('/a.jpg');
    assert.strictEqual(a.contentType, 'image/jpeg');
    assert.deepStrictEqual(assessProbe(a, 'image', 'image/jpeg'), []);
    assert.deepStrictEqual(assessProbe(a, 'image', 'IMAGE/JPG'), []);
    assert.deepStrictEqual(assessProbe(await probe('/b.jpg'), 'image', 'image/jpeg'), []);
  });

  it('reports an accepted but different MIME type with code 7861', async () => {
    routes['/p.jpg'] = file({ 'content-type': 'image/png', 'content-length': 1000 });
    const findings = assessProbe(await probe('/p.jpg'), 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(findings), ['error']);
    assert.match(findings[0].message, /^The server says image\/png, the payload says image\/jpeg: make mimeType match.*7861/);
    assert.doesNotMatch(findings[0].message, /web page/);
  });

  it('reports files over the limit of image and video, in the docs\' units', async () => {
    routes['/big.jpg'] = file({ 'content-type': 'image/jpeg', 'content-length': Math.round(6.2 * MB) });
    routes['/big.mp4'] = file({ 'content-type': 'video/mp4', 'content-length': 17 * MB });
    routes['/ok.mp4'] = file({ 'content-type': 'video/mp4', 'content-length': 16 * MB });
    const image = assessProbe(await probe('/big.jpg'), 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(image), ['error']);
    assert.match(image[0].message, /6\.2 MB .*over the 5 MB limit for image/);
    const video = assessProbe(await probe('/big.mp4'), 'video', 'video/mp4');
    assert.deepStrictEqual(severities(video), ['error']);
    assert.match(video[0].message, /17 MB, over the 16 MB limit for video/);
    assert.deepStrictEqual(assessProbe(await probe('/ok.mp4'), 'video', 'video/mp4'), [], 'exactly the limit is allowed');
  });

  it('allows a sticker over 100 KB only as animated, and refuses one over 500 KB', async () => {
    routes['/s300.webp'] = file({ 'content-type': 'image/webp', 'content-length': 300 * KB });
    routes['/s600.webp'] = file({ 'content-type': 'image/webp', 'content-length': 600 * KB });
    routes['/s90.webp'] = file({ 'content-type': 'image/webp', 'content-length': 90 * KB });
    const mid = assessProbe(await probe('/s300.webp'), 'sticker', 'image/webp');
    assert.deepStrictEqual(severities(mid), ['warning']);
    assert.match(mid[0].message, /300 KB.*allowed only for animated stickers/);
    const big = assessProbe(await probe('/s600.webp'), 'sticker', 'image/webp');
    assert.deepStrictEqual(severities(big), ['error']);
    assert.match(big[0].message, /600 KB, over the 500 KB limit/);
    assert.deepStrictEqual(assessProbe(await probe('/s90.webp'), 'sticker', 'image/webp'), []);
  });

  it('reports a 404 with the final URL, and not the error page\'s type', async () => {
    const r = await probe('/missing.jpg');
    assert.strictEqual(r.failure, undefined);
    assert.strictEqual(r.status, 404);
    const findings = assessProbe(r, 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(findings), ['error']);
    assert.strictEqual(findings[0].message.startsWith(`The server answered HTTP 404 for ${base}/missing.jpg`), true, findings[0].message);
    assert.match(findings[0].message, /7727/);
  });

  it('says when the size is unknown', async () => {
    routes['/chunked.jpg'] = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end();
    };
    const r = await probe('/chunked.jpg');
    assert.strictEqual(r.contentLength, undefined);
    const findings = assessProbe(r, 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(findings), ['info']);
    assert.match(findings[0].message, /^Size unknown.*5 MB/);
  });

  it('follows a chain of 3 redirects with relative locations, counting them', async () => {
    routes['/dir/start'] = (_req, res) => res.writeHead(301, { location: 'next', 'set-cookie': 'session=1' }).end();
    routes['/dir/next'] = (_req, res) => res.writeHead(302, { location: '/dir2/x' }).end();
    routes['/dir2/x'] = (_req, res) => res.writeHead(307, { location: './final.jpg' }).end();
    routes['/dir2/final.jpg'] = file({ 'content-type': 'image/jpeg', 'content-length': 1000 });
    const r = await probe('/dir/start');
    assert.strictEqual(r.failure, undefined, r.message);
    assert.deepStrictEqual([r.url, r.finalUrl, r.redirects, r.status], [`${base}/dir/start`, `${base}/dir2/final.jpg`, 3, 200]);
    assert.deepStrictEqual(seen.map((s) => `${s.method} ${s.path}`), ['HEAD /dir/start', 'HEAD /dir/next', 'HEAD /dir2/x', 'HEAD /dir2/final.jpg']);
    assert.ok(seen.every((s) => s.headers.cookie === undefined), 'no cookie is sent back');
    const findings = assessProbe(r, 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(findings), ['info']);
    assert.match(findings[0].message, new RegExp(`^Followed 3 redirects to ${base}/dir2/final\\.jpg`));
  });

  it('stops a redirect loop at the limit', async () => {
    routes['/loop'] = (_req, res) => res.writeHead(302, { location: '/loop' }).end();
    const r = await probe('/loop');
    assert.strictEqual(r.failure, 'too-many-redirects');
    assert.strictEqual(r.redirects, 5);
    assert.strictEqual(seen.length, 6);
    assert.match(r.message ?? '', new RegExp(`after 5 redirects.*${base}/loop`));
    const two = await probeMedia(`${base}/loop`, { timeoutMs: 2000, maxRedirects: 2 });
    assert.strictEqual(two.failure, 'too-many-redirects');
    assert.strictEqual(seen.length, 6 + 3);
    const findings = assessProbe(r, 'image', 'image/jpeg');
    assert.deepStrictEqual(severities(findings), ['error']);
    assert.match(findings[0].message, /^Not reachable: Stopped after 5 redirects/);
  });

  it('retries with GET and Range: bytes=0-0 when HEAD is refused, reading the total from Content-Range', async () => {
    routes['/s3.jpg'] = (req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(405).end();
      res.writeHead(206, { 'content-type': 'image/jpeg', 'content-range': 'bytes 0-0/7340032', 'content-length': 1 }).end('x');
    };
    const r = await probe('/s3.jpg');
    assert.strictEqual(r.failure, undefined, r.message);
    assert.deepStrictEqual([r.method, r.status, r.contentType, r.contentLength], ['GET', 206, 'image/jpeg', 7 * MB]);
    assert.deepStrictEqual(seen.map((s) => s.method), ['HEAD', 'GET']);
    assert.strictEqual(seen[1].headers.range, 'bytes=0-0');
    const findings = assessProbe(r, 'image', 'image/jpeg');
    assert.match(findings[0]?.message ?? '', /7 MB, over the 5 MB limit/);
  });

  it('retries with GET when HEAD says neither type nor size, and takes a 200\'s Content-Length', async () => {
    routes['/bare.pdf'] = (req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(200).end();
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 3 }).end('pdf');
    };
    const r = await probe('/bare.pdf');
    assert.deepStrictEqual([r.method, r.status, r.contentType, r.contentLength], ['GET', 200, 'application/pdf', 3]);
    assert.deepStrictEqual(seen.map((s) => s.method), ['HEAD', 'GET']);
    assert.deepStrictEqual(assessProbe(r, 'document', 'application/pdf'), []);
  });

  it('never reads a large GET body', async () => {
    const total = 50 * MB;
    let served: Promise<{ written: number; finished: boolean }> | undefined;
    routes['/huge.mp4'] = (req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(501).end();
      served = new Promise((resolve) => {
        let written = 0;
        res.on('close', () => resolve({ written, finished: res.writableFinished }));
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': total });
        const chunk = Buffer.alloc(64 * KB);
        const pump = () => {
          while (written < total) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      });
    };
    const r = await probe('/huge.mp4', 5000);
    assert.deepStrictEqual([r.method, r.status, r.contentLength], ['GET', 200, total]);
    assert.ok(r.durationMs < 1000, `${r.durationMs} ms`);
    assert.ok(served, 'the GET arrived');
    const outcome = await Promise.race([served, new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 2000))]);
    assert.notStrictEqual(outcome, 'open', 'the probe closed the connection');
    if (outcome !== 'open') {
      assert.strictEqual(outcome.finished, false, 'the response was cut short');
      assert.ok(outcome.written < total / 2, `${outcome.written} bytes written`);
    }
    assert.match(assessProbe(r, 'video', 'video/mp4')[0]?.message ?? '', /50 MB, over the 16 MB limit/);
  });

  it('times out on a server that never answers', async () => {
    routes['/hang.jpg'] = () => undefined;
    const r = await probe('/hang.jpg', 300);
    assert.strictEqual(r.failure, 'timeout');
    assert.ok(r.durationMs >= 250 && r.durationMs < 1500, `${r.durationMs} ms`);
    assert.match(r.message ?? '', /No answer from 127\.0\.0\.1:\d+ within 0\.3 s/);
    assert.match(assessProbe(r, 'image', 'image/jpeg')[0].message, /^Not reachable: No answer.*7701/);
  });

  it('counts the timeout over the whole probe, redirects included', async () => {
    let hop = 0;
    routes['/slow'] = (_req, res) => {
      setTimeout(() => res.writeHead(302, { location: `/slow?${++hop}` }).end(), 150);
    };
    const r = await probeMedia(`${base}/slow`, { timeoutMs: 400, maxRedirects: 50 });
    assert.strictEqual(r.failure, 'timeout', JSON.stringify(r));
    assert.ok(r.redirects >= 1 && r.redirects <= 3, String(r.redirects));
    assert.ok(r.durationMs < 1000, `${r.durationMs} ms`);
  });

  it('is cancelled by the caller\'s signal, before or during the request', async () => {
    routes['/hang.jpg'] = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await probeMedia(`${base}/hang.jpg`, { timeoutMs: 5000, signal: controller.signal });
    assert.strictEqual(r.failure, 'cancelled');
    assert.ok(r.durationMs < 1000, `${r.durationMs} ms`);
    assert.strictEqual(seen.length, 1);
    const early = await probeMedia(`${base}/hang.jpg`, { timeoutMs: 5000, signal: AbortSignal.abort() });
    assert.strictEqual(early.failure, 'cancelled');
    assert.strictEqual(seen.length, 1, 'nothing sent once cancelled');
    assert.deepStrictEqual(severities(assessProbe(r, 'image', 'image/jpeg')), ['info']);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await probeMedia(`http://127.0.0.1:${port}/a.jpg`, { timeoutMs: 2000 });
    assert.strictEqual(r.failure, 'refused');
    assert.match(r.message ?? '', /refused the connection \(ECONNREFUSED\)/);
    assert.match(assessProbe(r, 'image', 'image/jpeg')[0].message, /^Not reachable: 127\.0\.0\.1:\d+ refused/);
  });

  it('rejects URLs that are not http or https without sending anything', async () => {
    const port = new URL(base).port;
    for (const url of ['ftp://x', `ftp://127.0.0.1:${port}/a.jpg`, `file:///etc/passwd`, 'not a url', '']) {
      const r = await probeMedia(url, { timeoutMs: 2000 });
      assert.strictEqual(r.failure, 'invalid-url', url);
      assert.strictEqual(r.url, url);
      assert.strictEqual(r.method, undefined, url);
      assert.strictEqual(r.status, undefined, url);
    }
    routes['/away'] = (_req, res) => res.writeHead(302, { location: `ftp://127.0.0.1:${port}/a.jpg` }).end();
    const away = await probe('/away');
    assert.strictEqual(away.failure, 'invalid-url');
    assert.match(away.message ?? '', /redirects to ftp:.*not an http or https URL/);
    assert.strictEqual(seen.length, 1);
    assert.strictEqual(connections, 1);
  });

  it('asks before each request whether the URL may be fetched: a refused one is reported, never requested', async () => {
    const port = new URL(base).port;
    routes['/a.jpg'] = file({ 'content-type': 'image/jpeg', 'content-length': 10 });
    // This server, by two names: the caller refuses one of them (as the preflight refuses hosts that are not public).
    const refuse = (url: URL) => (url.hostname === 'localhost' ? 'refused here' : undefined);
    const first = await probeMedia(`http://localhost:${port}/a.jpg`, { timeoutMs: 2000, refuse });
    assert.strictEqual(first.failure, 'refused-host');
    assert.match(first.message ?? '', /^localhost:\d+ is refused here: not fetched from here\.$/);
    assert.strictEqual(connections, 0);

    routes['/hop'] = (_req, res) => res.writeHead(302, { location: `http://localhost:${port}/a.jpg` }).end();
    const hop = await probeMedia(`${base}/hop`, { timeoutMs: 2000, refuse });
    assert.strictEqual(hop.failure, 'refused-host');
    assert.match(hop.message ?? '', /\/hop redirects to http:\/\/localhost:\d+\/a\.jpg, which is refused here: not fetched from here\./);
    assert.deepStrictEqual(seen.map((r) => r.path), ['/hop']);
    assert.match(assessProbe(hop, 'image', 'image/jpeg')[0].message, /^Not reachable: /);
  });

  it('with public addresses only, does not connect where a name resolves to this computer', async () => {
    const port = new URL(base).port;
    routes['/a.jpg'] = file({ 'content-type': 'image/jpeg', 'content-length': 10 });
    // localhost stands for a public-looking name whose DNS answer is 127.0.0.1: no name check refuses it here.
    const r = await probeMedia(`http://localhost:${port}/a.jpg`, { timeoutMs: 2000, publicAddressesOnly: true });
    assert.strictEqual(r.failure, 'refused-host', r.message);
    assert.match(r.message ?? '', /^localhost resolves to an address that is not public .*: not fetched from here\.$/);
    assert.strictEqual(connections, 0);
    // Without the option the same name reaches the server: the refusal above was the lookup's.
    assert.strictEqual((await probeMedia(`http://localhost:${port}/a.jpg`, { timeoutMs: 2000 })).status, 200);
    assert.strictEqual(connections, 1);
  });
});

describe('judging a probe', () => {
  const ok = (extra: Partial<ProbeResult>): ProbeResult => ({
    url: 'https://cdn.example/a',
    finalUrl: 'https://cdn.example/a',
    redirects: 0,
    method: 'HEAD',
    status: 200,
    durationMs: 5,
    ...extra,
  });
  const judge = (extra: Partial<ProbeResult>, type: MediaType = 'image', mime = 'image/jpeg') => assessProbe(ok(extra), type, mime);

  it('names a leftover 3xx, and says a 403 means not public', () => {
    assert.match(judge({ status: 302 })[0].message, /^The server answered HTTP 302 for https:\/\/cdn\.example\/a.*direct link/);
    assert.match(judge({ status: 403, contentType: 'text/html' })[0].message, /HTTP 403.*not public/);
    assert.strictEqual(judge({ status: 500, contentType: 'text/html' }).length, 1);
  });

  it('says a type outside the media type\'s formats is not the file', () => {
    const f = judge({ contentType: 'application/octet-stream', contentLength: 10 }, 'audio', 'audio/mpeg');
    assert.deepStrictEqual(f.map((x) => x.severity), ['error']);
    assert.match(f[0].message, /^The server says application\/octet-stream, the payload says audio\/mpeg: .*not a format WhatsApp accepts for audio messages.*7861/);
    assert.deepStrictEqual(judge({ contentType: 'constructor', contentLength: 10 }).length, 1);
  });

  it('keeps errors before warnings and infos', () => {
    const f = judge({ redirects: 1, finalUrl: 'https://cdn.example/b', contentType: 'text/html' });
    assert.deepStrictEqual(f.map((x) => x.severity), ['error', 'info', 'info']);
    assert.match(f[1].message, /^Followed 1 redirect to https:\/\/cdn\.example\/b/);
  });

  it('writes non-round sizes with one decimal and the exact count', () => {
    assert.match(judge({ contentType: 'image/jpeg', contentLength: 5 * MB + 1 })[0].message, /5\.0 MB \(5,242,881 bytes\), over the 5 MB limit/);
  });
});
