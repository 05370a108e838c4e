/**
 * Files generated from the media table: the schema, the snippets and the samples.
 * `npm run build` writes them; a unit test fails when a committed copy is out of date.
 */
import { MEDIA, MEDIA_TYPES, mediaSummary } from './media';
import { SCHEMA_FILE, buildSchema } from './schema';
import { SAMPLE_MEDIA_BASE, payloadSnippet, skeletonPayload } from './skeleton';

export const SNIPPETS_FILE = 'snippets/whatsapp.json';

export interface GeneratedFile {
  /** Path relative to the project root, with forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** The snippet prefix of a media type, e.g. `wa-image`. */
export function snippetPrefix(type: string): string {
  return `wa-${type}`;
}

function snippetsFile(): string {
  const snippets: Record<string, unknown> = {};
  for (const t of MEDIA_TYPES) {
    snippets[`WhatsApp ${t} message`] = {
      prefix: snippetPrefix(t),
      description: `Webex Connect WhatsApp ${t} message: ${mediaSummary(MEDIA[t])}`,
      body: payloadSnippet(t).split('\n'),
    };
  }
  return `${JSON.stringify(snippets, null, 2)}\n`;
}

function sampleFile(type: (typeof MEDIA_TYPES)[number]): string {
  const spec = MEDIA[type];
  const header = [
    `// WhatsApp ${type} message (Webex Connect): ${mediaSummary(spec)}.`,
    '// {{WAAppid}} and {{waid}} are variables. Hover any field for its documentation.',
  ];
  return `${header.join('\n')}\n${JSON.stringify(skeletonPayload(type, SAMPLE_MEDIA_BASE), null, 2)}\n`;
}

/** Every generated file with its expected content. */
export function generatedFiles(): GeneratedFile[] {
  return [
    { path: SCHEMA_FILE, content: `${JSON.stringify(buildSchema(), null, 2)}\n` },
    { path: SNIPPETS_FILE, content: snippetsFile() },
    ...MEDIA_TYPES.map((t) => ({ path: `samples/${t}.wa.jsonc`, content: sampleFile(t) })),
  ];
}
