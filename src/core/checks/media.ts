/**
 * Checks a schema can't express, on the media objects of a payload: the URL's extension against
 * mimeType, canonical MIME spellings, document file names, URLs WhatsApp's servers can't fetch,
 * and `{{variables}}` the environment doesn't define. Each finding has a place and, where one
 * exists, a fix as text edits.
 */
import { modify } from 'jsonc-parser';
import { isLoopbackHost } from '../send/endpoint';
import { MEDIA_MIME_BY_EXTENSION, OTHER_KNOWN_EXTENSIONS } from '../generated/mediaExtensions';
import { JsonPath, ParsedPayload, Problem, formatPath, lineStarts, placesOf, positionAt } from '../json/jsonc';
import { t } from '../text/l10n';
import { MEDIA, MEDIA_TYPES, MediaSpec, MediaType, isMediaType } from '../media/table';
import { sharePage } from '../media/sharePages';
import { describeCharacter, encodingProblem } from '../media/urlEncoding';
import { WA_PATH, isObject, valueAt } from '../messages/kind';
import { NOTIFY_URL_VARIABLE, resolveVariables, variableReferencePattern } from '../payload/variables';

export interface TextEditSpec {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

export interface QuickFix {
  readonly title: string;
  /** Edits to the payload text. */
  readonly edits?: TextEditSpec[];
  /** Instead of edits: ask for a value and add this variable to the active environment. */
  readonly defineVariable?: string;
  /** Instead of edits: start the delivery receiver (it defines `{{notifyurl}}`). */
  readonly startReceiver?: boolean;
  readonly preferred?: boolean;
}

export type RuleId =
  | 'url-extension'
  | 'url-no-extension'
  | 'share-page'
  | 'url-encoding'
  | 'non-canonical-mime'
  | 'missing-filename'
  | 'filename-extension'
  | 'http-url'
  | 'unreachable-host'
  | 'placeholder-url'
  | 'undefined-variable';

export interface MediaFinding extends Problem {
  readonly rule: RuleId;
  readonly severity: 'warning' | 'info' | 'hint';
  readonly fixes: QuickFix[];
}

/** A fix for a problem the schema reports (the editor shows the schema's message). */
export interface FixSite {
  readonly offset: number;
  readonly length: number;
  readonly fix: QuickFix;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

// A Map, not an object: a value such as "constructor" must not find Object.prototype.
let mimeAliases: ReadonlyMap<string, string> | undefined;

/**
 * The one canonical-MIME lookup: how WhatsApp documents the MIME type a spelling stands for
 * (trimmed, lower case, the docs' aliases such as `image/jpg` mapped), whatever the media type.
 * Parameters (`; charset=…`) are the caller's to drop.
 */
export function normalizeMime(value: string): string {
  mimeAliases ??= new Map(MEDIA_TYPES.flatMap((type) => Object.entries(MEDIA[type].aliases).map(([alias, mime]) => [alias.toLowerCase(), mime.toLowerCase()] as const)));
  const lower = value.trim().toLowerCase();
  return mimeAliases.get(lower) ?? lower;
}

/** The canonical MIME type a spelling stands for within a media type (case and aliases), if that type allows it. */
export function canonicalMime(spec: MediaSpec, value: string): string | undefined {
  const normal = normalizeMime(value);
  return spec.mimeTypes.find((m) => m.mime === normal)?.mime;
}

/** The lower-case extension of a URL's last path segment (query and fragment ignored), or ''. */
export function urlExtension(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // keep the raw segment
  }
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

function fileNameOf(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

let otherExtensions: Set<string> | undefined;

/**
 * What a file extension is, as mime-types says (its table, reduced at build time to what this
 * needs): the MIME type when some media type takes it, `null` for a known extension of any other
 * type, undefined for an unknown one.
 */
export function extensionMime(ext: string): string | null | undefined {
  if (Object.prototype.hasOwnProperty.call(MEDIA_MIME_BY_EXTENSION, ext)) return MEDIA_MIME_BY_EXTENSION[ext];
  otherExtensions ??= new Set(OTHER_KNOWN_EXTENSIONS.split(' '));
  return otherExtensions.has(ext) ? null : undefined;
}

function extensionsFor(spec: MediaSpec, canonical: string): string[] {
  return [...(spec.mimeTypes.find((m) => m.mime === canonical)?.extensions ?? [])];
}

const dotted = (exts: readonly string[]) => exts.map((e) => `.${e}`).join(t(' or '));

/** Why WhatsApp's servers can't reach a host, or undefined when they can. */
export function unreachableReason(hostname: string): string | undefined {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(h)) return t('this computer (loopback)');
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return t('a private network address');
    if (a === 169 && b === 254) return t('a link-local address');
    if (a === 0) return t('not a routable address');
  }
  if (/^f[cd][0-9a-f]{2}:/.test(h)) return t('a private network address');
  if (/^fe[89ab][0-9a-f]:/.test(h)) return t('a link-local address');
  if (/\.(local|internal|lan|corp|home|intranet)$/.test(h)) return t('a local network name');
  if (!h.includes('.') && !h.includes(':')) return t('a name without a domain, known only on a local network');
  return undefined;
}

/** Whether a host is reserved for documentation (RFC 2606/6761): a placeholder, never a real file. */
export function isPlaceholderHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return /(^|\.)example\.(com|net|org)$/.test(h) || /\.(example|invalid|test)$/.test(h) || h === 'example';
}

/**
 * A finding before its place is known: the checks read the parsed value, and the places of all
 * findings are found together at the end (one pass over the text, or the tree when there is one).
 */
interface Draft {
  readonly path: JsonPath;
  /** Underline the value (default) or the key of the property. */
  readonly part?: 'value' | 'key';
  readonly rule: RuleId;
  readonly severity: MediaFinding['severity'];
  readonly message: string;
  readonly fixes?: QuickFix[];
}

/** A fix whose edits are worked out when first asked for (when VS Code shows the fix), not on every check. */
export function lazyFix(title: string, edits: () => TextEditSpec[]): QuickFix {
  let computed: TextEditSpec[] | undefined;
  return {
    title,
    preferred: true,
    get edits() {
      return (computed ??= edits());
    },
  };
}

/** The edits that set the value at `path` of a JSON text (undefined removes it), formatted as the scaffolds are. */
export function setValueIn(text: string, path: JsonPath, value: unknown): TextEditSpec[] {
  return modify(text, path, value, FORMAT);
}

function setValue(parsed: ParsedPayload, path: JsonPath, value: unknown): TextEditSpec[] {
  return setValueIn(parsed.text, path, value);
}

const own = (o: object, key: string | number) => Object.prototype.hasOwnProperty.call(o, key);

function stringAt(parsed: ParsedPayload, path: JsonPath): string | undefined {
  const value = valueAt(parsed.value, path);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Where a media object sits and how it names its link: a media message's `wa.<type>` (`url` and
 * `mimeType`), a reply-button header's media (`url`, no MIME type) or a template's media
 * parameter (`link`, no MIME type). Without a MIME type the URL's extension is checked against
 * every extension the type takes.
 */
export interface MediaPlace {
  readonly type: MediaType;
  readonly path: JsonPath;
  readonly urlKey: 'url' | 'link';
  /** Whether the object carries a `mimeType` (media messages only). */
  readonly withMime: boolean;
}

/** Every media object of a payload value: media messages, reply-button header media, template media parameters. */
export function mediaPlaces(value: unknown): MediaPlace[] {
  const out: MediaPlace[] = [];
  const wa = valueAt(value, [...WA_PATH]);
  if (isObject(wa)) {
    for (const t of MEDIA_TYPES) if (own(wa, t) && isObject(wa[t])) out.push({ type: t, path: [...WA_PATH, t], urlKey: 'url', withMime: true });
    const header = valueAt(wa, ['reply', 'header']);
    if (isObject(header) && isMediaType(header.type) && isObject(header[header.type])) out.push({ type: header.type, path: [...WA_PATH, 'reply', 'header', header.type], urlKey: 'url', withMime: false });
  }
  const parameters = valueAt(value, ['message', 'parameters']);
  if (isObject(parameters)) {
    for (const t of ['image', 'video', 'document'] as const) if (isObject(parameters[t])) out.push({ type: t, path: ['message', 'parameters', t], urlKey: 'link', withMime: false });
  }
  return out;
}

function checkMediaObject(parsed: ParsedPayload, place: MediaPlace, variables: Readonly<Record<string, string>> | undefined, out: Draft[]): void {
  const { type, urlKey, withMime } = place;
  const spec = MEDIA[type];
  const base = place.path;
  const fill = (s: string) => (variables ? resolveVariables(s, variables).value : s);
  const mime = withMime ? stringAt(parsed, [...base, 'mimeType']) : undefined;
  const mimeValue = mime !== undefined ? fill(mime) : undefined;
  const canonical = mimeValue && !mimeValue.includes('{{') ? canonicalMime(spec, mimeValue) : undefined;

  if (mime !== undefined && canonical && mimeValue !== canonical && mime === mimeValue) {
    out.push({
      path: [...base, 'mimeType'],
      rule: 'non-canonical-mime',
      severity: 'warning',
      message: t('Write "{0}": "{1}" is accepted, but "{0}" is the form WhatsApp documents.', canonical, mimeValue),
      fixes: [lazyFix(t('Change to "{0}"', canonical), () => setValue(parsed, [...base, 'mimeType'], canonical))],
    });
  }

  const urlEntry = stringAt(parsed, [...base, urlKey]);
  let url: URL | undefined;
  let filled = '';
  // Characters to encode are looked for in the URL as written (the fix edits that), variables kept.
  const encoding = urlEntry !== undefined && /^\s*(https?:\/\/|\{\{)/i.test(urlEntry) ? encodingProblem(urlEntry) : undefined;
  if (encoding) {
    const urlPath = [...base, urlKey];
    out.push({
      path: urlPath,
      rule: 'url-encoding',
      severity: 'warning',
      message: t(
        'The URL holds characters a URL can\'t carry as they are ({0}): percent-encode them, or WhatsApp\'s servers may fail to fetch the file (7701).',
        encoding.characters.map(describeCharacter).join(', '),
      ),
      fixes: [lazyFix(t('Percent-encode the URL'), () => setValue(parsed, urlPath, encoding.encoded))],
    });
  }
  if (urlEntry !== undefined) {
    filled = fill(urlEntry);
    if (!filled.includes('{{') && !/[<>\s]/.test(filled)) {
      try {
        url = new URL(filled);
      } catch {
        url = undefined; // the schema reports it
      }
    }
  }
  if (urlEntry !== undefined && url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    const urlPath = [...base, urlKey];
    const reason = unreachableReason(url.hostname);
    if (isPlaceholderHost(url.hostname)) {
      out.push({ path: urlPath, rule: 'placeholder-url', severity: 'warning', message: t('{0} is a placeholder domain, reserved for examples: put the public link to the real {1} file here.', url.hostname, type) });
    } else if (reason) {
      out.push({
        path: urlPath,
        rule: 'unreachable-host',
        severity: 'warning',
        message: t("WhatsApp's servers can't fetch media from {0}: it is {1}. Put the file on a public server (the Media manager under Tools in Webex Connect gives a public URL).", url.hostname, reason),
      });
    } else if (url.protocol === 'http:') {
      const https = urlEntry.replace(/^http:/i, 'https:');
      out.push({
        path: urlPath,
        rule: 'http-url',
        severity: 'warning',
        message: t('Use https://: WhatsApp may refuse to fetch media over plain http.'),
        fixes: [lazyFix(t('Change to https://'), () => setValue(parsed, urlPath, https))],
      });
    }
    const share = sharePage(url, filled);
    if (share) {
      const direct = share.direct;
      out.push({
        path: urlPath,
        rule: 'share-page',
        severity: 'warning',
        message: t(
          'This {0} link is a web page about the file, not the file: WhatsApp would download the page and the message would fail (7701 media download error or 7861 unsupported MIME type). {1}',
          share.service,
          share.advice,
        ),
        // A fix rewrites the URL as written; with variables in it, the direct link isn't known as text.
        fixes: direct && share.fixTitle && filled === urlEntry ? [lazyFix(share.fixTitle, () => setValue(parsed, urlPath, direct))] : [],
      });
    }
    const ext = urlExtension(url);
    const expected = canonical ? extensionsFor(spec, canonical) : spec.mimeTypes.flatMap((m) => m.extensions);
    // A share page's path is the page's, not the file's: its extension says nothing, unless the
    // link keeps the file's name (Dropbox, GitHub), where a mismatch is a mistake of its own.
    if (share && !share.keepsFileName) {
      // the share-page finding says it all
    } else if (!ext) {
      out.push({
        path: urlPath,
        rule: 'url-no-extension',
        severity: 'warning',
        message: t("The URL's path doesn't end in a file extension. WhatsApp needs it to end in the extension of the MIME type ({0}).", dotted(expected)),
      });
    } else if (!withMime && !expected.includes(ext)) {
      out.push({
        path: urlPath,
        rule: 'url-extension',
        severity: 'warning',
        message: t("The URL ends in .{0}, which is not {1} file: WhatsApp rejects media whose URL doesn't end in an extension of its type ({2}).", ext, type === 'image' || type === 'audio' ? t('an {0}', type) : t('a {0}', type), dotted(expected)),
      });
    } else if (canonical && mime !== undefined && !expected.includes(ext)) {
      const suggested = extensionMime(ext);
      const fixes: QuickFix[] = [];
      let hint = '';
      const sameType = suggested ? canonicalMime(spec, suggested) : undefined;
      if (sameType) {
        fixes.push(lazyFix(t('Set mimeType to "{0}"', sameType), () => setValue(parsed, [...base, 'mimeType'], sameType)));
      } else if (suggested !== undefined) {
        const other = suggested ? MEDIA_TYPES.find((t) => canonicalMime(MEDIA[t], suggested)) : undefined;
        hint = other
          ? ` ${other === 'audio' || other === 'image' ? t('A .{0} file is an {1}: send it with "type": "{1}".', ext, other) : t('A .{0} file is a {1}: send it with "type": "{1}".', ext, other)}`
          : ` ${t("WhatsApp doesn't take .{0} files as {1}.", ext, type)}`;
      }
      out.push({
        path: urlPath,
        rule: 'url-extension',
        severity: 'warning',
        message: t("The URL ends in .{0} but mimeType is {1}: WhatsApp rejects media whose URL doesn't end in the extension of its MIME type ({2}).", ext, canonical, dotted(expected)) + hint,
        fixes,
      });
    }
  }

  if (spec.filename && canonical) {
    const filename = stringAt(parsed, [...base, 'filename']);
    const expected = extensionsFor(spec, canonical);
    if (filename === undefined && isObject(valueAt(parsed.value, base))) {
      const fromUrl = url ? fileNameOf(url) : '';
      const name = fromUrl && expected.includes(urlExtension(url as URL)) ? fromUrl : `document.${expected[0]}`;
      out.push({
        path: base,
        part: 'key',
        rule: 'missing-filename',
        severity: 'hint',
        message: t('Without "filename" the recipient sees an unnamed document; give it a name with the right extension.'),
        fixes: [lazyFix(t('Add "filename": "{0}"', name), () => setValue(parsed, [...base, 'filename'], name))],
      });
    } else if (filename !== undefined && !filename.includes('{{')) {
      const dot = filename.lastIndexOf('.');
      const ext = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
      if (!expected.includes(ext)) {
        const fixed = `${dot > 0 ? filename.slice(0, dot) : filename}.${expected[0]}`;
        out.push({
          path: [...base, 'filename'],
          rule: 'filename-extension',
          // The recipient's phone opens the file with the app the extension names: a wrong one misleads.
          severity: 'warning',
          message: ext
            ? t("The filename ends in .{0} but mimeType is {1}: the recipient's phone picks the app that opens it from the extension, so it would open with the wrong one ({2}).", ext, canonical, dotted(expected))
            : t("The filename has no extension but mimeType is {0}: the recipient's phone picks the app that opens it from the extension, so it would open with the wrong one ({1}).", canonical, dotted(expected)),
          fixes: [lazyFix(t('Rename to "{0}"', fixed), () => setValue(parsed, [...base, 'filename'], fixed))],
        });
      }
    }
  }
}

export interface MediaCheckContext {
  /** The active environment's variables; undefined when no environment is active (variables aren't checked). */
  readonly variables?: Readonly<Record<string, string>>;
  /** How to name the environment in messages, e.g. `environment "dev"`. */
  readonly environment?: string;
}

/** Every finding on a parsed payload (none when it has syntax errors). */
export function checkMedia(parsed: ParsedPayload, context: MediaCheckContext = {}): MediaFinding[] {
  if (parsed.problems.length > 0) return [];
  const drafts: Draft[] = [];
  for (const place of mediaPlaces(parsed.value)) checkMediaObject(parsed, place, context.variables, drafts);
  const variables = context.variables;
  // The strings that hold a reference the variables don't define (once each, in document order).
  const withUndefined = new Map<string, JsonPath>();
  if (variables) for (const u of resolveVariables(parsed.value, variables).unresolved) withUndefined.set(JSON.stringify(u.path), u.path);
  if (drafts.length === 0 && withUndefined.size === 0) return [];

  // Now where they are: one lookup for all of them.
  const placeAt = placesOf(parsed, [...drafts.map((d) => d.path), ...withUndefined.values()]);
  const starts = lineStarts(parsed.text);
  const out: MediaFinding[] = [];
  const at = (offset: number, length: number) => ({ offset, length, ...positionAt(parsed.text, offset, starts) });
  for (const d of drafts) {
    const place = placeAt(d.path);
    if (!place) continue;
    const span = d.part === 'key' ? (place.key ?? place) : place;
    out.push({ rule: d.rule, severity: d.severity, message: d.message, fixes: d.fixes ?? [], path: formatPath(d.path), ...at(span.offset, span.length) });
  }
  const environment = context.environment ?? t('the active environment');
  for (const path of withUndefined.values()) {
    const place = placeAt(path);
    if (!place || !variables) continue;
    // Search the raw text, not the value, so offsets stay right around escape sequences.
    const raw = parsed.text.slice(place.offset, place.offset + place.length);
    for (const m of raw.matchAll(variableReferencePattern())) {
      const name = m[1];
      if (own(variables, name)) continue;
      const define: QuickFix = { title: t('Define {0} in {1}…', `{{${name}}}`, environment), defineVariable: name, preferred: name !== NOTIFY_URL_VARIABLE };
      out.push({
        rule: 'undefined-variable',
        severity: 'warning',
        // Braces are built outside the message: t() reads "{{" as an escape.
        message:
          name === NOTIFY_URL_VARIABLE
            ? t('{0} is filled in while the delivery receiver runs: start it with "Webex Connect: Start Delivery Receiver".', `{{${name}}}`)
            : t("{0} is not defined in {1}, so it can't be filled in when sending.", `{{${name}}}`, environment),
        fixes: name === NOTIFY_URL_VARIABLE ? [{ title: t('Start Delivery Receiver'), startReceiver: true, preferred: true }, define] : [define],
        path: formatPath(path),
        ...at(place.offset + (m.index ?? 0), m[0].length),
      });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Fixes for what the schema reports (the editor shows its message; these add the one-click fix):
 * a caption or filename where the type has none, a `type` that doesn't match the media object,
 * and the `mimetype` typo.
 */
export function structuralFixes(parsed: ParsedPayload): FixSite[] {
  if (parsed.problems.length > 0) return [];
  const wa = valueAt(parsed.value, [...WA_PATH]);
  if (!isObject(wa)) return [];
  // What to fix, found in the value; where, found at the end for all of them at once. A draft
  // without a fix is a key to rename to "mimeType": its fix is the key's place, known at the end.
  const drafts: { path: JsonPath; part: 'value' | 'key' | 'property'; fix?: QuickFix }[] = [];
  const present = MEDIA_TYPES.filter((t) => own(wa, t) && wa[t] && typeof wa[t] === 'object');
  const type = own(wa, 'type') ? wa.type : undefined;
  if (present.length === 1 && type !== undefined && type !== present[0]) {
    const target = present[0];
    const fix = lazyFix(t('Set "type" to "{0}"', target), () => setValue(parsed, [...WA_PATH, 'type'], target));
    drafts.push({ path: [...WA_PATH, 'type'], part: 'value', fix }, { path: [...WA_PATH, target], part: 'key', fix });
  }
  for (const mediaType of present) {
    const spec = MEDIA[isMediaType(type) ? type : mediaType];
    const media = wa[mediaType] as Record<string, unknown>;
    if (Array.isArray(media)) continue;
    for (const field of ['caption', 'filename'] as const) {
      if (spec[field] || !own(media, field)) continue;
      const path = [...WA_PATH, mediaType, field];
      drafts.push({ path, part: 'property', fix: lazyFix(t('Remove "{0}" ({1} messages have none)', field, spec.type), () => setValue(parsed, path, undefined)) });
    }
    if (own(media, 'mimeType')) continue;
    for (const keyName of Object.keys(media)) {
      if (keyName === 'mimeType' || !/^mime[-_]?type$/i.test(keyName)) continue;
      drafts.push({ path: [...WA_PATH, mediaType, keyName], part: 'key' });
    }
  }
  if (drafts.length === 0) return [];
  const placeAt = placesOf(
    parsed,
    drafts.map((d) => d.path),
  );
  const sites: FixSite[] = [];
  for (const d of drafts) {
    const place = placeAt(d.path);
    if (!d.fix) {
      if (!place?.key) continue;
      // Rename by replacing the key's text; the value stays as written. Offered on both.
      const fix = { title: t('Rename to "{0}"', 'mimeType'), edits: [{ offset: place.key.offset, length: place.key.length, content: '"mimeType"' }], preferred: true };
      sites.push({ offset: place.key.offset, length: place.key.length, fix }, { offset: place.offset, length: place.length, fix });
      continue;
    }
    const span = d.part === 'key' ? place?.key : d.part === 'property' ? place?.property : place;
    if (span) sites.push({ offset: span.offset, length: span.length, fix: d.fix });
  }
  return sites;
}

/** The `{{name}}` reference at an offset of the text, if any. */
export function variableAt(text: string, offset: number): { name: string; offset: number; length: number } | undefined {
  const start = Math.max(0, text.lastIndexOf('{{', offset));
  const m = variableReferencePattern('y').exec(text.slice(start, start + 200));
  if (!m || offset > start + m[0].length) return undefined;
  return { name: m[1], offset: start, length: m[0].length };
}

export interface MediaTarget {
  readonly type: MediaType;
  readonly url: string;
  readonly mimeType: string;
  /** Where the media object sits, for locating its url in the text. */
  readonly path: JsonPath;
}

/**
 * The media of a payload value with their URLs as strings: media messages (in media-type order),
 * then a reply-button header's media and a template's media parameter (their mimeType '').
 */
export function mediaTargets(value: unknown): MediaTarget[] {
  return mediaPlaces(value).flatMap(({ type, path, urlKey }) => {
    const media = valueAt(value, path) as Record<string, unknown>;
    const url = media[urlKey];
    return typeof url === 'string' ? [{ type, url, mimeType: typeof media.mimeType === 'string' ? media.mimeType : '', path }] : [];
  });
}
