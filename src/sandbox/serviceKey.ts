/**
 * Who may send: the `key` header against the service key, or a Bearer JWT against the service id
 * and secret (when the sandbox has them; a JWT wins over a key sent beside it, as in Webex
 * Connect), and the API's answer (7002, 7001, 7005) when the credential is missing or wrong.
 */
import type * as http from 'node:http';
import { sameSecret } from '../core/net/secrets';
import type { Answer } from './answers';
import { type JwtService, jwtFailure } from './jwt';

export interface KeyStatus {
  keyPresent: boolean;
  keyValid: boolean;
}

/** Whether a request carries a key header, and whether it is the service key. */
export function keyStatus(req: http.IncomingMessage, serviceKey: string): KeyStatus {
  const keyHeader = req.headers.key;
  const key = Array.isArray(keyHeader) ? keyHeader.join(', ') : keyHeader;
  const keyPresent = key !== undefined && key !== '';
  return { keyPresent, keyValid: keyPresent && sameSecret(key, serviceKey) };
}

/** The answer a request's headers earn before its body counts (7002 with no credential, 7001 with a wrong one, 7005 with an expired JWT), or undefined when it may send. */
export function authFailure(req: http.IncomingMessage, { keyPresent, keyValid }: KeyStatus, jwt?: JwtService): Answer | undefined {
  const authorization = req.headers.authorization ?? '';
  const bearer = /^bearer(\s|$)/i.test(authorization);
  // An empty or malformed token is still a JWT that was meant to win: jwtFailure answers it 7001.
  if (bearer && jwt) return jwtFailure(authorization.slice('bearer'.length).trim(), jwt);
  // Without a service secret the sandbox cannot verify a JWT: only the key counts.
  if (!keyPresent && !/^bearer\s+\S/i.test(authorization)) return { code: '7002', description: 'Service key missing', httpStatus: 401 };
  if (!keyValid) return { code: '7001', description: 'Authentication failed.', httpStatus: 401 };
  return undefined;
}
