/** The host pitfall (src/core/send/hostPitfall): the docs' host without "api.", regions that don't exist, and where they sit in a settings file. */
import * as assert from 'node:assert';
import { hostPitfall, hostPitfallsInSettings } from '../../../src/core/send/hostPitfall';

const REGION_HOSTS = ['api.us.webexconnect.io', 'api.us1.webexconnect.io', 'api.ca.webexconnect.io', 'api.eu.webexconnect.io', 'api.uk.webexconnect.io', 'api.in.webexconnect.io', 'api.au.webexconnect.io'];
const LEGACY_HOSTS = ['api.imiconnect.io', 'api.imiconnect.eu', 'api-us.imiconnect.io', 'api.imiconnect.us', 'api.imiconnect.ca', 'api.imiconnect.in', 'api.imiconnect.com'];

describe('host pitfall', () => {
  it('accepts every documented region host and every legacy imiconnect host, in any case, with or without a path', () => {
    for (const host of [...REGION_HOSTS, ...LEGACY_HOSTS]) {
      for (const url of [`https://${host}`, `https://${host}/`, `https://${host.toUpperCase()}/resources/v1/messaging`, `https://${host}.`]) assert.strictEqual(hostPitfall(url), undefined, url);
    }
  });

  it('leaves other domains, this machine and what is not a URL alone', () => {
    for (const url of ['https://proxy.example.com/wxc', 'http://127.0.0.1:3210', 'http://localhost:3210/', 'https://webexconnect.io.example.com', 'https://notwebexconnect.io', 'api.eu.webexconnect.io', '', 'not a url']) {
      assert.strictEqual(hostPitfall(url), undefined, url);
    }
  });

  it('flags the host without "api." and suggests the region\'s documented host', () => {
    for (const region of ['us', 'us1', 'ca', 'eu', 'uk', 'in', 'au']) {
      const pitfall = hostPitfall(`https://${region}.webexconnect.io`);
      assert.ok(pitfall, region);
      assert.deepStrictEqual(pitfall.suggestions, [`https://api.${region}.webexconnect.io`]);
      assert.ok(pitfall.message.includes(`${region}.webexconnect.io is not a Webex Connect API host`), pitfall.message);
      assert.ok(pitfall.message.includes(`api.${region}.webexconnect.io`), pitfall.message);
    }
  });

  it('finds the region in a tenant console\'s host', () => {
    assert.deepStrictEqual(hostPitfall('https://acme.eu.webexconnect.io/resources/v1/messaging')?.suggestions, ['https://api.eu.webexconnect.io/resources/v1/messaging']);
  });

  it('keeps the scheme, port, path, query and trailing slash as written, and the rest of the text', () => {
    const cases: [string, string][] = [
      ['https://eu.webexconnect.io/', 'https://api.eu.webexconnect.io/'],
      ['https://EU.WebexConnect.io:8443/resources/v1/messaging', 'https://api.eu.webexconnect.io:8443/resources/v1/messaging'],
      // http:// becomes https://: plain http is refused for any host but this machine's.
      ['http://uk.webexconnect.io/gateway/?x=1#y', 'https://api.uk.webexconnect.io/gateway/?x=1#y'],
      ['HTTP://eu.webexconnect.io', 'https://api.eu.webexconnect.io'],
      ['HTTPS://in.webexconnect.io', 'HTTPS://api.in.webexconnect.io'],
      // A password in a URL is never repeated (endpointFor refuses it anyway).
      ['https://me:s3cret@au.webexconnect.io/x', 'https://api.au.webexconnect.io/x'],
    ];
    for (const [written, suggested] of cases) assert.deepStrictEqual(hostPitfall(written)?.suggestions, [suggested], written);
    assert.ok(!hostPitfall('https://me:s3cret@au.webexconnect.io/x')?.message.includes('s3cret'));
  });

  it('flags regions that do not exist, naming them, and offers every documented region host', () => {
    for (const [url, region] of [
      ['https://api.ap.webexconnect.io', 'ap'],
      ['https://api.sg.webexconnect.io/', 'sg'],
      ['https://api.us2.webexconnect.io:443/resources/v1/messaging', 'us2'],
      ['https://ap.webexconnect.io', 'ap'],
    ]) {
      const pitfall = hostPitfall(url);
      assert.ok(pitfall, url);
      assert.ok(pitfall.message.includes(`names the region "${region}", which Webex Connect does not have`), pitfall.message);
      for (const host of REGION_HOSTS) assert.ok(pitfall.message.includes(host), `${host} in ${pitfall.message}`);
      const written = new URL(url);
      assert.deepStrictEqual(
        pitfall.suggestions.map((s) => new URL(s).host),
        REGION_HOSTS.map((h) => (written.port ? `${h}:${written.port}` : h)),
      );
      assert.ok(pitfall.suggestions.every((s) => new URL(s).pathname === written.pathname), url);
    }
  });

  it('flags plain http:// on a Webex Connect host, with a fix to https:// (the key would cross the network readable)', () => {
    for (const [url, fixed] of [
      ['http://api.eu.webexconnect.io', 'https://api.eu.webexconnect.io'],
      ['http://api.imiconnect.io/resources/v1/messaging', 'https://api.imiconnect.io/resources/v1/messaging'],
      ['HTTP://API.UK.WEBEXCONNECT.IO/', 'https://API.UK.WEBEXCONNECT.IO/'],
    ]) {
      const pitfall = hostPitfall(url);
      assert.ok(pitfall && /plain http:\/\/.*https:\/\//.test(pitfall.message), `${url}: ${pitfall?.message}`);
      assert.deepStrictEqual(pitfall.suggestions, [fixed]);
    }
  });

  it('reads api-<region> (the pattern of the legacy api-us.imiconnect.io) as that region', () => {
    const pitfall = hostPitfall('https://api-eu.webexconnect.io/');
    assert.deepStrictEqual(pitfall?.suggestions, ['https://api.eu.webexconnect.io/']);
    assert.match(pitfall.message, /api-eu\.webexconnect\.io is not a Webex Connect API host.*api\.eu\.webexconnect\.io/);
  });

  it('says when the host still holds the docs\' placeholder ({YourRegion}), offering every region', () => {
    for (const url of ['https://{YourRegion}.webexconnect.io/resources/v1/messaging', 'https://api.{region}.webexconnect.io', 'https://yourregion.webexconnect.io']) {
      const pitfall = hostPitfall(url);
      assert.ok(pitfall && /placeholder.*replace it with your region/i.test(pitfall.message), `${url}: ${pitfall?.message}`);
      assert.ok(!/which Webex Connect does not have/.test(pitfall.message), pitfall.message);
      assert.strictEqual(pitfall.suggestions.length, REGION_HOSTS.length);
    }
  });

  it('flags a path on a Webex Connect host other than the API\'s own: the request would go to a path that is not the API', () => {
    for (const [url, posted, fixed] of [
      ['https://api.eu.webexconnect.io/resources/v1', 'https://api.eu.webexconnect.io/resources/v1/resources/v1/messaging', 'https://api.eu.webexconnect.io'],
      ['https://api.us.webexconnect.io/v1/messaging/', 'https://api.us.webexconnect.io/v1/messaging/resources/v1/messaging', 'https://api.us.webexconnect.io'],
      ['https://api.imiconnect.io/resources/v1/messaging/send', 'https://api.imiconnect.io/resources/v1/messaging/send/resources/v1/messaging', 'https://api.imiconnect.io'],
    ]) {
      const pitfall = hostPitfall(url);
      assert.ok(pitfall, url);
      assert.ok(pitfall.message.includes(posted) && pitfall.message.includes('/resources/v1/messaging'), pitfall.message);
      assert.deepStrictEqual(pitfall.suggestions, [fixed]);
    }
    // The API's own path, with or without a slash, and a proxy's path prefix are left alone.
    for (const url of ['https://api.eu.webexconnect.io/resources/v1/messaging/', 'https://api.eu.webexconnect.io//', 'https://proxy.example.com/wxc/v1']) assert.strictEqual(hostPitfall(url), undefined, url);
  });

  it('flags api.webexconnect.io (no region at all)', () => {
    const pitfall = hostPitfall('https://api.webexconnect.io');
    assert.ok(pitfall && /the host names the region/.test(pitfall.message), pitfall?.message);
    assert.strictEqual(pitfall.suggestions.length, REGION_HOSTS.length);
  });

  describe('in a settings file', () => {
    it('places each pitfall on its baseUrl string, in settings.json and in a .code-workspace file', () => {
      const settings = `{
  // comments are allowed
  "wxc.environments": {
    "dev": { "baseUrl": "https://eu.webexconnect.io" },
    "prod": { "region": "eu", "baseUrl": "https://api.eu.webexconnect.io" },
    "apac": { "baseUrl": "https://api.sg.webexconnect.io", },
    "broken": { "baseUrl": 42 },
    "odd": "not an object"
  },
}`;
      const found = hostPitfallsInSettings(settings);
      assert.deepStrictEqual(found.map((f) => [f.environment, settings.slice(f.offset, f.offset + f.length)]), [
        ['dev', '"https://eu.webexconnect.io"'],
        ['apac', '"https://api.sg.webexconnect.io"'],
      ]);
      const workspace = `{ "folders": [{ "path": "." }], "settings": { "wxc.environments": { "w": { "baseUrl": "https://uk.webexconnect.io/" } } } }`;
      const inWorkspace = hostPitfallsInSettings(workspace);
      assert.deepStrictEqual(inWorkspace.map((f) => [f.environment, workspace.slice(f.offset, f.offset + f.length), f.suggestions]), [['w', '"https://uk.webexconnect.io/"', ['https://api.uk.webexconnect.io/']]]);
    });

    it('finds nothing in a text without environments or one that is not JSON', () => {
      for (const text of ['', '{', '[]', '{ "wxc.environments": [] }', '{ "editor.fontSize": 12 }', 'null']) assert.deepStrictEqual(hostPitfallsInSettings(text), [], text);
    });
  });
});
