/** docs/security.md states the bounds with the numbers the code has: a changed limit fails here until the page says it. */
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/paths';
import { REPORT_ID_MAX, REPORT_TEXT_MAX, TIMELINE_BYTES_MAX, UNMATCHED_BYTES_MAX } from '../../../src/core/delivery/timeline';
import { HISTORY_BYTES_MAX } from '../../../src/core/send/history';
import { INBOUND_APART_BYTES_MAX, INBOUND_APART_MAX, INBOUND_BYTES_MAX, INBOUND_EVENT_BYTES_MAX, INBOUND_EVENTS_MAX } from '../../../src/core/inbound/store';
import { INBOUND_FIELD_MAX } from '../../../src/core/inbound/events';
import { RECEIVER_BODY_TIMEOUT_MS, RECEIVER_MAX_BODY_BYTES } from '../../../src/core/delivery/receiver';
import { DEFAULT_LIMITS } from '../../../src/sandbox/bounds';

const page = readFileSync(join(projectRoot, 'docs', 'security.md'), 'utf8').replace(/\s+/g, ' ');
const n = (x: number) => x.toLocaleString('en-US');
const size = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`);

function says(sentence: string): void {
  assert.ok(page.includes(sentence), `docs/security.md says "${sentence}"`);
}

describe('docs/security.md: the bounds as the code has them', () => {
  it('the receiver', () => {
    says(`at most ${size(RECEIVER_MAX_BODY_BYTES)} (else 413`);
    says(`a body complete within ${RECEIVER_BODY_TIMEOUT_MS / 1000} s (else 408`);
  });

  it('what a delivery report and the history keep', () => {
    says(`are cut to ${n(REPORT_TEXT_MAX)} characters and its ids`);
    says(`to ${REPORT_ID_MAX};`);
    says(`each send at most 1,000 recipients and ${size(TIMELINE_BYTES_MAX)}`);
    says(`reports of an unknown transid at most 200 and ${size(UNMATCHED_BYTES_MAX)}`);
    says(`the Sends history at most 50 sends and ${size(HISTORY_BYTES_MAX)}`);
  });

  it("what the customer's events keep", () => {
    says(`of customers you sent to at most ${n(INBOUND_EVENTS_MAX)} and ${size(INBOUND_BYTES_MAX)}, of others at most ${INBOUND_APART_MAX} and ${size(INBOUND_APART_BYTES_MAX)}, each at most ${size(INBOUND_EVENT_BYTES_MAX)}`);
    says(`a field's text at most ${n(INBOUND_FIELD_MAX)} characters`);
  });

  it('what the sandbox keeps', () => {
    const l = DEFAULT_LIMITS;
    says(`the sandbox keeps the last ${n(l.messages)} messages, ${n(l.requests)} requests, ${n(l.reports)} report attempts and ${n(l.customers)} customers, each with its last ${l.sentPerCustomer} messages and ${l.eventsPerCustomer} events`);
  });
});
