/** Comparing a secret a client sent (a service key, a path token) with the one expected, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether two secrets are equal. Hashing first gives timingSafeEqual the equal-length buffers it
 * needs and leaks nothing about the expected secret's length through an early return.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}
