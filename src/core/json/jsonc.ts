/**
 * Parsing payload text (JSON with comments and trailing commas) into a value and a tree that
 * can say where any part of it is, for messages with line and column.
 */
import { Node, ParseError, ScanError, SyntaxKind, createScanner, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { t } from '../text/l10n';

/** A problem with a place in the text. Lines and columns are 1-based, as editors show them. */
export interface Problem {
  readonly message: string;
  /** Where in the payload, as a dotted path (`channels.OTT-Messaging.wa.image.url`); '' for the whole. */
  readonly path: string;
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
}

/** JSON path segments, as jsonc-parser uses them. */
export type JsonPath = (string | number)[];

export interface ParsedPayload {
  readonly text: string;
  /** The syntax tree, for finding where things are; undefined when the text has problems. Built on first use for text JSON.parse read. */
  readonly tree: Node | undefined;
  readonly value: unknown;
  readonly problems: Problem[];
}

/** Line starts, for turning offsets into line/column (see positionAt). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

/** Converts an offset to a 1-based line and column. */
export function positionAt(text: string, offset: number, starts = lineStarts(text)): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** `['channels', 'OTT-Messaging', 'wa']` → `channels.OTT-Messaging.wa`; indices as `[0]`. */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** What a jsonc-parser error code means, in the user's words; the code itself when unknown. */
function syntaxHint(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return t('unexpected character');
    case 'InvalidNumberFormat':
      return t('invalid number');
    case 'PropertyNameExpected':
      return t('a property name in double quotes was expected');
    case 'ValueExpected':
      return t('a value was expected');
    case 'ColonExpected':
      return t('a colon was expected after the property name');
    case 'CommaExpected':
      return t('a comma was expected between entries');
    case 'CloseBraceExpected':
      return t('a closing } was expected');
    case 'CloseBracketExpected':
      return t('a closing ] was expected');
    case 'EndOfFileExpected':
      return t('the text goes on after the payload ended');
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return t('a comment was not closed');
    case 'UnexpectedEndOfString':
      return t('a string was not closed with "');
    case 'UnexpectedEndOfNumber':
      return t('a number was cut off');
    case 'InvalidUnicode':
      return t('an invalid \\u escape');
    case 'InvalidEscapeCharacter':
      return t('an invalid escape after \\');
    case 'InvalidCharacter':
      return t('a control character inside a string (write it as an escape, e.g. \\n)');
    default:
      return code;
  }
}

const TRIVIA = new Set([SyntaxKind.Trivia, SyntaxKind.LineBreakTrivia, SyntaxKind.LineCommentTrivia, SyntaxKind.BlockCommentTrivia]);

/**
 * Whether a text is a payload yet: its first token after whitespace and comments is `{` (an object,
 * complete or being written). Empty text, only comments, or JSON of another kind (an array, a
 * string) is not; a BOM is skipped.
 */
export function startsAsObject(text: string): boolean {
  const scanner = createScanner(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, false);
  let kind = scanner.scan();
  while (TRIVIA.has(kind)) kind = scanner.scan();
  return kind === SyntaxKind.OpenBraceToken;
}

/** Larger texts are refused before parsing: a payload with 1000 destinations is about 60 KB. */
export const MAX_PAYLOAD_CHARS = 8 * 1024 * 1024;
/** Deeper nesting is refused before parsing (a payload is about 8 levels deep; the parser recurses). */
export const MAX_DEPTH = 64;

/**
 * A problem at an offset. Its message never names the place: an editor draws it there, and
 * `describeProblem` writes it once in front ("line 3, column 7: …").
 */
function problemAt(text: string, offset: number, message: string, length = 0): Problem {
  const { line, column } = positionAt(text, offset);
  return { message, path: '', offset, length, line, column };
}

function tooLarge(text: string): Problem | undefined {
  if (text.length <= MAX_PAYLOAD_CHARS) return undefined;
  return problemAt(
    text,
    0,
    t('The file is {0} MB of text; a message payload is at most a few hundred KB (1000 destinations are about 60 KB). Is this the right file?', (text.length / 1024 / 1024).toFixed(1)),
  );
}

/** What makes a text unparseable as a payload before the parser sees it: binary data, depth, nothing there. */
function precheck(text: string): Problem | undefined {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return problemAt(text, nul, t('The file holds binary data (a NUL byte); a payload is JSON text.'), 1);
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const scanner = createScanner(bom ? text.slice(1) : text, false);
  let depth = 0;
  let kind = scanner.scan();
  let unclosedComment = false;
  while (TRIVIA.has(kind)) {
    unclosedComment ||= scanner.getTokenError() !== ScanError.None;
    kind = scanner.scan();
  }
  // Only whitespace and comments (an unclosed comment is the parser's to explain): nothing to send.
  if (kind === SyntaxKind.EOF && !unclosedComment) {
    return problemAt(text, 0, t('The payload is empty: write a JSON object, or run "New WhatsApp Message…".'));
  }
  for (; kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_DEPTH) return problemAt(text, scanner.getTokenOffset() + bom, t('Nested more than {0} levels deep; a payload is a handful of levels deep.', MAX_DEPTH), 1);
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth--;
    }
  }
  return undefined;
}

/** Keys that appear twice in one object (JSON keeps only the last, silently). */
function duplicateKeys(text: string, tree: Node): Problem[] {
  const problems: Problem[] = [];
  const stack: Node[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (key && seen.has(key.value as string)) {
          problems.push({ ...problemAt(text, key.offset, t('Duplicate key "{0}": JSON keeps only the last one. Remove one of them.', String(key.value)), key.length) });
        }
        if (key) seen.add(key.value as string);
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return problems.sort((a, b) => a.offset - b.offset);
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}

/** Counts keys and the colons inside strings (keys' and values'); false when nested deeper than MAX_DEPTH. */
function measure(node: unknown, depth: number, counts: { keys: number; colons: number }): boolean {
  if (typeof node === 'string') {
    counts.colons += countColons(node);
    return true;
  }
  if (node === null || typeof node !== 'object') return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (!measure(node[i], depth + 1, counts)) return false;
    return true;
  }
  // for…in allocates no key list; an enumerable property inherited from a tampered Object.prototype
  // would only add to the count and send the text to the full parse.
  for (const key in node) {
    counts.keys++;
    counts.colons += countColons(key);
    if (!measure((node as Record<string, unknown>)[key], depth + 1, counts)) return false;
  }
  return true;
}

/**
 * The one shortcut, kept because the send figure needs it (docs/performance.md): text that
 * JSON.parse reads as it is gets JSON.parse's value, unless the full parse would have something
 * to say: nesting deeper than MAX_DEPTH, or a key written twice in one object (JSON.parse keeps
 * the last silently). Duplicates show as more keys in the text than in the value; the keys in the
 * text are its colons outside strings, that is all its colons less those inside the parsed
 * strings (a `\u003a` escape would spoil that count, so a text holding one takes the full parse).
 * Comments and trailing commas take the full parse.
 */
function strictParse(body: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (body.includes('\\u003a') || body.includes('\\u003A')) return undefined;
  const counts = { keys: 0, colons: 0 };
  if (!measure(value, 1, counts)) return undefined;
  return countColons(body) - counts.colons === counts.keys ? { value } : undefined;
}

/** A payload JSON.parse read: the tree is built when first asked for (to place a finding), from the same text. */
class LazilyTreed implements ParsedPayload {
  readonly problems: Problem[] = [];
  private node: Node | undefined;

  constructor(
    readonly text: string,
    /** The text as the parser reads it (a BOM turned into a space). */
    private readonly body: string,
    readonly value: unknown,
  ) {}

  get tree(): Node | undefined {
    return (this.node ??= parseTree(this.body, undefined, PARSE_OPTIONS));
  }
}

/** A stretch of the text. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** Where a value is; for a property's value also its key and the whole property (key to value). */
export interface Place extends Span {
  readonly key?: Span;
  readonly property?: Span;
}

const pathKey = (path: JsonPath) => JSON.stringify(path);

function placeOfNode(node: Node): Place {
  const prop = node.parent?.type === 'property' ? node.parent : undefined;
  const key = prop?.children?.[0];
  return {
    offset: node.offset,
    length: node.length,
    ...(prop && key ? { key: { offset: key.offset, length: key.length }, property: { offset: prop.offset, length: prop.length } } : {}),
  };
}

/** Finds where each of `paths` is, and returns the lookup (undefined for a path that leads nowhere). */
export function placesOf(parsed: ParsedPayload, paths: readonly JsonPath[]): (path: JsonPath) => Place | undefined {
  const found = new Map<string, Place>();
  const tree = parsed.tree;
  if (tree) {
    for (const path of paths) {
      const node = findNodeAtLocation(tree, path);
      if (node) found.set(pathKey(path), placeOfNode(node));
    }
  }
  return (path) => found.get(pathKey(path));
}

/**
 * Parses payload text with jsonc-parser (comments and trailing commas allowed); text JSON.parse
 * reads as it is takes JSON.parse (see strictParse). Syntax errors, duplicate keys and text
 * refused before parsing come back as located problems; nothing throws.
 */
export function parsePayload(text: string): ParsedPayload {
  const huge = tooLarge(text);
  if (huge) return { text, tree: undefined, value: undefined, problems: [huge] };
  // A BOM is invisible in editors; jsonc-parser would call it an invalid symbol.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const strict = strictParse(body);
  if (strict) return new LazilyTreed(text, body, strict.value);
  const refused = precheck(text);
  if (refused) return { text, tree: undefined, value: undefined, problems: [refused] };
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, PARSE_OPTIONS);
  if (errors.length > 0) {
    const starts = lineStarts(text);
    const problems = errors.map((e): Problem => {
      const { line, column } = positionAt(text, e.offset, starts);
      return { message: t('Syntax error: {0}.', syntaxHint(printParseErrorCode(e.error))), path: '', offset: e.offset, length: e.length, line, column };
    });
    return { text, tree: undefined, value: undefined, problems };
  }
  const duplicates = tree ? duplicateKeys(text, tree) : [];
  if (duplicates.length > 0) return { text, tree: undefined, value: undefined, problems: duplicates };
  return { text, tree, value: tree ? getNodeValue(tree) : undefined, problems: [] };
}

/**
 * Locates a path in the tree: the value's node, or for a missing property the nearest existing
 * parent. `key: true` prefers the property's key (where editors underline unknown keys).
 */
export function locate(parsed: ParsedPayload, path: JsonPath, message: string, key = false): Problem {
  let node: Node | undefined;
  let depth = path.length;
  while (parsed.tree && !node && depth >= 0) {
    node = findNodeAtLocation(parsed.tree, path.slice(0, depth));
    if (!node) depth--;
  }
  if (node && key && depth === path.length && node.parent?.type === 'property' && node.parent.children?.[0]) {
    node = node.parent.children[0];
  }
  const offset = node?.offset ?? 0;
  const length = node?.length ?? 0;
  const { line, column } = positionAt(parsed.text, offset);
  return { message, path: formatPath(path), offset, length, line, column };
}

/** One line per problem: `line 4, column 12 (destination[0].waid[0]): message`. */
export function describeProblem(p: Problem): string {
  return p.path ? t('line {0}, column {1} ({2}): {3}', p.line, p.column, p.path, p.message) : t('line {0}, column {1}: {2}', p.line, p.column, p.message);
}
