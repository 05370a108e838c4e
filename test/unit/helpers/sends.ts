/** Send records as the history keeps them, for tests of what is built from the history (conversations, bounds). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePayload } from '../../../src/core/json/jsonc';
import type { SendRecord } from '../../../src/core/send/record';
import { projectRoot } from './paths';

/** A queued send of `body` to its destinations, with the given transid. */
export function sendRecord(id: string, over: Partial<SendRecord> & { waids?: string[] } = {}): SendRecord {
  const { waids, ...rest } = over;
  const sentBody = rest.sentBody ?? JSON.stringify({ appid: 'a_1', deliverychannel: 'whatsapp', destination: [{ waid: waids ?? ['919900000001'] }], channels: { 'OTT-Messaging': { wa: { type: 'text', text: { body: 'hi' } } } } });
  return {
    id,
    at: '2026-12-03T09:00:00.000Z',
    file: 'a.wa.json',
    environment: 'sandbox',
    environmentName: 'sandbox',
    endpoint: 'http://127.0.0.1:3210/resources/v1/messaging',
    messageType: 'text',
    recipients: (waids ?? ['919900000001']).length,
    durationMs: 12,
    httpStatus: 202,
    code: '1001',
    meaning: 'Queued',
    headline: '1001 Queued',
    success: true,
    transid: `t-${id}`,
    advice: 'Wait for the delivery report.',
    responseBody: `{"code":"1001","transid":"t-${id}"}`,
    ...rest,
    sentBody,
  };
}

/** A sample payload of the repository (samples/<kind>.wa.jsonc) addressed to `waid`, as the JSON that is sent. */
export function sampleBody(kind: string, waid = '919900000001'): string {
  const parsed = parsePayload(readFileSync(join(projectRoot, 'samples', `${kind}.wa.jsonc`), 'utf8'));
  const value = JSON.parse(JSON.stringify(parsed.value)) as Record<string, unknown>;
  value.appid = 'a_1';
  value.destination = [{ waid: [waid] }];
  return JSON.stringify(value);
}
