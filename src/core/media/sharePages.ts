/**
 * Links that are a web page *about* a file rather than the file: the share pages of Dropbox,
 * Google Drive, OneDrive, SharePoint, GitHub, Box and WeTransfer. WhatsApp's servers download
 * whatever the URL answers; a share page answers HTML, and the message fails days later with 7701
 * (media download error) or 7861 (unsupported MIME type). Pure functions on a parsed URL.
 */
import { t } from '../text/l10n';

export interface SharePage {
  /** The service, as people call it: "Dropbox", "Google Drive", … */
  readonly service: string;
  /** What to do, in a sentence or two (ends with a full stop). */
  readonly advice: string;
  /**
   * The direct link to the same file, when one can be worked out from the share link alone.
   * Built from the text as written (`raw`), so nothing else in it changes.
   */
  readonly direct?: string;
  /** The quick fix's title, with `direct`. */
  readonly fixTitle?: string;
  /**
   * Whether the share link's path ends in the file's own name (Dropbox, GitHub), so that the
   * usual extension checks still say something true about it.
   */
  readonly keepsFileName: boolean;
}

const hostIs = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The query parameter `name` as written in the raw URL text (before any fragment), or undefined. */
function rawParam(raw: string, name: string): string | undefined {
  const query = /\?([^#]*)/.exec(raw)?.[1];
  if (query === undefined) return undefined;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if ((eq < 0 ? pair : pair.slice(0, eq)) === name) return eq < 0 ? '' : pair.slice(eq + 1);
  }
  return undefined;
}

/** The raw URL with `name=value` set in its query (replaced where it is, else added), fragment kept. */
function withParam(raw: string, name: string, value: string): string {
  const hash = raw.indexOf('#');
  const [head, fragment] = hash < 0 ? [raw, ''] : [raw.slice(0, hash), raw.slice(hash)];
  const q = head.indexOf('?');
  if (q < 0) return `${head}?${name}=${value}${fragment}`;
  const pairs = head.slice(q + 1).split('&');
  let found = false;
  const updated = pairs.map((pair) => {
    const key = pair.includes('=') ? pair.slice(0, pair.indexOf('=')) : pair;
    if (key !== name) return pair;
    found = true;
    return `${name}=${value}`;
  });
  if (!found) updated.push(`${name}=${value}`);
  return `${head.slice(0, q)}?${updated.filter((p) => p !== '').join('&')}${fragment}`;
}

const https = (raw: string) => raw.replace(/^http:/i, 'https:');

/**
 * The share page a URL is, or undefined when it may well be the file itself.
 * `raw` is the URL as written in the payload (variables filled in), `url` the same parsed.
 */
export function sharePage(url: URL, raw: string): SharePage | undefined {
  const host = url.hostname.toLowerCase();
  const path = url.pathname;

  // Dropbox: dl=1 (download) and raw=1 (the file itself) are direct; dl=0 or neither is the preview page.
  // dl.dropbox.com and dl.dropboxusercontent.com are Dropbox's own direct hosts.
  if (hostIs(host, 'dropbox.com') && host !== 'dl.dropbox.com') {
    const dl = rawParam(raw, 'dl');
    if (dl === '1' || rawParam(raw, 'raw') === '1') return undefined;
    const folder = /^\/(sh|scl\/fo)\//.test(path);
    if (folder) {
      return {
        service: 'Dropbox',
        advice: t('It is a shared folder: share the file itself and use its link with dl=1.'),
        keepsFileName: false,
      };
    }
    const isFile = /^\/(s|scl\/fi)\//.test(path);
    return {
      service: 'Dropbox',
      advice: isFile ? t('Set dl=1 in the link: Dropbox then answers with the file.') : t('Share the file in Dropbox and use its link with dl=1.'),
      direct: isFile ? withParam(https(raw), 'dl', '1') : undefined,
      fixTitle: t('Set dl=1 (the file, not the page)'),
      keepsFileName: isFile,
    };
  }

  // Google Drive and Docs: /file/d/<id>/view, open?id=<id>, folders and the editors are pages.
  // The uc?export=download form is left alone: it is the nearest thing Drive has to a file link.
  if (host === 'drive.google.com' && !/^\/uc\/?$/.test(path)) {
    return {
      service: 'Google Drive',
      advice: t(
        'Put the file on a server that serves it at a URL ending in its extension (the Media manager under Tools in Webex Connect gives one). Drive\'s uc?export=download form still has no extension, works only while the file is shared with "Anyone with the link", and turns into a warning page for large files.',
      ),
      keepsFileName: false,
    };
  }
  if (host === 'docs.google.com') {
    return {
      service: 'Google Docs',
      advice: t('Download the file (File › Download) and put it on a server that serves it at a URL ending in its extension.'),
      keepsFileName: false,
    };
  }

  // OneDrive and SharePoint: short links, viewer pages and the /:x:/ style share links all answer a page (and often a sign-in).
  const oneDrive = host === '1drv.ms' || (hostIs(host, 'onedrive.live.com') && !/^\/download(\.aspx)?$/i.test(path));
  const sharePoint = hostIs(host, 'sharepoint.com') && (/^\/:[a-z]:\//i.test(path) || /^\/(.*\/)?_layouts\/15\/(Doc|onedrive|guestaccess|WopiFrame)\.aspx$/i.test(path));
  if (oneDrive || sharePoint) {
    return {
      service: sharePoint ? 'SharePoint' : 'OneDrive',
      advice: t('These links open a viewer (often after a sign-in), which WhatsApp\'s servers can\'t get past. Put the file on a public server that serves it at a URL ending in its extension.'),
      keepsFileName: false,
    };
  }

  // GitHub: /<owner>/<repo>/blob/<ref>/<path> is the page; raw.githubusercontent.com serves the file.
  // ?raw=true on a blob page redirects to the file, so it is left alone.
  if (host === 'github.com' || host === 'www.github.com') {
    const m = /^\/([^/]+)\/([^/]+)\/blob\/(.+)$/.exec(path);
    if (m && !['true', '1'].includes(rawParam(raw, 'raw') ?? '')) {
      return {
        service: 'GitHub',
        advice: t('Use the raw.githubusercontent.com link (the Raw button on the page), which serves the file itself.'),
        direct: `https://raw.githubusercontent.com/${m[1]}/${m[2]}/${m[3]}`,
        fixTitle: t('Use the raw.githubusercontent.com link'),
        keepsFileName: true,
      };
    }
    return undefined;
  }

  // Box: /s/<id> (also on a company's <name>.app.box.com) is the page; /shared/static/… is the file.
  if (hostIs(host, 'box.com') && /^\/s\//.test(path)) {
    return {
      service: 'Box',
      advice: t('Use the file\'s direct link instead (…/shared/static/<id>.<extension>, under "Link Settings" in Box).'),
      keepsFileName: false,
    };
  }

  // WeTransfer: every link is a download page, and it expires.
  if (hostIs(host, 'wetransfer.com') || host === 'we.tl') {
    return {
      service: 'WeTransfer',
      advice: t('Its links open a download page and expire after a few days. Put the file on a public server that serves it at a URL ending in its extension.'),
      keepsFileName: false,
    };
  }
  return undefined;
}
