import { isLoopbackHost } from '../net/hosts';
import { t } from '../text/l10n';

/**
 * Where a message is sent: the regional Messaging API v1 hosts of Webex Connect, and the one
 * place that turns an environment into an endpoint URL.
 */

export const MESSAGING_PATH = '/resources/v1/messaging';

export const REGIONS = {
  us: 'AWS Oregon',
  us1: 'USA Azure',
  ca: 'AWS Canada',
  eu: 'AWS Ireland',
  uk: 'AWS London',
  in: 'AWS Mumbai',
  au: 'AWS Sydney',
} as const;
export type Region = keyof typeof REGIONS;
const REGION_IDS = Object.keys(REGIONS) as Region[];

/** Older imiconnect hosts that still answer. */
const LEGACY_HOSTS = [
  'api.imiconnect.io',
  'api.imiconnect.eu',
  'api-us.imiconnect.io',
  'api.imiconnect.us',
  'api.imiconnect.ca',
  'api.imiconnect.in',
  'api.imiconnect.com',
] as const;

/** Every documented Webex Connect API host. */
const DOCUMENTED_HOSTS: readonly string[] = [...REGION_IDS.map((r) => `api.${r}.webexconnect.io`), ...LEGACY_HOSTS];

export interface EnvironmentSpec {
  readonly region?: string;
  readonly baseUrl?: string;
}

export type EndpointResult = { ok: true; url: URL } | { ok: false; error: string };

/** Whether a host is one of the documented Webex Connect API hosts. */
export function isDocumentedHost(hostname: string): boolean {
  return DOCUMENTED_HOSTS.includes(hostname.toLowerCase());
}

/**
 * The messaging endpoint of an environment: `baseUrl` (its origin and path, plus the API path) when
 * given, else the region's host. `http://` is accepted only for loopback hosts.
 */
export function endpointFor(env: EnvironmentSpec, name = t('this environment')): EndpointResult {
  if (env.baseUrl !== undefined && env.baseUrl !== '') {
    let base: URL;
    try {
      base = new URL(env.baseUrl);
    } catch {
      return { ok: false, error: t('The baseUrl of {0} ("{1}") is not a URL. Write it like "{2}".', name, env.baseUrl, 'https://api.eu.webexconnect.io') };
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      return { ok: false, error: t('The baseUrl of {0} must start with https:// (it starts with {1}).', name, base.protocol) };
    }
    if (base.protocol === 'http:' && !isLoopbackHost(base.hostname)) {
      return { ok: false, error: t('The baseUrl of {0} uses plain http:// for {1}; that is allowed only for this machine (127.0.0.1, localhost). Use https://.', name, base.hostname) };
    }
    if (base.username || base.password) {
      return { ok: false, error: t('The baseUrl of {0} holds a user name or password; remove them (the service key is sent in the "key" header).', name) };
    }
    const path = base.pathname.replace(/\/+$/, '');
    return { ok: true, url: new URL(`${base.origin}${path.endsWith(MESSAGING_PATH) ? path : `${path}${MESSAGING_PATH}`}`) };
  }
  if (env.region === undefined || env.region === '') {
    return { ok: false, error: t('{0} has neither a "region" ({1}) nor a "baseUrl".', name, REGION_IDS.join(', ')) };
  }
  if (!(REGION_IDS as string[]).includes(env.region)) {
    return { ok: false, error: t('"{0}" is not a Webex Connect region. Use one of: {1}.', env.region, REGION_IDS.join(', ')) };
  }
  return { ok: true, url: new URL(`https://api.${env.region}.webexconnect.io${MESSAGING_PATH}`) };
}
