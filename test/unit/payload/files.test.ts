/** Which file names are payloads: the test the editor and `wxc validate` share. */
import * as assert from 'node:assert';
import { isPayloadFileName } from '../../../src/core/payload/files';

describe('payload file names', () => {
  it('takes *.wa.json and *.wa.jsonc in any letter case, as a name or at the end of a path', () => {
    for (const name of ['a.wa.json', 'a.wa.jsonc', 'IMAGE.WA.JSON', 'b.Wa.JsonC', 'orders/2026/a.wa.json', '/home/me/x.wa.jsonc', '.wa.json']) {
      assert.strictEqual(isPayloadFileName(name), true, name);
    }
  });

  it('leaves other JSON, backups and look-alikes alone', () => {
    for (const name of ['a.json', 'a.jsonc', 'wa.json', 'a-wa.json', 'a.wa.json.bak', 'a.wa.jsonx', 'a.wa.json/', 'a.wa.js', 'a.wa.json5']) {
      assert.strictEqual(isPayloadFileName(name), false, name);
    }
  });
});
