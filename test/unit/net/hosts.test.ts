/**
 * "Is this host public?" against a table of spellings: every kind of special-use address and
 * name from IANA's registries and RFC 6761, written the many ways a URL can write them, and public
 * hosts beside them, so that nothing public is refused. The expected kinds come from the
 * registries, not from the code.
 */
import * as assert from 'node:assert';
import { HostKind, hostKind, isLoopbackHost, isLoopbackIp, isPlaceholderHost, isPublicHost, unreachableReason } from '../../../src/core/net/hosts';

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '[2606:4700:4700::1111]',
  '2606:4700:4700::1111',
  '[2001:4860:4860::8888]',
  '[2a00:1450:4001:81c::200e]',
  // A fully qualified name: the trailing dot names the same host as without it.
  'example.com.',
  'example.com',
  'cdn.example.org',
  'upload.wikimedia.org',
  'upload.wikimedia.org.',
  'media.acme-cdn.net',
  'WXC-Tools.GitHub.io',
  'bücher.de',
  'xn--bcher-kva.de',
  // Special words that are not the last label, or a real domain that only starts like one.
  'local.acme-cdn.net',
  'localhost.com',
  'internal.example.net',
  'test.com',
  // IPv6 forms that carry a public IPv4 address.
  '[::ffff:8.8.8.8]',
  '[::ffff:808:808]',
  '[64:ff9b::8.8.8.8]',
  '[2002:808:808::1]',
  // Just outside the special ranges.
  '9.255.255.255',
  '11.0.0.1',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.1',
  '169.253.255.255',
  '169.255.0.1',
  '172.15.255.255',
  '172.32.0.1',
  '192.0.1.1',
  '192.0.3.1',
  '192.88.98.1',
  '192.167.255.255',
  '192.169.0.1',
  '198.17.255.255',
  '198.20.0.1',
  '198.51.99.1',
  '203.0.112.1',
  '223.255.255.255',
  // Written in decimal, hex or short form (the URL parser reads them as 8.8.8.8 and 1.1.1.1).
  '134744072',
  '0x8080808',
  '0x01.1.1.1',
  '1.1.257',
];

const NOT_PUBLIC: readonly (readonly [string, HostKind])[] = [
  // This computer, however it is written.
  ['localhost', 'loopback'],
  ['LOCALHOST', 'loopback'],
  ['localhost.', 'loopback'],
  ['localhost\u3002', 'loopback'],
  ['api.localhost', 'loopback'],
  ['api.localhost.', 'loopback'],
  ['127.0.0.1', 'loopback'],
  ['127.0.0.1.', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['127.1', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0x7f000001', 'loopback'],
  ['127.0.0.%31', 'loopback'],
  ['\uff11\uff12\uff17.\uff10.\uff10.\uff11', 'loopback'],
  ['[::1]', 'loopback'],
  ['::1', 'loopback'],
  ['[0:0:0:0:0:0:0:1]', 'loopback'],
  ['[::ffff:127.0.0.1]', 'loopback'],
  ['[::ffff:7f00:1]', 'loopback'],
  ['[0:0:0:0:0:ffff:7f00:1]', 'loopback'],
  // Private networks.
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['012.1', 'private'],
  ['0x0a.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.20', 'private'],
  ['3232235777', 'private'],
  ['0xc0a80101', 'private'],
  ['[::ffff:10.0.0.1]', 'private'],
  ['[::ffff:a00:1]', 'private'],
  ['[::ffff:192.168.1.1]', 'private'],
  ['[fd00::1]', 'private'],
  ['[fc00::1]', 'private'],
  ['[FDFF:FFFF::1]', 'private'],
  ['[64:ff9b::10.0.0.1]', 'private'],
  ['[64:ff9b::a00:1]', 'private'],
  ['[64:ff9b:1::808:808]', 'private'],
  ['[2002:c0a8:101::1]', 'private'],
  ['[2002:a00:1::]', 'private'],
  // Carrier-grade NAT.
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['[::ffff:100.64.0.1]', 'shared'],
  // Link-local, the cloud metadata address among them.
  ['169.254.169.254', 'link-local'],
  ['[::ffff:169.254.169.254]', 'link-local'],
  ['[::ffff:a9fe:a9fe]', 'link-local'],
  ['[64:ff9b::169.254.169.254]', 'link-local'],
  ['[2002:a9fe:a9fe::]', 'link-local'],
  ['[fe80::1]', 'link-local'],
  ['[febf::1]', 'link-local'],
  // Multicast.
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['[::ffff:224.0.0.251]', 'multicast'],
  ['[ff02::1]', 'multicast'],
  ['[ff05::c]', 'multicast'],
  // Documentation.
  ['192.0.2.1', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['[2001:db8::1]', 'documentation'],
  ['[3fff::1]', 'documentation'],
  // Not routable: "this network", IETF protocol assignments, the 6to4 relay, benchmarking, class E, broadcast, and IPv6 outside global unicast.
  ['0.0.0.0', 'reserved'],
  ['0', 'reserved'],
  ['0.1.2.3', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.88.99.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['198.19.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  ['0xffffffff', 'reserved'],
  ['[::ffff:255.255.255.255]', 'reserved'],
  ['[::]', 'reserved'],
  ['::', 'reserved'],
  ['[::127.0.0.1]', 'reserved'],
  ['[::8.8.8.8]', 'reserved'],
  ['[64:ff9b::127.0.0.1]', 'reserved'],
  ['[2002:7f00:1::]', 'reserved'],
  ['[2001::1]', 'reserved'],
  ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'reserved'],
  ['[2001:2::1]', 'reserved'],
  ['[2001:10::1]', 'reserved'],
  ['[100::1]', 'reserved'],
  ['[fec0::1]', 'reserved'],
  ['[4000::1]', 'reserved'],
  // Names of a local network.
  ['nas.local', 'local-name'],
  ['NAS.LOCAL', 'local-name'],
  ['router.local.', 'local-name'],
  ['local', 'local-name'],
  ['printer.home.arpa', 'local-name'],
  ['db.internal', 'local-name'],
  ['metadata.google.internal', 'local-name'],
  ['box.lan', 'local-name'],
  ['wiki.intranet', 'local-name'],
  ['mail.corp', 'local-name'],
  ['server.home', 'local-name'],
  ['host.localdomain', 'local-name'],
  // ICANN will never delegate .corp, .home and .mail (name collisions, 2018): only private networks use them.
  ['exchange.mail', 'local-name'],
  ['EXCHANGE.MAIL.', 'local-name'],
  // Special-use names.
  ['media.test', 'special-name'],
  ['cdn.example', 'special-name'],
  ['x.invalid', 'special-name'],
  ['duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion', 'special-name'],
  ['a.alt', 'special-name'],
  // .arpa is infrastructure (reverse lookups, RFC 3172): no web host lives there; home.arpa is a home network's.
  ['1.0.0.10.in-addr.arpa', 'special-name'],
  ['10.in-addr.arpa.', 'special-name'],
  ['b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa', 'special-name'],
  ['arpa', 'special-name'],
  // A name without a domain.
  ['router', 'single-label'],
  ['router.', 'single-label'],
  ['fileserver', 'single-label'],
  ['com', 'single-label'],
  // Not a host at all.
  ['', 'invalid'],
  ['.', 'invalid'],
  ['a..b', 'invalid'],
  ['localhost..', 'invalid'],
  ['[fe80::1%25eth0]', 'invalid'],
  ['fe80::1%eth0', 'invalid'],
  ['1.2.3.4.5', 'invalid'],
  ['user@8.8.8.8', 'invalid'],
  ['8.8.8.8/a', 'invalid'],
  ['8.8.8.8:443', 'invalid'],
  ['a b.com', 'invalid'],
];

/** The same host as a URL's hostname, when it can be written in an https URL. */
function asUrlHostname(host: string): string | undefined {
  try {
    return new URL(`https://${host}/a.jpg`).hostname;
  } catch {
    return undefined;
  }
}

describe('is this host public?', () => {
  it('public hosts, names and addresses, are public', () => {
    for (const host of PUBLIC) {
      assert.strictEqual(hostKind(host), 'public', host);
      assert.ok(isPublicHost(host), host);
      assert.strictEqual(unreachableReason(host), undefined, host);
    }
  });

  it('every special-use address and name is refused, with its kind, however it is spelled', () => {
    for (const [host, kind] of NOT_PUBLIC) {
      assert.strictEqual(hostKind(host), kind, JSON.stringify(host));
      assert.ok(!isPublicHost(host), JSON.stringify(host));
      assert.ok(unreachableReason(host), JSON.stringify(host));
    }
  });

  it('judges a URL\'s hostname the same as the host written bare', () => {
    let inUrls = 0;
    // What is not a host at all means something else in a URL (a user name, a port, a path): left out.
    for (const [host, kind] of [...PUBLIC.map((h) => [h, 'public'] as const), ...NOT_PUBLIC.filter(([, k]) => k !== 'invalid')]) {
      const hostname = asUrlHostname(host);
      if (hostname === undefined) continue;
      inUrls++;
      assert.strictEqual(hostKind(hostname), kind, `${JSON.stringify(host)} as ${hostname}`);
    }
    assert.ok(inUrls > 150, `${inUrls} of the spellings fit in a URL`);
  });

  it('gives each kind its own reason', () => {
    assert.match(unreachableReason('localhost.')!, /this computer/);
    assert.match(unreachableReason('[::ffff:169.254.169.254]')!, /link-local/);
    assert.match(unreachableReason('100.64.0.1')!, /carrier-grade NAT/);
    assert.match(unreachableReason('239.1.1.1')!, /multicast/);
    assert.match(unreachableReason('router.')!, /without a domain/);
    assert.match(unreachableReason('db.internal')!, /local network name/);
  });

  it('this machine stays narrower than "not public": only loopback spellings, not a translator\'s or a tunnel\'s', () => {
    for (const a of ['127.0.0.1', '127.9.9.9', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:1']) assert.ok(isLoopbackIp(a), a);
    for (const a of ['64:ff9b::7f00:1', '2002:7f00:1::', '::7f00:1', '10.0.0.1', '::', 'localhost', '127.1']) assert.ok(!isLoopbackIp(a), a);
    for (const h of ['[64:ff9b::7f00:1]', '[2002:7f00:1::]', 'router', '169.254.169.254']) assert.ok(!isLoopbackHost(h), h);
  });

  it('placeholders, with or without the last dot', () => {
    for (const h of ['example.com', 'cdn.example.com.', 'example.net', 'www.example.org', 'media.example', 'x.test', 'x.invalid']) assert.ok(isPlaceholderHost(h), h);
    for (const h of ['examples.com', 'example.com.acme.net', 'upload.wikimedia.org']) assert.ok(!isPlaceholderHost(h), h);
  });
});
