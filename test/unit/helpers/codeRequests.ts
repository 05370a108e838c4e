/** What the Copy as Code tests share: a text message whose body has every character a literal can get wrong. */
import { kindPayload, vars } from './payloads';
import { prepareMessage, type PreparedMessage } from '../../../src/core/send/prepare';

/**
 * Quotes, a backslash, shell and template expansions, a format directive, a newline, a CR, a tab,
 * Unicode's line separators (C# ends a line at U+0085, U+2028, U+2029), non-ASCII (Arabic, CJK),
 * an emoji, a PHP closing tag, triple quotes, a literal `\u`.
 */
export const TRICKY_TEXT = `it's "quoted" \\ back \${x} $(rm -rf /tmp/nothing) \`id\` $HOME %s %d {0} \n next line\ttab\r\n é ü 中文 😀 مرحبا \u2028\u2029\u0085 ?> """ \\u0041 </script>`;

/** The tricky text as a prepared text message (variables filled in, comments gone), as Send would post it. */
export function trickyPrepared(): PreparedMessage {
  const text = `// a comment that must not be sent\n${kindPayload('text', (_p, wa) => {
    wa.text.body = TRICKY_TEXT;
  })}`;
  const prepared = prepareMessage(text, vars);
  if (!prepared.ok) throw new Error(`the tricky payload does not prepare: ${prepared.summary}`);
  return prepared;
}
