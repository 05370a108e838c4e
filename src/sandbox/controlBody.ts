/**
 * The bodies of the sandbox's own control requests (/sandbox/…): JSON from scripts, or a form from
 * the sandbox's page; small; and only from this machine's pages. A browser sends any web page's
 * form posts with that page's Origin, so a request whose Origin is not a loopback one is refused:
 * a site the user visits cannot make their customers write.
 */
import type * as http from 'node:http';
import { isLoopbackUrl } from './loopback';
import { readBody } from './limits';
import { sendJson } from './answers';

/** Far more than any customer action needs (a 4096-character text, 20 contacts). */
export const CONTROL_BODY_BYTES = 64 * 1024;

/** A control request's body, and whether it came from the page's forms. */
export interface ControlBody {
  readonly value: unknown;
  readonly form: boolean;
}

/** Whether a request may change the sandbox: no Origin (a script, curl) or a loopback one (its own page). */
export function originAllowed(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  return origin === undefined || (origin !== 'null' && isLoopbackUrl(origin));
}

/** Answers a refusal: JSON for scripts, plain text for the page's forms (the browser shows it). */
export function refuse(res: http.ServerResponse, status: number, error: string, form: boolean): void {
  if (!form) return sendJson(res, status, { error });
  const text = `${error}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A form's fields as the JSON body they stand for ("open": "true" becomes true; empty fields are left out). */
function formValue(text: string): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (v === '') continue;
    value[k] = k === 'open' ? v === 'true' : v;
  }
  return value;
}

/** Reads a control request's body, or answers its refusal (415 for another type, 413 over the limit, 400 for broken JSON). */
export function readControlBody(req: http.IncomingMessage, res: http.ServerResponse, done: (body: ControlBody) => void): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const form = type === 'application/x-www-form-urlencoded';
  if (type !== 'application/json' && !form) {
    req.resume();
    return refuse(res, 415, 'send the body as Content-Type: application/json', false);
  }
  readBody(req, {
    keep: true,
    limit: CONTROL_BODY_BYTES,
    tooLarge: () => refuse(res, 413, `the body is larger than ${CONTROL_BODY_BYTES / 1024} KB`, form),
    done: (buffer) => {
      const text = buffer.toString('utf8');
      if (form) return done({ value: formValue(text), form });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return refuse(res, 400, 'the body is not valid JSON', false);
      }
      done({ value, form });
    },
  });
}
