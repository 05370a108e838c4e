/** Who may send: the `key` header against the service key, and the API's answer (7002, 7001) when it is missing or wrong. */
import type * as http from 'node:http';
import { sameSecret } from '../core/net/secrets';
import type { Answer } from './answers';

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

/** The answer a request's headers earn before its body counts (7002 with no key, 7001 with a wrong one), or undefined when its key is right. */
export function authFailure(req: http.IncomingMessage, { keyPresent, keyValid }: KeyStatus): Answer | undefined {
  const bearer = /^bearer\s+\S/i.test(req.headers.authorization ?? '');
  // Auth depends on headers only; the sandbox has no service secret, so it cannot verify a JWT.
  if (!keyPresent && !bearer) return { code: '7002', description: 'Service key missing', httpStatus: 401 };
  if (!keyValid) return { code: '7001', description: 'Authentication failed.', httpStatus: 401 };
  return undefined;
}
