/**
 * What Webex Connect (and WhatsApp behind it) accepts for each media message type.
 * Source: ../shared/reference/webex-connect-whatsapp.md, "Media messages".
 * The schema, the snippets, the quick pick and later the media checks all read this table.
 */
import { t } from '../text/l10n';

export const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MimeSpec {
  /** The canonical MIME type, as WhatsApp documents it. */
  readonly mime: string;
  /** File extensions (lower case, no dot) that a URL of this MIME type ends in; the first is preferred. */
  readonly extensions: readonly string[];
  /** A short human label, e.g. "JPEG". */
  readonly label: string;
}

export interface MediaSpec {
  readonly type: MediaType;
  /** Capitalised name for menus. */
  readonly title: string;
  readonly mimeTypes: readonly MimeSpec[];
  /**
   * Non-canonical spellings seen in the official samples and accepted by the API
   * (matched case-insensitively like everything else), mapped to their canonical value.
   */
  readonly aliases: Readonly<Record<string, string>>;
  /** Largest file WhatsApp accepts, in bytes. */
  readonly maxBytes: number;
  /** Larger limit for animated files (stickers only). */
  readonly animatedMaxBytes?: number;
  /** Whether WhatsApp shows a caption with this type. */
  readonly caption: boolean;
  /** Whether the type carries a file name (documents only). */
  readonly filename: boolean;
  /** The formats in a few words, for menus: "JPEG or PNG". */
  readonly formats: string;
  /** Format notes beyond the MIME type (codecs, dimensions). */
  readonly formatNotes: string;
  /** File name used by the scaffolds' example URL. */
  readonly exampleFile: string;
}

const MB = 1024 * 1024;
const KB = 1024;

/** Maximum caption length for image, video and document messages. */
export const CAPTION_MAX_LENGTH = 1024;
/** Maximum number of destinations in one request (more gives code 7009). */
export const MAX_DESTINATIONS = 1000;
/** Maximum length of callbackData. */
export const CALLBACK_DATA_MAX_LENGTH = 2000;

export const MEDIA: Readonly<Record<MediaType, MediaSpec>> = {
  image: {
    type: 'image',
    formats: 'JPEG or PNG',
    title: 'Image',
    mimeTypes: [
      { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG' },
      { mime: 'image/png', extensions: ['png'], label: 'PNG' },
    ],
    aliases: { 'image/jpg': 'image/jpeg' },
    maxBytes: 5 * MB,
    caption: true,
    filename: false,
    formatNotes: '8-bit RGB or RGBA',
    exampleFile: 'photo.jpg',
  },
  audio: {
    type: 'audio',
    formats: 'AAC, M4A, MP3, AMR or OGG/Opus',
    title: 'Audio',
    mimeTypes: [
      { mime: 'audio/aac', extensions: ['aac'], label: 'AAC' },
      { mime: 'audio/mp4', extensions: ['m4a', 'mp4'], label: 'MP4 audio' },
      { mime: 'audio/mpeg', extensions: ['mp3'], label: 'MP3' },
      { mime: 'audio/amr', extensions: ['amr'], label: 'AMR' },
      { mime: 'audio/ogg', extensions: ['ogg', 'opus'], label: 'OGG (Opus codec only)' },
    ],
    aliases: {},
    maxBytes: 16 * MB,
    caption: false,
    filename: false,
    formatNotes: 'OGG only with the Opus codec; base OGG is not supported',
    exampleFile: 'voice-note.aac',
  },
  video: {
    type: 'video',
    formats: 'MP4 or 3GPP',
    title: 'Video',
    mimeTypes: [
      { mime: 'video/mp4', extensions: ['mp4'], label: 'MP4' },
      { mime: 'video/3gpp', extensions: ['3gp', '3gpp'], label: '3GPP' },
    ],
    aliases: {},
    maxBytes: 16 * MB,
    caption: true,
    filename: false,
    formatNotes: 'H.264 video with AAC audio, one audio stream or none',
    exampleFile: 'clip.mp4',
  },
  document: {
    type: 'document',
    formats: 'PDF, TXT, DOC(X), XLS(X) or PPT(X)',
    title: 'Document',
    mimeTypes: [
      { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
      { mime: 'text/plain', extensions: ['txt'], label: 'Plain text' },
      { mime: 'application/msword', extensions: ['doc'], label: 'Word (DOC)' },
      {
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extensions: ['docx'],
        label: 'Word (DOCX)',
      },
      { mime: 'application/vnd.ms-excel', extensions: ['xls'], label: 'Excel (XLS)' },
      {
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extensions: ['xlsx'],
        label: 'Excel (XLSX)',
      },
      { mime: 'application/vnd.ms-powerpoint', extensions: ['ppt'], label: 'PowerPoint (PPT)' },
      {
        mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        extensions: ['pptx'],
        label: 'PowerPoint (PPTX)',
      },
    ],
    aliases: {},
    maxBytes: 100 * MB,
    caption: true,
    filename: true,
    formatNotes: 'the recipient sees the filename; its extension picks the icon',
    exampleFile: 'invoice.pdf',
  },
  sticker: {
    type: 'sticker',
    formats: 'WebP 512×512',
    title: 'Sticker',
    mimeTypes: [{ mime: 'image/webp', extensions: ['webp'], label: 'WebP' }],
    aliases: {},
    maxBytes: 100 * KB,
    animatedMaxBytes: 500 * KB,
    caption: false,
    filename: false,
    formatNotes: '512×512 pixels',
    exampleFile: 'sticker.webp',
  },
};

/** Formats a byte count the way the docs write limits: "5 MB", "100 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= KB && bytes % KB === 0) return `${bytes / KB} KB`;
  return t('{0} bytes', bytes);
}

/** The formats of a media type as a phrase ("JPEG or PNG"), in the user's language: the table's text is its key. */
export function mediaFormats(spec: MediaSpec): string {
  return t(spec.formats);
}

/** The size limit of a media type as a phrase, e.g. "100 KB static, 500 KB animated". */
export function sizeLimitText(spec: MediaSpec): string {
  return spec.animatedMaxBytes === undefined
    ? formatBytes(spec.maxBytes)
    : `${formatBytes(spec.maxBytes)} static, ${formatBytes(spec.animatedMaxBytes)} animated`;
}

/** One line for menus: "JPEG or PNG, up to 5 MB, with caption". */
export function mediaSummary(spec: MediaSpec): string {
  const extras = [spec.caption ? 'caption' : 'no caption'];
  if (spec.filename) extras.push('filename');
  return `${spec.formats}, up to ${sizeLimitText(spec)}, ${extras.join(' and ')}`;
}

/** Whether a string is one of the five media types. */
export function isMediaType(value: unknown): value is MediaType {
  return typeof value === 'string' && (MEDIA_TYPES as readonly string[]).includes(value);
}

/** Every MIME spelling accepted for a type (canonical first, then aliases), lower case. */
export function acceptedMimeTypes(spec: MediaSpec): string[] {
  return [...spec.mimeTypes.map((m) => m.mime), ...Object.keys(spec.aliases)];
}
