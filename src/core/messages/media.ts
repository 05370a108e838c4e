/**
 * The five media kinds (image, audio, video, document, sticker), from the media table in
 * src/core/media/table.ts. Their checks beyond the schema (URL extension against mimeType, hosts,
 * file names) live in src/core/checks/media.ts.
 */
import { CAPTION_MAX_LENGTH, MEDIA, MEDIA_TYPES, MediaSpec, acceptedMimeTypes, mediaSummary, sizeLimitText } from '../media/table';
import { MEDIA_URL_PATTERN, caseInsensitiveSource } from '../payload/patterns';
import { VARIABLE_REFERENCE_SOURCE as VAR } from '../payload/variables';
import { mediaTile } from './bubbleParts';
import { Json, MessageKind, Schema, Stops } from './kind';

/**
 * The URL the scaffolds put in: a placeholder host (reserved for examples) that the media checks
 * flag until the user types the real link; its extension matches the first MIME type.
 */
export function exampleMediaUrl(spec: MediaSpec): string {
  return `https://cdn.example.com/media/${spec.exampleFile}`;
}

export const DEFAULT_CAPTION = 'Caption text';

/** A media object as a scaffold: URL, MIME type, caption and filename where the type has them. */
export function mediaScaffold(spec: MediaSpec, stops: Stops, mediaBase?: string): { [key: string]: Json } {
  const body: { [key: string]: Json } = {
    url: stops.text(mediaBase ? new URL(spec.exampleFile, mediaBase).href : exampleMediaUrl(spec)),
    mimeType: stops.choice(spec.mimeTypes.map((m) => m.mime)),
  };
  if (spec.caption) body.caption = stops.text(DEFAULT_CAPTION);
  if (spec.filename) body.filename = stops.text(spec.exampleFile);
  return body;
}

function mimePattern(spec: MediaSpec): string {
  return `^(?:${acceptedMimeTypes(spec).map(caseInsensitiveSource).join('|')}|${VAR})$`;
}


function extensionsOf(spec: MediaSpec): string[] {
  return spec.mimeTypes.flatMap((m) => m.extensions.map((e) => `.${e}`));
}

function mimeTable(spec: MediaSpec): string {
  const rows = spec.mimeTypes.map((m) => `| \`${m.mime}\` | ${m.label} | ${m.extensions.map((e) => `.${e}`).join(' ')} |`);
  return ['| MIME type | format | URL ends in |', '|---|---|---|', ...rows].join('\n');
}

function limitsLine(spec: MediaSpec): string {
  return `Up to **${sizeLimitText(spec)}**; ${spec.formatNotes}.`;
}

function mimeErrorMessage(spec: MediaSpec): string {
  return `WhatsApp accepts only these MIME types for ${spec.type}: ${spec.mimeTypes
    .map((m) => m.mime)
    .join(', ')} (any letter case), or a {{variable}}.`;
}

function mediaObjectSchema(spec: MediaSpec): Schema {
  const t = spec.type;
  const mimeDescriptions = spec.mimeTypes.map((m) => `${m.label}: URL ends in ${m.extensions.map((e) => `\`.${e}\``).join(' or ')}.`);
  const aliasNote = Object.entries(spec.aliases)
    .map(([alias, canonical]) => ` \`${alias}\` is accepted too (it means \`${canonical}\`).`)
    .join('');
  const properties: Schema = {
    url: {
      type: 'string',
      pattern: MEDIA_URL_PATTERN,
      patternErrorMessage: `Put a direct, public https:// link to the ${t} file here, ending in ${extensionsOf(spec).join(
        ', ',
      )}, or a {{variable}}. A placeholder such as <your-media-url> is not a URL; spaces and other special characters must be percent-encoded (%20).`,
      markdownDescription: [
        `**Media URL** — mandatory.`,
        '',
        `A direct, public link to the ${t} file. WhatsApp's servers download it, so it must not need a login, must not be geo-restricted and must be reachable from the USA.`,
        `The path must **end in the file extension of \`mimeType\`** (${extensionsOf(spec).join(', ')}); a query string after it is fine.`,
        `Accepts a \`{{variable}}\`, whole or inside the URL.`,
        '',
        `Example: \`"url": "${exampleMediaUrl(spec)}"\``,
      ].join('\n'),
    },
    mimeType: {
      type: 'string',
      errorMessage: mimeErrorMessage(spec),
      markdownDescription: [
        `**MIME type** of the ${t} — mandatory.`,
        '',
        mimeTable(spec),
        '',
        `${limitsLine(spec)} Letter case is ignored (the docs' own samples write \`image/WEBP\`).${aliasNote}`,
        '',
        `Example: \`"mimeType": "${spec.mimeTypes[0].mime}"\``,
      ].join('\n'),
      // A pattern, not an enum: the API takes any letter case, and inside anyOf VS Code would
      // replace our message with its own "Value is not accepted". Completions come from defaultSnippets.
      pattern: mimePattern(spec),
      patternErrorMessage: mimeErrorMessage(spec),
      defaultSnippets: spec.mimeTypes.map((m, i) => ({
        label: m.mime,
        markdownDescription: mimeDescriptions[i],
        body: m.mime,
      })),
    },
  };
  if (spec.caption) {
    properties.caption = {
      type: 'string',
      maxLength: CAPTION_MAX_LENGTH,
      errorMessage: `A caption is text of at most ${CAPTION_MAX_LENGTH} characters.`,
      markdownDescription: [
        `**Caption** shown under the ${t} — optional.`,
        '',
        `At most **${CAPTION_MAX_LENGTH} characters**. WhatsApp formatting (\`*bold*\`, \`_italic_\`) and \`{{variables}}\` work.`,
        '',
        `Example: \`"caption": "Your order has shipped"\``,
      ].join('\n'),
    };
  } else {
    properties.caption = {
      not: {},
      errorMessage: `WhatsApp shows no caption on ${t} messages: remove "caption" (it is allowed on image, video and document only).`,
      markdownDescription: `**Not allowed** on ${t} messages: WhatsApp shows captions on image, video and document messages only.`,
      doNotSuggest: true,
    };
  }
  if (spec.filename) {
    properties.filename = {
      type: 'string',
      pattern: '\\S',
      errorMessage: 'Give the document a file name, e.g. "invoice.pdf", or leave "filename" out.',
      markdownDescription: [
        '**File name** the recipient sees — optional, but without it the document arrives unnamed.',
        '',
        'Include the extension that matches `mimeType`: WhatsApp picks the document icon from it.',
        '',
        `Example: \`"filename": "${spec.exampleFile}"\``,
      ].join('\n'),
    };
  } else {
    properties.filename = {
      not: {},
      errorMessage: `"filename" belongs to document messages only: remove it from this ${t}.`,
      markdownDescription: `**Not allowed** on ${t} messages: only documents carry a file name.`,
      doNotSuggest: true,
    };
  }
  return {
    type: 'object',
    markdownDescription: [
      `**The ${t}** — mandatory when \`type\` is \`"${t}"\`.`,
      '',
      mimeTable(spec),
      '',
      limitsLine(spec),
      `Caption: ${spec.caption ? `yes, up to ${CAPTION_MAX_LENGTH} characters` : '**no**'}. File name: ${spec.filename ? 'yes' : 'no'}.`,
    ].join('\n'),
    required: ['url', 'mimeType'],
    properties,
    patternProperties: {
      // The typo the docs invite (`mimetype`, `MimeType`, `mime_type`) gets a message that names the fix.
      '^(?!mimeType$)[mM][iI][mM][eE][-_]?[tT][yY][pP][eE]$': {
        not: {},
        errorMessage: 'Keys are case-sensitive: write "mimeType" (capital T).',
        doNotSuggest: true,
      },
    },
    additionalProperties: false,
  };
}


function mediaKind(spec: MediaSpec): MessageKind {
  return {
    id: spec.type,
    title: spec.title,
    group: 'Media',
    summary: mediaSummary(spec),
    icon: MEDIA_ICONS[spec.type],
    placement: 'wa',
    contentSchema: () => mediaObjectSchema(spec),
    scaffold: (stops, mediaBase) => mediaScaffold(spec, stops, mediaBase),
    preview: (input) => ({ kind: 'media', ...mediaTile(input, spec.type, input.wa?.[spec.type], 'url', spec.caption ? CAPTION_MAX_LENGTH : undefined) }),
  };
}

const MEDIA_ICONS: Record<string, string> = { image: 'file-media', audio: 'unmute', video: 'device-camera-video', document: 'file-pdf', sticker: 'smiley' };

export const MEDIA_KINDS: readonly MessageKind[] = MEDIA_TYPES.map((t) => mediaKind(MEDIA[t]));
