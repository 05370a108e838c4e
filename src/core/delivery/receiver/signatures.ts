/** The `x-hub-signature` check: whether a request's header is the HMAC of its raw body with the environment's webhook secret. */
import type { IncomingHttpHeaders } from 'node:http';
import { signatureMatches } from '../reports';

/** Why a request's signature is refused (`missing`: no x-hub-signature header; `invalid`: it does not sign the body with the secret), or undefined when it is good. */
export function signatureProblem(headers: IncomingHttpHeaders, body: Buffer, secret: string): 'missing' | 'invalid' | undefined {
  const header = headers['x-hub-signature'];
  const given = Array.isArray(header) ? header.join(', ') : header;
  if (!given) return 'missing';
  return signatureMatches(body, given, secret) ? undefined : 'invalid';
}
