#!/usr/bin/env node
// `npm run bench`: figures for what users feel, each a median of repeated runs in this process and,
// where a baseline is named, a ratio to it measured in the same run. Prints a table and writes
// .test-results/bench.json. Never fails on a timing.
//   npm run bench            (builds first)
// The figures from inside the real VS Code (activation, diagnostics while typing) come from
// scripts/bench-vscode.mjs, run at the end (about 4 minutes); `--no-vscode` leaves them out.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/toolchain.mjs';
import { benchVSCode } from './bench-vscode.mjs';

const require = createRequire(import.meta.url);
// Built before anything is loaded from out/: a fresh checkout has none.
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production', '--tests'], { stdio: 'ignore' });
const core = (name) => require(join(root, 'out', 'src', 'core', `${name}.js`));
const { prepareMessage } = core('send/prepare');
const { checkPayload } = core('checks/pipeline');
const { skeletonPayload } = core('messages/scaffold');
const { buildPreview } = core('preview');
const { postMessage } = core('send/http');
const { startSandbox } = require(join(root, 'out', 'src', 'sandbox', 'server.js'));
const fetch = (await import('node-fetch')).default;

const rows = [];
const results = { machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, at: new Date().toISOString() };
const row = (group, name, value, note = '') => {
  rows.push({ group, name, value, note });
  results[`${group}: ${name}`] = { value, note };
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

/** Posts every job's signed body to `url` over 50 kept-alive connections: how many per second, and how many were answered 200. */
async function postBurst(url, jobs) {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  let next = 0;
  let ok = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const status = await new Promise((resolve, reject) => {
        const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'x-hub-signature': job.signature } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        });
        req.on('error', reject);
        req.end(job.body);
      });
      if (status === 200) ok++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  return { perSecond: jobs.length / seconds, ok };
}

/** µs per call of `fn`, in a block of `n` calls (garbage collection included, as users meet it). */
function block(fn, n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / n / 1000;
}

/** Median µs per call over `rounds` blocks of `n` calls, after a warm-up. */
function time(fn, n, rounds = 15) {
  for (let i = 0; i < n; i++) fn();
  return median(Array.from({ length: rounds }, () => block(fn, n)));
}

/**
 * `fn` against `baseline`, their blocks interleaved so both meet the same machine: the medians
 * of each, and the median of the per-round ratios.
 */
function compare(fn, baseline, n, rounds = 21) {
  for (let i = 0; i < n; i++) {
    fn();
    baseline();
  }
  const a = [];
  const b = [];
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    const base = block(baseline, n);
    const subject = block(fn, n);
    a.push(subject);
    b.push(base);
    ratios.push(subject / base);
  }
  return { us: median(a), baselineUs: median(b), ratio: median(ratios) };
}

// 1. Bundle and package (built at the top).
const bundle = statSync(join(root, 'dist', 'extension.js')).size;
row('package', 'dist/extension.js (minified)', `${(bundle / 1024).toFixed(0)} KB`, 'target ≤ 250 KB');
const validatorFile = statSync(join(root, 'dist', 'schemaValidator.js')).size;
row('package', 'dist/preview.js (minified, the preview\'s webview script)', `${(statSync(join(root, 'dist', 'preview.js')).size / 1024).toFixed(0)} KB`);
row('package', 'dist/response.js (minified, the response page\'s webview script)', `${(statSync(join(root, 'dist', 'response.js')).size / 1024).toFixed(0)} KB`);
row('package', 'dist/schemaValidator.js (minified, loaded on the first send)', `${(validatorFile / 1024).toFixed(0)} KB`);
row('package', 'dist/httpsnippet.js (minified, loaded on the first Copy as Code)', `${(statSync(join(root, 'dist', 'httpsnippet.js')).size / 1024).toFixed(0)} KB`);
const vsixDir = mkdtempSync(join(tmpdir(), 'wxc-bench-'));
const vsix = join(vsixDir, 'x.vsix');
const listing = execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: root, encoding: 'utf8' });
const files = /\((\d+) files/.exec(listing)?.[1];
row('package', 'VSIX', `${(statSync(vsix).size / 1024).toFixed(0)} KB, ${files} files`, 'target ≤ 150 KB');

// 2. Prepare-to-send and semantic checks, against JSON.parse of the same bytes.
const variables = { WAAppid: 'app-1', waid: '16505551234' };
const typical = JSON.stringify(skeletonPayload('image', 'https://media.acme-cdn.net/'), null, 2);
const many = (() => {
  const p = skeletonPayload('image', 'https://media.acme-cdn.net/');
  p.destination = Array.from({ length: 1000 }, (_, i) => ({ waid: [String(16505550000 + i)] }));
  return JSON.stringify(p, null, 2);
})();
const list = JSON.stringify(skeletonPayload('list'), null, 2);
const template = JSON.stringify(skeletonPayload('template', 'https://media.acme-cdn.net/'), null, 2);
const commented = (text) => `// a comment\n${text.replace(/\n {2}"/g, '\n  /* field */ "')}`;
// A placeholder host is a finding: the checks then build the syntax tree to say where it is.
const withFinding = many.replace('media.acme-cdn.net', 'cdn.example.com');
// The floor for a commented payload is JSON.parse of the same payload without its comments.
for (const [name, text, plain, n, send = true] of [
  ['typical media payload', typical, typical, 4000],
  ['typical, with comments', commented(typical), typical, 4000],
  ['list payload', list, list, 4000],
  ['template payload', template, template, 4000],
  ['1,000 destinations', many, many, 50],
  ['1,000 destinations, with comments', commented(many), many, 50],
  ['1,000 destinations, a placeholder media URL (a finding)', withFinding, withFinding, 50, false],
]) {
  if (send) {
    const { us, baselineUs, ratio } = compare(
      () => {
        if (!prepareMessage(text, variables).ok) throw new Error(`bench payload "${name}" does not prepare`);
      },
      () => JSON.parse(plain),
      n,
    );
    const mbps = text.length / (us / 1e6) / 1024 / 1024;
    row('prepare-to-send', `${name} (${(text.length / 1024).toFixed(1)} KB)`, `${us.toFixed(1)} µs, ${mbps.toFixed(1)} MB/s, ×${ratio.toFixed(2)} JSON.parse (${baselineUs.toFixed(1)} µs)`, 'targets: typical < 50 µs; 1,000 < 1 ms; the ratio is reported, not a target');
  }
  // What the editor does after each edit (src/editor/payloadDiagnostics.ts): the checks pipeline without the schema, fix sites.
  const semantic = time(() => {
    void checkPayload(text, { variables, environment: 'bench' }, { schema: false }).fixSites;
  }, n);
  row('semantic diagnostics (core)', name, `${semantic.toFixed(1)} µs`, 'target < 2 ms for 1,000 destinations');
}

// The schema and every check, on each sample as shipped (what a send and `wxc validate` do to it).
const sampleTimes = readdirSync(join(root, 'samples'))
  .filter((f) => f.endsWith('.wa.jsonc'))
  .map((f) => {
    const text = readFileSync(join(root, 'samples', f), 'utf8');
    return [f, time(() => checkPayload(text, { variables, environment: 'bench' }), 2000)];
  })
  .sort((a, b) => b[1] - a[1]);
row('schema + semantic checks', `slowest sample (${sampleTimes[0][0]}) of ${sampleTimes.length}`, `${sampleTimes[0][1].toFixed(1)} µs; fastest ${sampleTimes.at(-1)[1].toFixed(1)} µs (${sampleTimes.at(-1)[0]})`, 'target ≤ 1 ms for any sample');

// The preview's model after each edit (src/editor/preview.ts): parse, the schema, every check and
// the bubble, on each sample as shipped and on 1,000 destinations.
const previewTimes = readdirSync(join(root, 'samples'))
  .filter((f) => f.endsWith('.wa.jsonc'))
  .map((f) => {
    const text = readFileSync(join(root, 'samples', f), 'utf8');
    return [f, time(() => buildPreview(text, { variables }), 2000)];
  })
  .sort((a, b) => b[1] - a[1]);
row('preview model (core)', `slowest sample (${previewTimes[0][0]}) of ${previewTimes.length}`, `${previewTimes[0][1].toFixed(1)} µs; fastest ${previewTimes.at(-1)[1].toFixed(1)} µs (${previewTimes.at(-1)[0]})`, 'a redraw is this plus a postMessage; target p50 ≤ 50 ms keystroke → preview');
row('preview model (core)', '1,000 destinations', `${time(() => buildPreview(many, { variables }), 50).toFixed(1)} µs`);

// 3. Send overhead: the extension's send path against a bare node-fetch POST of the same bytes.
const key = `bench-${Date.now()}`;
const sandbox = await startSandbox({ port: 0, serviceKey: key });
const url = new URL(`${sandbox.url}/resources/v1/messaging`);
const body = prepareMessage(typical, variables).body;
const samples = { bare: [], extension: [] };
for (let i = 0; i < 440; i++) {
  const which = i % 2 === 0 ? 'bare' : 'extension';
  const start = process.hrtime.bigint();
  if (which === 'bare') {
    const res = await fetch(url.href, { method: 'POST', headers: { key, 'Content-Type': 'application/json' }, body });
    await res.text();
  } else {
    const prepared = prepareMessage(typical, variables);
    await postMessage({ url, serviceKey: key, body: prepared.body, timeoutMs: 10_000 });
  }
  if (i >= 40) samples[which].push(Number(process.hrtime.bigint() - start) / 1e6);
  if (i % 100 === 0) sandbox.reset();
}
await sandbox.close();
for (const which of ['bare', 'extension']) {
  row('send to the local sandbox', which === 'bare' ? 'bare node-fetch POST' : 'extension send path (prepare + post + read)', `p50 ${median(samples[which]).toFixed(2)} ms, p95 ${pct(samples[which], 0.95).toFixed(2)} ms`);
}
row('send to the local sandbox', 'ratio at p50', `×${(median(samples.extension) / median(samples.bare)).toFixed(2)}`, 'target ≤ ×1.2');

// 3b. The delivery receiver (src/core/delivery/receiver/): a burst of 1,000 signed reports across 100 sends,
// 50 in flight over keep-alive connections, against a bare node:http server that reads each body and
// answers 200 to the same requests; rounds interleaved. Every report must be taken and matched.
{
  const { startReceiver } = core('delivery/receiver/index');
  const { deliveryReportBody, signDeliveryReport } = core('delivery/reports');
  const http = await import('node:http');
  const secret = `bench-secret-${Date.now()}`;
  const transids = Array.from({ length: 100 }, (_, i) => `bench-${i}`);
  const states = [['Submitted', '7501'], ['Delivered', '7500'], ['Read', '7502']];
  const jobs = Array.from({ length: 1000 }, (_, i) => {
    const [state, code] = states[Math.floor(i / 100) % 3];
    const body = deliveryReportBody({ transid: transids[i % 100], destination: String(16505550000 + Math.floor(i / 100)), state, code });
    return { body, signature: signDeliveryReport(body, secret, 'sha256') };
  });
  const burst = (url) => postBurst(url, jobs);
  let taken = [];
  const receiver = await startReceiver({ secretFor: () => secret, onReport: (r) => taken.push(r) });
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${bare.address().port}/`;
  const rates = { receiver: [], bare: [] };
  const ratios = [];
  let lost = 0;
  let unmatched = 0;
  for (let round = 0; round < 8; round++) {
    const b = await burst(bareUrl);
    taken = [];
    const r = await burst(`${receiver.localBaseUrl}/bench`);
    // Warm-up rounds count for losses but not for the rates.
    lost += jobs.length - taken.length + (jobs.length - r.ok);
    const perTransid = new Map();
    for (const report of taken) perTransid.set(report.transid, (perTransid.get(report.transid) ?? 0) + 1);
    unmatched += transids.filter((id) => perTransid.get(id) !== 10).length + [...perTransid.keys()].filter((id) => !transids.includes(id)).length;
    if (round < 2) continue;
    rates.bare.push(b.perSecond);
    rates.receiver.push(r.perSecond);
    ratios.push(r.perSecond / b.perSecond);
  }
  await receiver.close();
  await new Promise((r) => bare.close(r));
  row(
    'delivery receiver',
    'reports/s taken (1,000 signed reports across 100 sends, 50 in flight)',
    `${median(rates.receiver).toFixed(0)} reports/s, ×${median(ratios).toFixed(2)} a bare node:http 200 (${median(rates.bare).toFixed(0)}/s); lost or unmatched: ${lost + unmatched} of ${8 * jobs.length}`,
    'lost or unmatched must be 0; the ratio is reported, not a target',
  );
}

// 3c. The customer's events (src/core/inbound/, through the receiver's onEvent): a burst of 1,000 signed
// events across 100 customers (each: 5 messages, and 5 taps on the reply buttons of the send made to
// them), 50 in flight, kept in the bounded store as the editor keeps them, against the same bare
// node:http server; rounds interleaved. Every event must be taken, and every tap joined to its send.
{
  const { startReceiver } = core('delivery/receiver/index');
  const { signDeliveryReport } = core('delivery/reports');
  const { moEventBody, postbackEventBody } = core('inbound/bodies');
  const { EMPTY_INBOUND, addInbound, allInbound, sentToAny } = core('inbound/store');
  const { buildConversations } = core('inbound/conversations');
  const http = await import('node:http');
  const secret = `bench-secret-${Date.now()}`;
  const waids = Array.from({ length: 100 }, (_, i) => String(447700900000 + i));
  const sends = waids.map((waid, i) => ({
    id: `send-${i}`, at: '2026-12-03T09:00:00.000Z', transid: `bench-send-${i}`, messageType: 'reply', environment: 'bench',
    recipients: [{ waid, state: 'Read', reports: [] }], choices: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }],
  }));
  const at = (i) => new Date(Date.parse('2026-12-03T09:01:00.000Z') + i * 1000).toISOString();
  const jobs = Array.from({ length: 1000 }, (_, i) => {
    const n = i % 100;
    const round = Math.floor(i / 100);
    const origin = { waid: waids[n], appId: 'bench-app', username: `Customer ${n}`, at: at(i) };
    const body = JSON.stringify(round % 2 === 0
      ? moEventBody(origin, { text: `message ${round} from customer ${n}` })
      : postbackEventBody(origin, { transid: sends[n].transid, buttonPayload: round % 4 === 1 ? 'yes' : 'no', buttonText: round % 4 === 1 ? 'Yes' : 'No', n: round }));
    return { body, signature: signDeliveryReport(body, secret, 'sha256') };
  });
  const burst = (url) => postBurst(url, jobs);
  const sentTo = sentToAny(waids);
  let stored = EMPTY_INBOUND;
  const receiver = await startReceiver({ secretFor: () => secret, onReport: () => undefined, onEvent: (e) => void (stored = addInbound(stored, e, sentTo).stored) });
  const bare = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${bare.address().port}/`;
  const rates = { receiver: [], bare: [] };
  const ratios = [];
  let lost = 0;
  let unjoined = 0;
  for (let round = 0; round < 8; round++) {
    const b = await burst(bareUrl);
    stored = EMPTY_INBOUND;
    const r = await burst(`${receiver.localBaseUrl}/bench`);
    const events = allInbound(stored);
    lost += jobs.length - events.length + (jobs.length - r.ok);
    // Joined: each customer's conversation holds its 10 events, each tap on the send made to that customer.
    const conversations = buildConversations(sends, events);
    for (const [n, waid] of waids.entries()) {
      const c = conversations.find((x) => x.waid === waid);
      const items = c ? c.items.filter((item) => item.kind !== 'sent') : [];
      const taps = items.filter((item) => item.kind === 'tap');
      unjoined += Math.abs(10 - items.length) + taps.filter((item) => item.send?.id !== sends[n].id).length + (taps.length === 5 ? 0 : 5);
    }
    // Warm-up rounds count for losses but not for the rates.
    if (round < 2) continue;
    rates.bare.push(b.perSecond);
    rates.receiver.push(r.perSecond);
    ratios.push(r.perSecond / b.perSecond);
  }
  await receiver.close();
  await new Promise((r) => bare.close(r));
  row(
    'delivery receiver',
    "customer events/s taken and stored (1,000 signed MO and postback events across 100 customers, 50 in flight)",
    `${median(rates.receiver).toFixed(0)} events/s, ×${median(ratios).toFixed(2)} a bare node:http 200 (${median(rates.bare).toFixed(0)}/s); lost or not joined: ${lost + unjoined} of ${8 * jobs.length}`,
    'lost or not joined must be 0; the ratio is reported, not a target',
  );
}

// 4. The command line (dist/wxc.js): validating 1,000 payload files (the samples, every kind, in
// turn) in one run, and the start-up for one file (spawn to exit), beside a bare `node -e 0`.
{
  const wxc = join(root, 'dist', 'wxc.js');
  const dir = mkdtempSync(join(tmpdir(), 'wxc-bench-cli-'));
  const sampleFiles = readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.wa.jsonc')).sort();
  for (let i = 0; i < 1000; i++) {
    const sample = sampleFiles[i % sampleFiles.length];
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}-${sample}`), readFileSync(join(root, 'samples', sample)));
  }
  const spawnMs = (args) => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { stdio: 'pipe' });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const thousand = Array.from({ length: 5 }, () => spawnMs([wxc, 'validate', dir]));
  row('command line', 'wxc validate, 1,000 files', `${median(thousand).toFixed(0)} ms (median of 5; ${thousand.map((x) => x.toFixed(0)).join(', ')})`, 'target ≤ 2 s');
  const one = join(dir, `0000-${sampleFiles[0]}`);
  const startup = [];
  const bare = [];
  for (let i = 0; i < 11; i++) {
    startup.push(spawnMs([wxc, 'validate', one]));
    bare.push(spawnMs(['-e', '0']));
  }
  row('command line', 'wxc validate, one file (spawn to exit)', `${median(startup).toFixed(0)} ms, bare node -e 0 ${median(bare).toFixed(0)} ms (medians of 11)`, 'target ≤ 100 ms');
  row('command line', 'dist/wxc.js (minified, validator inside)', `${(statSync(wxc).size / 1024).toFixed(0)} KB`);
  rmSync(dir, { recursive: true, force: true });
}

if (!process.argv.includes('--no-vscode')) {
  for (const r of await benchVSCode({ build: false })) row(r.group, r.name, r.value, r.note);
}

const width = Math.max(...rows.map((r) => `${r.group}: ${r.name}`.length));
console.log(`\nmachine: ${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}\n`);
for (const r of rows) console.log(`${`${r.group}: ${r.name}`.padEnd(width)}  ${r.value}${r.note ? `   (${r.note})` : ''}`);
mkdirSync(join(root, '.test-results'), { recursive: true });
writeFileSync(join(root, '.test-results', 'bench.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to .test-results/bench.json');
