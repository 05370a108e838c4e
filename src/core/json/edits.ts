/** Text edits to a JSON document: the one way a fix changes a payload (jsonc-parser's modify, formatted as the scaffolds are). */
import { modify } from 'jsonc-parser';
import type { JsonPath } from './jsonc';

export interface TextEditSpec {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** The edits that set the value at `path` of a JSON text (undefined removes it), formatted as the scaffolds are. */
export function setValueIn(text: string, path: JsonPath, value: unknown): TextEditSpec[] {
  return modify(text, path, value, FORMAT);
}
