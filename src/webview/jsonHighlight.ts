/**
 * JSON cut for highlighting: jsonc-parser's scanner cuts it into tokens, each with the class of its
 * colour. The webview makes each a span whose text is set with textContent, so whatever the JSON
 * holds stays text (no markup is ever parsed). No DOM here: it is tested in plain Node.
 */
import { SyntaxKind, createScanner } from 'jsonc-parser';

interface Token {
  readonly kind: SyntaxKind;
  readonly text: string;
}

function tokens(source: string): Token[] {
  const scanner = createScanner(source, false);
  const out: Token[] = [];
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    out.push({ kind, text: source.slice(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()) });
  }
  return out;
}

const TRIVIA = new Set([SyntaxKind.Trivia, SyntaxKind.LineBreakTrivia]);

/** The class of a token: a string followed by a colon is a property's key. */
function classOf(list: readonly Token[], i: number): string | undefined {
  switch (list[i].kind) {
    case SyntaxKind.StringLiteral: {
      let next = i + 1;
      while (next < list.length && TRIVIA.has(list[next].kind)) next++;
      return list[next]?.kind === SyntaxKind.ColonToken ? 'json-key' : 'json-string';
    }
    case SyntaxKind.NumericLiteral:
      return 'json-number';
    case SyntaxKind.TrueKeyword:
    case SyntaxKind.FalseKeyword:
      return 'json-boolean';
    case SyntaxKind.NullKeyword:
      return 'json-null';
    case SyntaxKind.LineCommentTrivia:
    case SyntaxKind.BlockCommentTrivia:
      return 'json-comment';
    case SyntaxKind.OpenBraceToken:
    case SyntaxKind.CloseBraceToken:
    case SyntaxKind.OpenBracketToken:
    case SyntaxKind.CloseBracketToken:
    case SyntaxKind.CommaToken:
    case SyntaxKind.ColonToken:
      return 'json-punctuation';
    default:
      return undefined;
  }
}

/** A piece of highlighted JSON: its text and, for a token worth a colour, its class. */
export interface JsonPiece {
  readonly text: string;
  readonly cls?: string;
}

/** The source cut into pieces (neighbouring plain text joined); their texts, joined, are exactly the source. */
export function jsonPieces(source: string): JsonPiece[] {
  const list = tokens(source);
  const pieces: JsonPiece[] = [];
  let plain = '';
  list.forEach((token, i) => {
    const cls = classOf(list, i);
    if (!cls) {
      plain += token.text;
      return;
    }
    if (plain) pieces.push({ text: plain });
    plain = '';
    pieces.push({ text: token.text, cls });
  });
  if (plain) pieces.push({ text: plain });
  return pieces;
}
