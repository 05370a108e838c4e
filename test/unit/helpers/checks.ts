/** The message kinds' checks as their tests run them: an environment's variables, the findings, a quick fix applied. */
import * as assert from 'node:assert';
import { applyEdits, parse } from 'jsonc-parser';
import { Finding } from '../../../src/core/checks/findings';
import { checkMessage } from '../../../src/core/checks/messages';
import { parsePayload } from '../../../src/core/json/jsonc';
import { TemplateDefinitions } from '../../../src/core/messages/templateDefinitions';

/** An environment's variables: the skeletons' {{WAAppid}} and {{waid}}. */
export const VARS = { WAAppid: 'a1b2c3', waid: '447700900123' };

/** The kinds' own findings on `source`, with VARS and the `templates` given. */
export function findings(source: string, templates?: TemplateDefinitions): Finding[] {
  return checkMessage(parsePayload(source), { templates, variables: VARS });
}

/** The text a quick fix produces. */
export function applied(source: string, finding: { fixes: { edits?: { offset: number; length: number; content: string }[] }[] }): unknown {
  const edits = finding.fixes[0].edits;
  assert.ok(edits, 'the fix has edits');
  return parse(applyEdits(source, edits));
}
