/**
 * Checks a schema can't express, on the media objects of a payload: the URL's extension against
 * mimeType, canonical MIME spellings, document file names, URLs WhatsApp's servers can't fetch,
 * and `{{variables}}` the environment doesn't define. Each finding has a place and, where one
 * exists, a fix as text edits.
 */
import { Node, findNodeAtLocation, modify } from 'jsonc-parser';
import { isLoopbackHost } from './endpoint';
import { MEDIA_MIME_BY_EXTENSION, OTHER_KNOWN_EXTENSIONS } from './generated/mediaExtensions';
import { JsonPath, ParsedPayload, Problem, formatPath, positionAt } from './jsonc';
import { MEDIA, MEDIA_TYPES, MediaSpec, MediaType, isMediaType } from './media';
import { resolveVariables, variableReferencePattern } from './variables';

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
  readonly preferred?: boolean;
}

export type RuleId =
  | 'url-extension'
  | 'url-no-extension'
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
const WA_PATH: JsonPath = ['channels', 'OTT-Messaging', 'wa'];

/** The canonical MIME type a spelling stands for within a media type (case and aliases), if allowed. */
export function canonicalMime(spec: MediaSpec, value: string): string | undefined {
  const lower = value.trim().toLowerCase();
  const alias = Object.entries(spec.aliases).find(([a]) => a === lower)?.[1];
  return alias ?? spec.mimeTypes.find((m) => m.mime === lower)?.mime;
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

const dotted = (exts: readonly string[]) => exts.map((e) => `.${e}`).join(' or ');

/** Why WhatsApp's servers can't reach a host, or undefined when they can. */
export function unreachableReason(hostname: string): string | undefined {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(h)) return 'this computer (loopback)';
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private network address';
    if (a === 169 && b === 254) return 'a link-local address';
    if (a === 0) return 'not a routable address';
  }
  if (/^f[cd][0-9a-f]{2}:/.test(h)) return 'a private network address';
  if (/^fe[89ab][0-9a-f]:/.test(h)) return 'a link-local address';
  if (/\.(local|internal|lan|corp|home|intranet)$/.test(h)) return 'a local network name';
  if (!h.includes('.') && !h.includes(':')) return 'a name without a domain, known only on a local network';
  return undefined;
}

/** Whether a host is reserved for documentation (RFC 2606/6761): a placeholder, never a real file. */
export function isPlaceholderHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return /(^|\.)example\.(com|net|org)$/.test(h) || /\.(example|invalid|test)$/.test(h) || h === 'example';
}

function finding(parsed: ParsedPayload, node: Node, path: JsonPath, rule: RuleId, severity: MediaFinding['severity'], message: string, fixes: QuickFix[] = []): MediaFinding {
  const { line, column } = positionAt(parsed.text, node.offset);
  return { rule, severity, message, fixes, path: formatPath(path), offset: node.offset, length: node.length, line, column };
}

function setValue(parsed: ParsedPayload, path: JsonPath, value: unknown): TextEditSpec[] {
  return modify(parsed.text, path, value, FORMAT);
}

/*
 * The checks read the parsed value and ask the syntax tree only where they report something: on
 * the fast path the tree is built on first use, and most payloads have nothing to report.
 */

const own = (o: object, key: string | number) => Object.prototype.hasOwnProperty.call(o, key);

/** The value at a path, through own properties only; undefined when there is none. */
function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const seg of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node) !== (typeof seg === 'number') || !own(node, seg)) return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The tree node at a path (it exists whenever valueAt finds a value). */
function nodeAt(parsed: ParsedPayload, path: JsonPath): Node {
  const node = parsed.tree && findNodeAtLocation(parsed.tree, path);
  if (!node) throw new Error(`No node at ${formatPath(path)} although the value has one`);
  return node;
}

/** A string value and, when asked for, its node. */
function stringAt(parsed: ParsedPayload, path: JsonPath): { readonly value: string; readonly node: Node } | undefined {
  const value = valueAt(parsed.value, path);
  if (typeof value !== 'string') return undefined;
  let node: Node | undefined;
  return {
    value,
    get node() {
      return (node ??= nodeAt(parsed, path));
    },
  };
}

function checkMediaObject(parsed: ParsedPayload, type: MediaType, variables: Readonly<Record<string, string>> | undefined, out: MediaFinding[]): void {
  const spec = MEDIA[type];
  const base: JsonPath = [...WA_PATH, type];
  const fill = (s: string) => (variables ? resolveVariables(s, variables).value : s);
  const mime = stringAt(parsed, [...base, 'mimeType']);
  const mimeValue = mime ? fill(mime.value) : undefined;
  const canonical = mimeValue && !mimeValue.includes('{{') ? canonicalMime(spec, mimeValue) : undefined;

  if (mime && canonical && mimeValue !== canonical && mime.value === mimeValue) {
    out.push(
      finding(parsed, mime.node, [...base, 'mimeType'], 'non-canonical-mime', 'warning', `Write "${canonical}": "${mimeValue}" is accepted, but "${canonical}" is the form WhatsApp documents.`, [
        { title: `Change to "${canonical}"`, edits: setValue(parsed, [...base, 'mimeType'], canonical), preferred: true },
      ]),
    );
  }

  const urlEntry = stringAt(parsed, [...base, 'url']);
  let url: URL | undefined;
  if (urlEntry) {
    const filled = fill(urlEntry.value);
    if (!filled.includes('{{') && !/[<>\s]/.test(filled)) {
      try {
        url = new URL(filled);
      } catch {
        url = undefined; // the schema reports it
      }
    }
  }
  if (urlEntry && url && (url.protocol === 'http:' || url.protocol === 'https:')) {
    const urlPath = [...base, 'url'];
    const reason = unreachableReason(url.hostname);
    if (isPlaceholderHost(url.hostname)) {
      out.push(finding(parsed, urlEntry.node, urlPath, 'placeholder-url', 'warning', `${url.hostname} is a placeholder domain, reserved for examples: put the public link to the real ${type} file here.`));
    } else if (reason) {
      out.push(
        finding(parsed, urlEntry.node, urlPath, 'unreachable-host', 'warning', `WhatsApp's servers can't fetch media from ${url.hostname}: it is ${reason}. Put the file on a public server (the Media manager under Tools in Webex Connect gives a public URL).`),
      );
    } else if (url.protocol === 'http:') {
      const https = urlEntry.value.replace(/^http:/i, 'https:');
      out.push(
        finding(parsed, urlEntry.node, urlPath, 'http-url', 'warning', 'Use https://: WhatsApp may refuse to fetch media over plain http.', [
          { title: 'Change to https://', edits: setValue(parsed, urlPath, https), preferred: true },
        ]),
      );
    }
    const ext = urlExtension(url);
    const expected = canonical ? extensionsFor(spec, canonical) : spec.mimeTypes.flatMap((m) => m.extensions);
    if (!ext) {
      out.push(
        finding(parsed, urlEntry.node, urlPath, 'url-no-extension', 'warning', `The URL's path doesn't end in a file extension. WhatsApp needs it to end in the extension of the MIME type (${dotted(expected)}).`),
      );
    } else if (canonical && mime && !expected.includes(ext)) {
      const suggested = extensionMime(ext);
      const fixes: QuickFix[] = [];
      let hint = '';
      const sameType = suggested ? canonicalMime(spec, suggested) : undefined;
      if (sameType) {
        fixes.push({ title: `Set mimeType to "${sameType}"`, edits: setValue(parsed, [...base, 'mimeType'], sameType), preferred: true });
      } else if (suggested !== undefined) {
        const other = suggested ? MEDIA_TYPES.find((t) => canonicalMime(MEDIA[t], suggested)) : undefined;
        hint = other ? ` A .${ext} file is ${other === 'audio' || other === 'image' ? 'an' : 'a'} ${other}: send it with "type": "${other}".` : ` WhatsApp doesn't take .${ext} files as ${type}.`;
      }
      out.push(
        finding(parsed, urlEntry.node, urlPath, 'url-extension', 'warning', `The URL ends in .${ext} but mimeType is ${canonical}: WhatsApp rejects media whose URL doesn't end in the extension of its MIME type (${dotted(expected)}).${hint}`, fixes),
      );
    }
  }

  if (spec.filename && canonical) {
    const filename = stringAt(parsed, [...base, 'filename']);
    const expected = extensionsFor(spec, canonical);
    if (!filename && isObject(valueAt(parsed.value, base))) {
      const fromUrl = url ? fileNameOf(url) : '';
      const name = fromUrl && expected.includes(urlExtension(url as URL)) ? fromUrl : `document.${expected[0]}`;
      const objectNode = nodeAt(parsed, base);
      const keyNode = objectNode.parent?.children?.[0] ?? objectNode;
      out.push(
        finding(parsed, keyNode, base, 'missing-filename', 'hint', 'Without "filename" the recipient sees an unnamed document; give it a name with the right extension.', [
          { title: `Add "filename": "${name}"`, edits: setValue(parsed, [...base, 'filename'], name), preferred: true },
        ]),
      );
    } else if (filename && !filename.value.includes('{{')) {
      const dot = filename.value.lastIndexOf('.');
      const ext = dot > 0 ? filename.value.slice(dot + 1).toLowerCase() : '';
      if (!expected.includes(ext)) {
        const fixed = `${dot > 0 ? filename.value.slice(0, dot) : filename.value}.${expected[0]}`;
        out.push(
          finding(parsed, filename.node, [...base, 'filename'], 'filename-extension', 'hint', `${ext ? `The filename ends in .${ext}` : 'The filename has no extension'} but mimeType is ${canonical}: phones pick the icon and the app from the extension (${dotted(expected)}).`, [
            { title: `Rename to "${fixed}"`, edits: setValue(parsed, [...base, 'filename'], fixed), preferred: true },
          ]),
        );
      }
    }
  }
}

/** `{{name}}` references that `variables` doesn't define, each at its exact place in the text. */
function undefinedVariables(parsed: ParsedPayload, variables: Readonly<Record<string, string>>, environment: string, out: MediaFinding[]): void {
  const reference = variableReferencePattern();
  const path: JsonPath = [];
  const report = (value: string) => {
    if (!value.includes('{{')) return;
    let missing = false;
    for (const m of value.matchAll(reference)) missing ||= !own(variables, m[1]);
    if (!missing) return;
    // Search the raw text, not the value, so offsets stay right around escape sequences.
    const node = nodeAt(parsed, path);
    const raw = parsed.text.slice(node.offset, node.offset + node.length);
    for (const m of raw.matchAll(reference)) {
      const name = m[1];
      if (own(variables, name)) continue;
      const offset = node.offset + (m.index ?? 0);
      const { line, column } = positionAt(parsed.text, offset);
      out.push({
        rule: 'undefined-variable',
        severity: 'warning',
        message: `{{${name}}} is not defined in ${environment}, so it can't be filled in when sending.`,
        fixes: [{ title: `Define {{${name}}} in ${environment}…`, defineVariable: name, preferred: true }],
        path: formatPath(path),
        offset,
        length: m[0].length,
        line,
        column,
      });
    }
  };
  const visit = (node: unknown) => {
    if (typeof node === 'string') report(node);
    else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node[i]);
        path.pop();
      }
    } else if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        path.push(key);
        visit((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  visit(parsed.value);
}

export interface MediaCheckContext {
  /** The active environment's variables; undefined when no environment is active (variables aren't checked). */
  readonly variables?: Readonly<Record<string, string>>;
  /** How to name the environment in messages, e.g. `environment "dev"`. */
  readonly environment?: string;
}

/** Every finding on a parsed payload (none when it has syntax errors). */
export function checkMedia(parsed: ParsedPayload, context: MediaCheckContext = {}): MediaFinding[] {
  const out: MediaFinding[] = [];
  if (parsed.problems.length > 0) return out;
  const wa = valueAt(parsed.value, WA_PATH);
  if (isObject(wa)) {
    for (const t of MEDIA_TYPES) {
      if (own(wa, t) && isObject(wa[t])) checkMediaObject(parsed, t, context.variables, out);
    }
  }
  if (context.variables) undefinedVariables(parsed, context.variables, context.environment ?? 'the active environment', out);
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * Fixes for what the schema reports (the editor shows its message; these add the one-click fix):
 * a caption or filename where the type has none, a `type` that doesn't match the media object,
 * and the `mimetype` typo.
 */
export function structuralFixes(parsed: ParsedPayload): FixSite[] {
  const sites: FixSite[] = [];
  if (parsed.problems.length > 0) return sites;
  const wa = valueAt(parsed.value, WA_PATH);
  if (!isObject(wa)) return sites;
  const present = MEDIA_TYPES.filter((t) => own(wa, t) && wa[t] && typeof wa[t] === 'object');
  const type = own(wa, 'type') ? wa.type : undefined;
  if (present.length === 1 && type !== undefined && type !== present[0]) {
    const target = present[0];
    const typeNode = nodeAt(parsed, [...WA_PATH, 'type']);
    const fix = { title: `Set "type" to "${target}"`, edits: setValue(parsed, [...WA_PATH, 'type'], target), preferred: true };
    sites.push({ offset: typeNode.offset, length: typeNode.length, fix });
    const key = nodeAt(parsed, [...WA_PATH, target]).parent?.children?.[0];
    if (key) sites.push({ offset: key.offset, length: key.length, fix });
  }
  for (const t of present) {
    const spec = MEDIA[isMediaType(type) ? type : t];
    const media = wa[t] as Record<string, unknown>;
    if (Array.isArray(media)) continue;
    for (const field of ['caption', 'filename'] as const) {
      if (spec[field] || !own(media, field)) continue;
      const prop = nodeAt(parsed, [...WA_PATH, t, field]).parent;
      if (prop) {
        sites.push({ offset: prop.offset, length: prop.length, fix: { title: `Remove "${field}" (${spec.type} messages have none)`, edits: setValue(parsed, [...WA_PATH, t, field], undefined), preferred: true } });
      }
    }
    if (own(media, 'mimeType')) continue;
    for (const keyName of Object.keys(media)) {
      if (keyName === 'mimeType' || !/^mime[-_]?type$/i.test(keyName)) continue;
      const value = nodeAt(parsed, [...WA_PATH, t, keyName]);
      const key = value.parent?.children?.[0];
      if (!key) continue;
      // Rename by replacing the key's text; the value stays as written.
      const fix = { title: 'Rename to "mimeType"', edits: [{ offset: key.offset, length: key.length, content: '"mimeType"' }], preferred: true };
      sites.push({ offset: key.offset, length: key.length, fix });
      sites.push({ offset: value.offset, length: value.length, fix });
    }
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

/** The media objects of a payload value (url and mimeType as strings), in media-type order. */
export function mediaTargets(value: unknown): MediaTarget[] {
  const wa = (value as { channels?: { 'OTT-Messaging'?: { wa?: Record<string, unknown> } } } | undefined)?.channels?.['OTT-Messaging']?.wa;
  if (!wa || typeof wa !== 'object') return [];
  return MEDIA_TYPES.flatMap((type) => {
    const media = wa[type] as { url?: unknown; mimeType?: unknown } | undefined;
    return media && typeof media.url === 'string' ? [{ type, url: media.url, mimeType: typeof media.mimeType === 'string' ? media.mimeType : '', path: [...WA_PATH, type] }] : [];
  });
}
