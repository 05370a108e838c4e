/**
 * The sandbox's JWT check, as Webex Connect makes it: HS256 only, signed with the service secret's
 * decoded bytes, issued by the service id, not past `exp` and not issued more than 60 minutes ago.
 * An `iat` over 5 minutes ahead of the clock, or an `exp` more than 60 minutes after `iat`, is 7001.
 * A token that is not one of ours is 7001; one that was ours but is too old is 7005 (Request
 * expired), the code the API documents for an expired request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isObject } from '../core/json/values';
import type { Answer } from './answers';

/** The service the sandbox plays, for JWTs. */
export interface JwtService {
  readonly serviceId: string;
  /** The service secret, decoded from its Base64. */
  readonly secret: Buffer;
}

/** The oldest `iat` accepted, and the longest a token may be made to last (`exp` after `iat`). */
export const MAX_TOKEN_AGE_SECONDS = 60 * 60;

/** How far ahead of the sandbox's clock an `iat` may be (a sender's clock a little fast). */
export const CLOCK_SKEW_SECONDS = 5 * 60;

const AUTH_FAILED: Answer = { code: '7001', description: 'Authentication failed.', httpStatus: 401 };
const EXPIRED: Answer = { code: '7005', description: 'Request expired', httpStatus: 401 };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function jsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function signatureMatches(signingInput: string, signature: string, secret: Buffer): boolean {
  const expected = createHmac('sha256', secret).update(signingInput).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Undefined for a token the service accepts, else the API's answer to it (never throws on what a client sent). */
export function jwtFailure(token: string, service: JwtService, nowSeconds = Math.floor(Date.now() / 1000)): Answer | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return AUTH_FAILED;
  const [headerPart, claimsPart, signature] = parts;
  const header = jsonSegment(headerPart);
  const claims = jsonSegment(claimsPart);
  if (!header || !claims || header.alg !== 'HS256') return AUTH_FAILED;
  if (!signatureMatches(`${headerPart}.${claimsPart}`, signature, service.secret)) return AUTH_FAILED;
  if (claims.iss !== service.serviceId) return AUTH_FAILED;
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return AUTH_FAILED;
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) return AUTH_FAILED;
  // Not yet issued: a sender's clock well ahead (or a token made to last).
  if (iat - nowSeconds > CLOCK_SKEW_SECONDS) return AUTH_FAILED;
  if (typeof exp === 'number' && nowSeconds >= exp) return EXPIRED;
  if (nowSeconds - iat > MAX_TOKEN_AGE_SECONDS) return EXPIRED;
  // Still fresh but made to outlive the 60 minutes a token may last.
  if (typeof exp === 'number' && exp - iat > MAX_TOKEN_AGE_SECONDS) return AUTH_FAILED;
  return undefined;
}
