/**
 * Parsing payload text (JSON with comments and trailing commas) into a value and a tree that
 * can say where any part of it is, for messages with line and column.
 */
import { Node, ParseError, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';

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
  /** Undefined when the text has syntax errors. */
  readonly tree: Node | undefined;
  readonly value: unknown;
  readonly problems: Problem[];
}

/** Line starts, for turning offsets into line/column. */
function lineStarts(text: string): number[] {
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

const SYNTAX_HINTS: Partial<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected after the property name',
  CommaExpected: 'a comma was expected between entries',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the text goes on after the payload ended',
  InvalidCommentToken: 'a comment was not closed',
  UnexpectedEndOfComment: 'a comment was not closed',
  UnexpectedEndOfString: 'a string was not closed with "',
  UnexpectedEndOfNumber: 'a number was cut off',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape after \\',
  InvalidCharacter: 'a control character inside a string (write it as an escape, e.g. \\n)',
};

/** Parses payload text. Syntax errors come back as located problems; nothing throws. */
export function parsePayload(text: string): ParsedPayload {
  // A BOM is invisible in editors; jsonc-parser would call it an invalid symbol.
  const body = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const starts = lineStarts(text);
  const problems: Problem[] = errors.map((e) => {
    const code = printParseErrorCode(e.error);
    const { line, column } = positionAt(text, e.offset, starts);
    return {
      message: `Syntax error at line ${line}, column ${column}: ${SYNTAX_HINTS[code] ?? code}.`,
      path: '',
      offset: e.offset,
      length: e.length,
      line,
      column,
    };
  });
  if (!tree && problems.length === 0) {
    problems.push({ message: 'The payload is empty: write a JSON object, or run "New WhatsApp Message…".', path: '', offset: 0, length: 0, line: 1, column: 1 });
  }
  if (problems.length > 0) return { text, tree: undefined, value: undefined, problems };
  return { text, tree, value: tree ? getNodeValue(tree) : undefined, problems };
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
  return `line ${p.line}, column ${p.column}${p.path ? ` (${p.path})` : ''}: ${p.message}`;
}
