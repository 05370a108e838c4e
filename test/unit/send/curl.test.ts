/** The cURL command of a send (src/core/send/curl). */
import * as assert from 'node:assert';
import { buildCurl } from '../../../src/core/send/curl';

describe('cURL', () => {
  it('builds a curl command with the key as $WXC_SERVICE_KEY and the body quoted for the shell', () => {
    const body = JSON.stringify({ caption: "it's {{ok}}" });
    const command = buildCurl(new URL('https://api.eu.webexconnect.io/resources/v1/messaging'), body);
    assert.match(command, /^curl -sS -X POST 'https:\/\/api\.eu\.webexconnect\.io\/resources\/v1\/messaging'/);
    assert.match(command, /-H "key: \$WXC_SERVICE_KEY"/);
    assert.ok(command.endsWith(`--data-binary '{\n  "caption": "it'\\''s {{ok}}"\n}'`), command);
  });
});
