/**
 * The host pitfall of public code: Webex Connect's WhatsApp page prints the host as
 * `https://{region}.webexconnect.io` (no `api.`), which fails DNS, code invents regions
 * (`ap`, `sg`, `us2`) that don't exist or keeps the docs' `{YourRegion}`, and on a right host it
 * uses plain `http://` or a path that is not the API's (`/resources/v1`, to which the API path is
 * added). One function decides it; the settings diagnostics, Send and the command line present it.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { t } from '../text/l10n';
import { MESSAGING_PATH, REGIONS, Region, endpointFor, isDocumentedHost } from './endpoint';

const DOMAIN = 'webexconnect.io';
const REGION_IDS = Object.keys(REGIONS) as Region[];

export interface HostPitfall {
  /** What is wrong and which host is documented. */
  readonly message: string;
  /**
   * The baseUrl as written with only its host replaced by a documented one (scheme, port, path
   * kept): one when the region is known, one per region when it isn't (the user picks).
   */
  readonly suggestions: readonly string[];
}

const documentedHost = (region: Region) => `api.${region}.${DOMAIN}`;
const isRegion = (label: string): label is Region => (REGION_IDS as string[]).includes(label);

/**
 * `baseUrl` with its host (as written, after `scheme://`) replaced by `host`. A user name or password
 * is dropped: the key goes in a header, and a suggestion is shown and logged.
 */
function withHost(baseUrl: string, host: string): string {
  return toHttps(baseUrl).replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?(\[[^\]]*\]|[^/?#:]*)/i, (_whole, scheme: string) => `${scheme}${host}`);
}

/** `baseUrl` with `http://` made `https://` (plain http is refused for every host but this machine's). */
const toHttps = (baseUrl: string) => baseUrl.replace(/^(\s*)http:\/\//i, '$1https://');

/** `baseUrl` as written up to its host and port: no user, path, query or fragment. */
function originAsWritten(baseUrl: string): string {
  const m = /^\s*([a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?([^/?#]*)/i.exec(baseUrl);
  return m ? `${m[1]}${m[2]}` : baseUrl.trim();
}

/** The regions' hosts, for a message: `api.us.webexconnect.io (AWS Oregon), …`. */
function regionList(): string {
  return REGION_IDS.map((r) => `${documentedHost(r)} (${REGIONS[r]})`).join(', ');
}

/**
 * What is wrong with the host of an environment's baseUrl (or, on a documented host, with its scheme
 * or path), or undefined when it is a documented host reached as the API is, this machine, another
 * domain (a proxy) or not a URL at all (endpointFor explains that one).
 */
export function hostPitfall(baseUrl: string): HostPitfall | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return undefined;
  }
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  if (isDocumentedHost(hostname)) return schemePitfall(baseUrl, url, hostname) ?? pathPitfall(baseUrl, hostname);
  if (hostname !== DOMAIN && !hostname.endsWith(`.${DOMAIN}`)) return undefined;
  return regionPitfall(baseUrl, hostname);
}

/** Plain http:// to Webex Connect: Send refuses it, and the key would cross the network readable. */
function schemePitfall(baseUrl: string, url: URL, hostname: string): HostPitfall | undefined {
  if (url.protocol !== 'http:') return undefined;
  return {
    message: t('{0} is written with plain http://, which would send the key readable across the network (Send refuses it): Webex Connect\'s API is https://.', hostname),
    suggestions: [toHttps(baseUrl)],
  };
}

/** A path that is not the API's: the API path is added to it, so the request would go where there is no API. */
function pathPitfall(baseUrl: string, hostname: string): HostPitfall | undefined {
  const endpoint = endpointFor({ baseUrl: baseUrl.trim() });
  if (!endpoint.ok || endpoint.url.pathname === MESSAGING_PATH) return undefined;
  return {
    message: t('The path of this baseUrl is not the API\'s: {0} is added to it, so messages would be posted to {1}, where {2} has no API. Write the host alone.', MESSAGING_PATH, endpoint.url.href, hostname),
    suggestions: [originAsWritten(baseUrl)],
  };
}

/** A webexconnect.io host that is not an API host: no `api.`, `api-<region>`, a region that doesn't exist or the docs' placeholder. */
function regionPitfall(baseUrl: string, hostname: string): HostPitfall {
  const labels = hostname === DOMAIN ? [] : hostname.slice(0, -DOMAIN.length - 1).split('.');
  // `eu.webexconnect.io` (the docs' WhatsApp page), `acme.eu.webexconnect.io` (a tenant's console),
  // `api-eu.webexconnect.io` (by analogy with api-us.imiconnect.io): the region is known.
  const region = [...labels].reverse().find(isRegion) ?? labels.map((l) => l.replace(/^api-/, '')).find(isRegion);
  if (region) {
    const host = documentedHost(region);
    const message = labels.includes(`api-${region}`)
      ? t('{0} is not a Webex Connect API host ("api-{1}" follows the legacy api-us.imiconnect.io; on webexconnect.io the region is a label of its own). The documented host of region "{1}" ({2}) is {3}.', hostname, region, REGIONS[region], host)
      : t('{0} is not a Webex Connect API host (the WhatsApp page of the docs prints it without "api.", and that name does not resolve). The documented host of region "{1}" ({2}) is {3}.', hostname, region, REGIONS[region], host);
    return { message, suggestions: [withHost(baseUrl, host)] };
  }
  return { message: unknownRegionMessage(hostname, labels), suggestions: REGION_IDS.map((r) => withHost(baseUrl, documentedHost(r))) };
}

/** The docs write the host as `{YourRegion}.webexconnect.io`: a placeholder copied as it is. */
const isPlaceholder = (label: string) => /^\{.*\}$|^(your)?region$/.test(label);

function unknownRegionMessage(hostname: string, labels: readonly string[]): string {
  if (labels.some(isPlaceholder)) {
    return t('{0} still holds the docs\' placeholder for the region: replace it with your region, as its API host: {1}.', hostname, regionList());
  }
  const named = labels.length > 0 ? labels[labels.length - 1] : '';
  return named && named !== 'api'
    ? t('{0} names the region "{1}", which Webex Connect does not have. Use the API host of your region: {2}.', hostname, named, regionList())
    : t('{0} is not a Webex Connect API host: the host names the region. Use the API host of your region: {1}.', hostname, regionList());
}

/** A host pitfall in a settings file: the environment, where its baseUrl's string is (offset, length, quotes included), what is wrong. */
export interface SettingsHostPitfall extends HostPitfall {
  readonly environment: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * The host pitfalls of every environment a settings text defines: a settings.json (`"wxc.environments"`
 * at the top) or a .code-workspace file (under `"settings"`). A text that can't be read finds none.
 */
export function hostPitfallsInSettings(text: string): SettingsHostPitfall[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return [];
  const environments = findNodeAtLocation(root, ['wxc.environments']) ?? findNodeAtLocation(root, ['settings', 'wxc.environments']);
  if (environments?.type !== 'object') return [];
  const out: SettingsHostPitfall[] = [];
  for (const property of environments.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.type !== 'string' || value?.type !== 'object') continue;
    const baseUrl = findNodeAtLocation(value, ['baseUrl']);
    if (baseUrl?.type !== 'string' || typeof baseUrl.value !== 'string') continue;
    const pitfall = hostPitfall(baseUrl.value);
    if (pitfall) out.push({ ...pitfall, environment: String(key.value), offset: baseUrl.offset, length: baseUrl.length });
  }
  return out;
}
