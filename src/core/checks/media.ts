/**
 * Checks a schema can't express, on the media objects of a payload (media messages, reply-button
 * header media, template media parameters): the URL's extension against mimeType, canonical MIME
 * spellings, document file names, URLs WhatsApp's servers can't fetch. Each finding has a place
 * and, where one exists, a fix.
 */
import { ParsedPayload } from '../json/jsonc';
import { isObject, valueAt } from '../json/values';
import { canonicalMime, extensionMime, extensionsFor } from '../media/mime';
import { MediaPlace, mediaPlaces } from '../media/places';
import { sharePage } from '../media/sharePages';
import { MEDIA, MEDIA_TYPES, MediaSpec } from '../media/table';
import { describeCharacter, encodingProblem } from '../media/urlEncoding';
import { fileNameOf, urlExtension } from '../media/urls';
import { isPlaceholderHost, unreachableReason } from '../net/hosts';
import { resolveVariables } from '../payload/variables';
import { t } from '../text/l10n';
import { Draft, Finding, ValueFix, placeDrafts, setFix } from './findings';
import { VariableCheckContext, checkVariables } from './variables';

export type MediaCheckContext = VariableCheckContext;

const dotted = (exts: readonly string[]) => exts.map((e) => `.${e}`).join(t(' or '));

/** One media object under check: where it is, its type's rules, and its MIME type as written and as meant. */
interface MediaObject {
  readonly parsed: ParsedPayload;
  readonly place: MediaPlace;
  readonly spec: MediaSpec;
  readonly fill: (s: string) => string;
  /** `mimeType` as written (media messages only). */
  readonly mime: string | undefined;
  /** The canonical MIME type it stands for, when the type allows it. */
  readonly canonical: string | undefined;
}

function stringAt(parsed: ParsedPayload, path: readonly (string | number)[]): string | undefined {
  const value = valueAt(parsed.value, path);
  return typeof value === 'string' ? value : undefined;
}

function mediaObject(parsed: ParsedPayload, place: MediaPlace, variables: Readonly<Record<string, string>> | undefined): MediaObject {
  const spec = MEDIA[place.type];
  const fill = (s: string) => (variables ? resolveVariables(s, variables).value : s);
  const mime = place.withMime ? stringAt(parsed, [...place.path, 'mimeType']) : undefined;
  const mimeValue = mime !== undefined ? fill(mime) : undefined;
  const canonical = mimeValue && !mimeValue.includes('{{') ? canonicalMime(spec, mimeValue) : undefined;
  return { parsed, place, spec, fill, mime, canonical };
}

/** `image/JPG` where WhatsApp documents `image/jpeg`. */
function checkMimeSpelling(m: MediaObject, out: Draft[]): void {
  if (m.mime === undefined || !m.canonical || m.mime === m.canonical || m.fill(m.mime) !== m.mime) return;
  const path = [...m.place.path, 'mimeType'];
  out.push({
    path,
    rule: 'non-canonical-mime',
    severity: 'warning',
    message: t('Write "{0}": "{1}" is accepted, but "{0}" is the form WhatsApp documents.', m.canonical, m.mime),
    fixes: [setFix(t('Change to "{0}"', m.canonical), path, m.canonical)],
  });
}

/** Characters a URL can't carry, looked for in the URL as written (the fix edits that), variables kept. */
function checkUrlEncoding(m: MediaObject, urlEntry: string, out: Draft[]): void {
  const encoding = /^\s*(https?:\/\/|\{\{)/i.test(urlEntry) ? encodingProblem(urlEntry) : undefined;
  if (!encoding) return;
  const path = [...m.place.path, m.place.urlKey];
  out.push({
    path,
    rule: 'url-encoding',
    severity: 'warning',
    message: t(
      'The URL holds characters a URL can\'t carry as they are ({0}): percent-encode them, or WhatsApp\'s servers may fail to fetch the file (7701).',
      encoding.characters.map(describeCharacter).join(', '),
    ),
    fixes: [setFix(t('Percent-encode the URL'), path, encoding.encoded)],
  });
}

/** The URL with variables filled in, parsed; undefined while it holds a variable or doesn't parse (the schema reports that). */
function filledUrl(filled: string): URL | undefined {
  if (filled.includes('{{') || /[<>\s]/.test(filled)) return undefined;
  try {
    return new URL(filled);
  } catch {
    return undefined;
  }
}

/** Hosts WhatsApp's servers can't reach, placeholder domains, and plain http. */
function checkHost(m: MediaObject, url: URL, urlEntry: string, out: Draft[]): void {
  const path = [...m.place.path, m.place.urlKey];
  const reason = unreachableReason(url.hostname);
  if (isPlaceholderHost(url.hostname)) {
    out.push({ path, rule: 'placeholder-url', severity: 'warning', message: t('{0} is a placeholder domain, reserved for examples: put the public link to the real {1} file here.', url.hostname, m.place.type) });
  } else if (reason) {
    out.push({
      path,
      rule: 'unreachable-host',
      severity: 'warning',
      message: t("WhatsApp's servers can't fetch media from {0}: it is {1}. Put the file on a public server (the Media manager under Tools in Webex Connect gives a public URL).", url.hostname, reason),
    });
  } else if (url.protocol === 'http:') {
    out.push({
      path,
      rule: 'http-url',
      severity: 'warning',
      message: t('Use https://: WhatsApp may refuse to fetch media over plain http.'),
      fixes: [setFix(t('Change to https://'), path, urlEntry.replace(/^http:/i, 'https:'))],
    });
  }
}

/** A share page (Google Drive, Dropbox, …) instead of the file; returns it, for the extension check. */
function checkSharePage(m: MediaObject, url: URL, urlEntry: string, filled: string, out: Draft[]): ReturnType<typeof sharePage> {
  const share = sharePage(url, filled);
  if (!share) return share;
  const path = [...m.place.path, m.place.urlKey];
  const direct = share.direct;
  out.push({
    path,
    rule: 'share-page',
    severity: 'warning',
    message: t(
      'This {0} link is a web page about the file, not the file: WhatsApp would download the page and the message would fail (7701 media download error or 7861 unsupported MIME type). {1}',
      share.service,
      share.advice,
    ),
    // A fix rewrites the URL as written; with variables in it, the direct link isn't known as text.
    fixes: direct && share.fixTitle && filled === urlEntry ? [setFix(share.fixTitle, path, direct)] : [],
  });
  return share;
}

/** What a URL's extension says when it isn't one of the MIME type's: a fix of mimeType, or the type the file is. */
function mismatchAdvice(m: MediaObject, ext: string): { fixes: ValueFix[]; hint: string } {
  const suggested = extensionMime(ext);
  const sameType = suggested ? canonicalMime(m.spec, suggested) : undefined;
  if (sameType) return { fixes: [setFix(t('Set mimeType to "{0}"', sameType), [...m.place.path, 'mimeType'], sameType)], hint: '' };
  if (suggested === undefined) return { fixes: [], hint: '' };
  const other = suggested ? MEDIA_TYPES.find((type) => canonicalMime(MEDIA[type], suggested)) : undefined;
  const hint = other
    ? other === 'audio' || other === 'image'
      ? t('A .{0} file is an {1}: send it with "type": "{1}".', ext, other)
      : t('A .{0} file is a {1}: send it with "type": "{1}".', ext, other)
    : t("WhatsApp doesn't take .{0} files as {1}.", ext, m.place.type);
  return { fixes: [], hint: ` ${hint}` };
}

/** The URL's extension against the MIME type (or, without one, against every extension the type takes). */
function checkExtension(m: MediaObject, url: URL, out: Draft[]): void {
  const { place, spec, canonical } = m;
  const path = [...place.path, place.urlKey];
  const ext = urlExtension(url);
  const expected = canonical ? extensionsFor(spec, canonical) : spec.mimeTypes.flatMap((x) => x.extensions);
  if (!ext) {
    out.push({
      path,
      rule: 'url-no-extension',
      severity: 'warning',
      message: t("The URL's path doesn't end in a file extension. WhatsApp needs it to end in the extension of the MIME type ({0}).", dotted(expected)),
    });
  } else if (!place.withMime && !expected.includes(ext)) {
    const type = place.type;
    out.push({
      path,
      rule: 'url-extension',
      severity: 'warning',
      message: t("The URL ends in .{0}, which is not {1} file: WhatsApp rejects media whose URL doesn't end in an extension of its type ({2}).", ext, type === 'image' || type === 'audio' ? t('an {0}', type) : t('a {0}', type), dotted(expected)),
    });
  } else if (canonical && m.mime !== undefined && !expected.includes(ext)) {
    const { fixes, hint } = mismatchAdvice(m, ext);
    out.push({
      path,
      rule: 'url-extension',
      severity: 'warning',
      message: t("The URL ends in .{0} but mimeType is {1}: WhatsApp rejects media whose URL doesn't end in the extension of its MIME type ({2}).", ext, canonical, dotted(expected)) + hint,
      fixes,
    });
  }
}

/** The media URL: encoding, host, share pages, extension. Returns the parsed URL (with variables filled in) when there is one. */
function checkUrl(m: MediaObject, out: Draft[]): URL | undefined {
  const urlEntry = stringAt(m.parsed, [...m.place.path, m.place.urlKey]);
  if (urlEntry === undefined) return undefined;
  checkUrlEncoding(m, urlEntry, out);
  const filled = m.fill(urlEntry);
  const url = filledUrl(filled);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return url;
  checkHost(m, url, urlEntry, out);
  const share = checkSharePage(m, url, urlEntry, filled, out);
  // A share page's path is the page's, not the file's: its extension says nothing, unless the
  // link keeps the file's name (Dropbox, GitHub), where a mismatch is a mistake of its own.
  if (!share || share.keepsFileName) checkExtension(m, url, out);
  return url;
}

/** A document's file name: missing (a hint, named from the URL), or with the wrong extension. */
function checkFilename(m: MediaObject, url: URL | undefined, out: Draft[]): void {
  const { parsed, place, spec, canonical } = m;
  if (!spec.filename || !canonical) return;
  const base = place.path;
  const filename = stringAt(parsed, [...base, 'filename']);
  const expected = extensionsFor(spec, canonical);
  if (filename === undefined && isObject(valueAt(parsed.value, base))) {
    const fromUrl = url ? fileNameOf(url) : '';
    const name = fromUrl && url && expected.includes(urlExtension(url)) ? fromUrl : `document.${expected[0]}`;
    out.push({
      path: base,
      part: 'key',
      rule: 'missing-filename',
      severity: 'hint',
      message: t('Without "filename" the recipient sees an unnamed document; give it a name with the right extension.'),
      fixes: [setFix(t('Add "filename": "{0}"', name), [...base, 'filename'], name)],
    });
    return;
  }
  if (filename === undefined || filename.includes('{{')) return;
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  if (expected.includes(ext)) return;
  const fixed = `${dot > 0 ? filename.slice(0, dot) : filename}.${expected[0]}`;
  out.push({
    path: [...base, 'filename'],
    rule: 'filename-extension',
    // The recipient's phone opens the file with the app the extension names: a wrong one misleads.
    severity: 'warning',
    message: ext
      ? t("The filename ends in .{0} but mimeType is {1}: the recipient's phone picks the app that opens it from the extension, so it would open with the wrong one ({2}).", ext, canonical, dotted(expected))
      : t("The filename has no extension but mimeType is {0}: the recipient's phone picks the app that opens it from the extension, so it would open with the wrong one ({1}).", canonical, dotted(expected)),
    fixes: [setFix(t('Rename to "{0}"', fixed), [...base, 'filename'], fixed)],
  });
}

/** The media checks' drafts for one media object. */
function checkMediaObject(parsed: ParsedPayload, place: MediaPlace, variables: Readonly<Record<string, string>> | undefined, out: Draft[]): void {
  const m = mediaObject(parsed, place, variables);
  checkMimeSpelling(m, out);
  const url = checkUrl(m, out);
  checkFilename(m, url, out);
}

/** Every media and variable finding on a parsed payload (none when it has syntax errors). */
export function checkMedia(parsed: ParsedPayload, context: MediaCheckContext = {}): Finding[] {
  if (parsed.problems.length > 0) return [];
  const drafts: Draft[] = [];
  for (const place of mediaPlaces(parsed.value)) checkMediaObject(parsed, place, context.variables, drafts);
  const media = placeDrafts(parsed, drafts);
  const variables = checkVariables(parsed, context);
  return variables.length === 0 ? media : [...media, ...variables].sort((a, b) => a.offset - b.offset);
}
