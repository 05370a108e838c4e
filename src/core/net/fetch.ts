/**
 * node-fetch, loaded when first used. Loading it loads Node's http, https, zlib and stream
 * modules (about 20 ms in a fresh Node); the extension needs them only to send a message or check
 * media, so starting it does not pay for them. And the agents that connect only to public
 * addresses, whatever a name resolves to.
 */
import * as dns from 'node:dns';
import type * as Http from 'node:http';
import type { LookupFunction } from 'node:net';
import type * as NodeFetch from 'node-fetch';
import { isPublicHost } from './hosts';

let loaded: typeof NodeFetch | undefined;

/** node-fetch's fetch(). */
export function nodeFetch(): typeof NodeFetch.default {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
  loaded ??= require('node-fetch') as typeof NodeFetch;
  return loaded.default;
}

/** The code of a connection refused because its name resolved to an address that is not public. */
export const NOT_PUBLIC = 'ENOTPUBLIC';

/**
 * A lookup that fails when a name resolves to any address that is not public: the name check
 * (./hosts) can't see what DNS answers (a public name pointing at 10.0.0.5, or rebinding).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, address, family);
    const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
    if (list.some((a) => !isPublicHost(a))) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to an address that is not public; not contacted`);
      refused.code = NOT_PUBLIC;
      return callback(refused, address, family);
    }
    callback(null, address, family);
  });
};

let agents: { readonly http: Http.Agent; readonly https: Http.Agent } | undefined;

/** node-fetch's `agent` for connections to public addresses only (an address literal is judged by name first). */
export function publicOnlyAgent(url: URL): Http.Agent {
  if (!agents) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with node-fetch, not at start
    const [http, https] = [require('node:http') as typeof Http, require('node:https') as typeof import('node:https')];
    agents = { http: new http.Agent({ lookup: publicOnlyLookup }), https: new https.Agent({ lookup: publicOnlyLookup }) };
  }
  return url.protocol === 'https:' ? agents.https : agents.http;
}
