/** The receiver's one path, `/<token>` or `/<token>/<environment>`: which token can be a path, and where a request went. */
import { sameSecret } from '../../net/secrets';

/** A request's place: on the token path (with the environment of its last segment, decoded), or elsewhere. */
export type Route = { readonly ok: true; readonly environment?: string } | { readonly ok: false };

/** Whether a token can be the path as it is: at least 16 characters of A-Z a-z 0-9 _ -. */
export function isUsableToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,}$/.test(token);
}

/** Whether a request path is `/<token>` or `/<token>/<environment>` (query ignored), and which environment. */
export function routeOf(rawUrl: string, token: string): Route {
  const path = rawUrl.split('?')[0];
  if (!path.startsWith('/')) return { ok: false };
  const segments = path.slice(1).split('/');
  // `/<token>/` is the token alone.
  if (segments.length === 2 && segments[1] === '') segments.pop();
  if (segments.length < 1 || segments.length > 2 || !sameSecret(segments[0], token)) return { ok: false };
  if (segments.length === 1) return { ok: true };
  let environment: string;
  try {
    environment = decodeURIComponent(segments[1]);
  } catch {
    return { ok: false };
  }
  return { ok: true, environment };
}
