/** Payload builders shared by the unit tests. */
import { MediaType } from '../../../src/core/media/table';
import { skeletonPayload } from '../../../src/core/messages/scaffold';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

/** A valid payload of `type`, changed by `edit`. */
export function payload(type: MediaType, edit: (p: Payload, media: Payload, wa: Payload) => void = () => undefined): Payload {
  const p = structuredClone(skeletonPayload(type)) as Payload;
  const wa = p.channels['OTT-Messaging'].wa;
  edit(p, wa[type], wa);
  return p;
}

export const text = (p: Payload): string => JSON.stringify(p, null, 2);

/** A payload of a kind as the scaffold makes it, changed by `edit`, as text. */
export function kindPayload(kind: string, edit: (p: Payload, wa: Payload) => void = () => undefined): string {
  const p = structuredClone(skeletonPayload(kind)) as Payload;
  edit(p, p.channels?.['OTT-Messaging']?.wa);
  return text(p);
}

/** The payload's `wa` object, untyped for tests to reach into (src/core/payload/envelope's waOf checks its shape). */
export const waOf = (p: Payload) => p.channels['OTT-Messaging'].wa;

/** An environment's variables: the skeletons' {{WAAppid}} and {{waid}}. */
export const vars = { WAAppid: 'app-123', waid: '447700900123' };

/** Resolves snippet syntax the way VS Code does when every placeholder keeps its default. */
export function expandSnippet(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\,|'.includes(snippet[i + 1])) {
      out += snippet[++i];
    } else if (c === '$' && snippet[i + 1] === '{') {
      const m = /^\$\{(\d+)([:|])/.exec(snippet.slice(i));
      if (!m) throw new Error(`bad snippet at ${i}: ${snippet.slice(i, i + 20)}`);
      i += m[0].length;
      if (m[2] === '|') {
        const end = snippet.indexOf('|}', i);
        out += snippet.slice(i, end).split(',')[0];
        i = end + 1;
      } else {
        let value = '';
        while (snippet[i] !== '}') {
          if (snippet[i] === '\\') i++;
          value += snippet[i++];
        }
        out += value;
      }
    } else if (c === '$' && /\d/.test(snippet[i + 1])) {
      i++;
    } else {
      out += c;
    }
  }
  return out;
}
