/** Rich text (the preview's bubbles) as strings easy to write by hand. */
import { RichText } from '../../../src/core/messages/bubble';

/** The segments as `text{var name}{over}{b}{i}`, e.g. `Hi `, `Ada{b}`. */
export function segs(r: RichText | undefined): string[] {
  return (r?.segments ?? []).map((s) => `${s.text}${s.variable ? `{var ${s.variable}}` : ''}${s.over ? '{over}' : ''}${s.bold ? '{b}' : ''}${s.italic ? '{i}' : ''}`);
}
