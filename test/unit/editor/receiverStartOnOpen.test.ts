import * as assert from 'node:assert';
import { startsOnOpen } from '../../../src/editor/receiverStartOnOpen';

describe('wxc.deliveryReceiver.startOnOpen', () => {
  it('starts the receiver when the user settings say true', () => {
    assert.strictEqual(startsOnOpen({ globalValue: true }), true);
    // A workspace that says false does not stop what the user asked for.
    assert.strictEqual(startsOnOpen({ globalValue: true, workspaceValue: false, workspaceFolderValue: false }), true);
  });

  it('ignores a workspace or folder that says true: a repository must not open a port', () => {
    assert.strictEqual(startsOnOpen({ workspaceValue: true }), false);
    assert.strictEqual(startsOnOpen({ workspaceFolderValue: true }), false);
    assert.strictEqual(startsOnOpen({ globalValue: false, workspaceValue: true, workspaceFolderValue: true }), false);
  });

  it('stays off by default, for a value that is not true, and with nothing inspected', () => {
    assert.strictEqual(startsOnOpen({}), false);
    assert.strictEqual(startsOnOpen(undefined), false);
    for (const value of ['true', 1, null, {}]) assert.strictEqual(startsOnOpen({ globalValue: value }), false, JSON.stringify(value));
  });
});
