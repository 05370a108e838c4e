/**
 * node-fetch, loaded when first used. Loading it loads Node's http, https, zlib and stream
 * modules (about 20 ms in a fresh Node); the extension needs them only to send a message or check
 * media, so starting it does not pay for them.
 */
import type * as NodeFetch from 'node-fetch';

let loaded: typeof NodeFetch | undefined;

/** node-fetch's fetch(). */
export function nodeFetch(): typeof NodeFetch.default {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  loaded ??= require('node-fetch') as typeof NodeFetch;
  return loaded.default;
}
