/**
 * The host pitfall of public code: Webex Connect's WhatsApp page prints the host as
 * `https://{region}.webexconnect.io` (no `api.`), which fails DNS, and code invents regions
 * (`ap`, `sg`, `us2`) that don't exist. One function decides it; the settings diagnostics, Send and
 * the command line present it.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { t } from '../text/l10n';
import { REGIONS, Region, isDocumentedHost } from './endpoint';

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
  return baseUrl.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)(?:[^@/?#]*@)?(\[[^\]]*\]|[^/?#:]*)/i, (_whole, scheme: string) => `${scheme}${host}`);
}

/** The regions' hosts, for a message: `api.us.webexconnect.io (AWS Oregon), …`. */
function regionList(): string {
  return REGION_IDS.map((r) => `${documentedHost(r)} (${REGIONS[r]})`).join(', ');
}

/**
 * What is wrong with the host of an environment's baseUrl, or undefined when it is a documented
 * host, a legacy imiconnect host, this machine, another domain (a proxy) or not a URL at all
 * (endpointFor explains that one).
 */
export function hostPitfall(baseUrl: string): HostPitfall | undefined {
  let hostname: string;
  try {
    hostname = new URL(baseUrl.trim()).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  if (hostname !== DOMAIN && !hostname.endsWith(`.${DOMAIN}`)) return undefined;
  if (isDocumentedHost(hostname)) return undefined;
  const labels = hostname === DOMAIN ? [] : hostname.slice(0, -DOMAIN.length - 1).split('.');
  // `eu.webexconnect.io` (the docs' WhatsApp page), `acme.eu.webexconnect.io` (a tenant's console): the region is known.
  const region = [...labels].reverse().find(isRegion);
  if (region) {
    const host = documentedHost(region);
    return {
      message: t('{0} is not a Webex Connect API host (the WhatsApp page of the docs prints it without "api.", and that name does not resolve). The documented host of region "{1}" ({2}) is {3}.', hostname, region, REGIONS[region], host),
      suggestions: [withHost(baseUrl, host)],
    };
  }
  const named = labels.length > 0 ? labels[labels.length - 1] : '';
  const message =
    named && named !== 'api'
      ? t('{0} names the region "{1}", which Webex Connect does not have. Use the API host of your region: {2}.', hostname, named, regionList())
      : t('{0} is not a Webex Connect API host: the host names the region. Use the API host of your region: {1}.', hostname, regionList());
  return { message, suggestions: REGION_IDS.map((r) => withHost(baseUrl, documentedHost(r))) };
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
