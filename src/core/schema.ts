/**
 * Builds the one JSON schema for Webex Connect WhatsApp message payloads.
 * `npm run build` writes it to schemas/whatsapp-message.schema.json; VS Code validates payload
 * files with that file, and the same file validates a payload before it is sent.
 *
 * The schema speaks the dialect VS Code's JSON service understands (draft-07 plus
 * markdownDescription, markdownEnumDescriptions, errorMessage, patternErrorMessage,
 * defaultSnippets, allowComments, allowTrailingCommas); `schemaExtensionKeywords` lists the
 * additions so a standard validator can be told to ignore them.
 */
import {
  CALLBACK_DATA_MAX_LENGTH,
  CAPTION_MAX_LENGTH,
  MAX_DESTINATIONS,
  MEDIA,
  MEDIA_TYPES,
  MediaSpec,
  MediaType,
  acceptedMimeTypes,
  sizeLimitText,
} from './media';
import { exampleMediaUrl, mediaSnippetBody, payloadSnippetBody } from './skeleton';
import { VARIABLE_REFERENCE_SOURCE } from './variables';

export const SCHEMA_ID = 'https://wxc-tools.github.io/schemas/whatsapp-message.schema.json';
export const SCHEMA_FILE = 'schemas/whatsapp-message.schema.json';

/** Keywords VS Code reads that are not part of draft-07. */
export const schemaExtensionKeywords = [
  'markdownDescription',
  'markdownEnumDescriptions',
  'enumDescriptions',
  'errorMessage',
  'patternErrorMessage',
  'defaultSnippets',
  'allowComments',
  'allowTrailingCommas',
  'doNotSuggest',
] as const;

type Schema = Record<string, unknown>;

const VAR = VARIABLE_REFERENCE_SOURCE;

/** Regex source matching `text` with ASCII letters in any case. */
export function caseInsensitiveSource(text: string): string {
  return [...text]
    .map((c) => {
      if (/[a-z]/i.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
      return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
    })
    .join('');
}

/** An absolute http(s) URL whose parts may hold `{{variables}}`, or one whole variable. */
const URL_SOURCE = `[hH][tT][tT][pP][sS]?://(?:[A-Za-z0-9\\[]|${VAR})(?:[^\\s<>{}"]|${VAR})*`;
export const MEDIA_URL_PATTERN = `^(?:${URL_SOURCE}|${VAR})$`;
export const NOTIFY_URL_PATTERN = `^(?:${URL_SOURCE}|${VAR})?$`;

/** International number without `+` (7–15 digits), a normalized id (`IN.2149…`), or a variable. */
export const WAID_PATTERN = `^(?:[1-9][0-9]{6,14}|[A-Za-z]{2}\\.[A-Za-z0-9_-]+|${VAR})$`;

function mimePattern(spec: MediaSpec): string {
  return `^(?:${acceptedMimeTypes(spec).map(caseInsensitiveSource).join('|')}|${VAR})$`;
}

function codeList(values: readonly string[]): string {
  return values.map((v) => `\`${v}\``).join(', ');
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
      )}, or a {{variable}}. A placeholder such as <your-media-url> is not a URL.`,
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
    defaultSnippets: [
      {
        label: `${t} object`,
        markdownDescription: `A complete \`${t}\` media object.`,
        body: mediaSnippetBody(t),
      },
    ],
  };
}

function typeMatchesObject(t: MediaType): Schema {
  const others = MEDIA_TYPES.filter((o) => o !== t);
  return {
    if: { properties: { type: { const: t } }, required: ['type'] },
    then: {
      required: [t],
      propertyNames: {
        not: { enum: others },
        errorMessage: `"type" is "${t}", so the media object must be "${t}": rename this key to "${t}", or change "type".`,
      },
    },
  };
}

function waSchema(): Schema {
  const properties: Schema = {
    type: {
      type: 'string',
      enum: [...MEDIA_TYPES],
      errorMessage: `"type" must be one of ${MEDIA_TYPES.map((t) => `"${t}"`).join(', ')}, in lower case, matching the media object beside it.`,
      markdownEnumDescriptions: MEDIA_TYPES.map((t) => `${MEDIA[t].title}: ${MEDIA[t].formats}, up to ${sizeLimitText(MEDIA[t])}.`),
      markdownDescription: [
        '**Message type** — mandatory.',
        '',
        `One of ${codeList(MEDIA_TYPES)}. The object with the same name must sit beside it: \`"type": "image"\` goes with \`"image": { … }\`.`,
        'It cannot be a `{{variable}}`: it decides which media object the message carries.',
        '',
        '| type | formats | max size | caption |',
        '|---|---|---|---|',
        ...MEDIA_TYPES.map(
          (t) => `| \`${t}\` | ${MEDIA[t].formats} | ${sizeLimitText(MEDIA[t])} | ${MEDIA[t].caption ? 'yes' : 'no'} |`,
        ),
        '',
        'Example: `"type": "image"`',
      ].join('\n'),
    },
  };
  for (const t of MEDIA_TYPES) properties[t] = { $ref: `#/definitions/${t}` };
  properties.identity_key_hash = {
    type: 'string',
    markdownDescription: [
      "**Identity key hash** — optional.",
      '',
      "Pass the hash of the customer's WhatsApp identity key to have the message sent only if the identity still matches (protects against a changed phone or SIM).",
      '',
      'Example: `"identity_key_hash": "DF2lS5v2W6x="`',
    ].join('\n'),
  };
  return {
    type: 'object',
    markdownDescription: [
      '**The WhatsApp message** — mandatory.',
      '',
      'Holds `type` and the media object of that type (`image`, `audio`, `video`, `document` or `sticker`), and optionally `identity_key_hash`.',
    ].join('\n'),
    required: ['type'],
    properties,
    additionalProperties: false,
    allOf: MEDIA_TYPES.map(typeMatchesObject),
    defaultSnippets: MEDIA_TYPES.map((t) => ({
      label: `${t} message`,
      markdownDescription: `\`type\` and a complete \`${t}\` object: ${MEDIA[t].formats}, up to ${sizeLimitText(MEDIA[t])}.`,
      body: { type: t, [t]: mediaSnippetBody(t) },
    })),
  };
}

function destinationSchema(): Schema {
  const idList = (what: string, item: Schema, example: string): Schema => ({
    type: 'array',
    minItems: 1,
    maxItems: MAX_DESTINATIONS,
    items: item,
    markdownDescription: [what, '', `Example: \`${example}\``].join('\n'),
  });
  return {
    type: 'array',
    minItems: 1,
    maxItems: MAX_DESTINATIONS,
    errorMessage: `"destination" is an array of 1 to ${MAX_DESTINATIONS} recipient objects, e.g. [{ "waid": ["16505551234"] }].`,
    markdownDescription: [
      '**Recipients** — mandatory.',
      '',
      `An array of **1 to ${MAX_DESTINATIONS}** objects, each with a \`waid\` and/or a \`bsuid\` array. More than ${MAX_DESTINATIONS} destinations in one request is rejected with code 7009.`,
      '',
      'Example: `"destination": [ { "waid": ["16505551234"] } ]`',
    ].join('\n'),
    items: {
      type: 'object',
      markdownDescription: 'One recipient: a `waid` array and/or a `bsuid` array (at least one of the two).',
      properties: {
        waid: idList(
          [
            '**WhatsApp ids** — mandatory unless `bsuid` is given.',
            '',
            'The phone number in international form **without `+`**, spaces or dashes (`+1 650-555-1234` → `16505551234`), a normalized id such as `IN.2149372115…`, or a `{{variable}}`.',
          ].join('\n'),
          {
            type: 'string',
            pattern: WAID_PATTERN,
            patternErrorMessage:
              'Write the number in international form with digits only, no "+", spaces or dashes (e.g. "16505551234"), or use a normalized id such as "IN.2149372115…" or a {{variable}}.',
            markdownDescription: 'A WhatsApp id: digits in international form without `+` (e.g. `16505551234`), a normalized id, or a `{{variable}}`.',
          },
          '"waid": ["16505551234"]',
        ),
        bsuid: idList(
          '**Business-scoped user ids** — mandatory unless `waid` is given. Ids that WhatsApp assigns a user for your business.',
          { type: 'string', minLength: 1, markdownDescription: 'A business-scoped user id, or a `{{variable}}`.' },
          '"bsuid": ["{{bsuid}}"]',
        ),
      },
      additionalProperties: false,
      anyOf: [
        { required: ['waid'] },
        { required: ['bsuid'] },
      ],
      defaultSnippets: [{ label: 'waid recipient', body: { waid: ['${1:{{waid\\}\\}}'] } }],
    },
  };
}

/** The whole schema as a plain object. */
export function buildSchema(): Schema {
  const definitions: Schema = {};
  for (const t of MEDIA_TYPES) definitions[t] = mediaObjectSchema(MEDIA[t]);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Webex Connect WhatsApp message (Messaging API v1)',
    markdownDescription: [
      '**Webex Connect WhatsApp message**, sent with `POST https://api.<region>.webexconnect.io/resources/v1/messaging`.',
      '',
      'Mandatory: `deliverychannel`, `appid`, `destination`, `channels.OTT-Messaging.wa`.',
    ].join('\n'),
    allowComments: true,
    allowTrailingCommas: true,
    type: 'object',
    required: ['deliverychannel', 'appid', 'destination', 'channels'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', markdownDescription: 'The schema this file is checked against. Ignored when the message is sent.' },
      deliverychannel: {
        type: 'string',
        pattern: `^(?:whatsapp|${VAR})$`,
        errorMessage: '"deliverychannel" must be "whatsapp" (lower case) for WhatsApp messages.',
        defaultSnippets: [{ label: 'whatsapp', markdownDescription: 'Send over WhatsApp.', body: 'whatsapp' }],
        markdownDescription: ['**Delivery channel** — mandatory.', '', 'Always `"whatsapp"` for these messages.', '', 'Example: `"deliverychannel": "whatsapp"`'].join('\n'),
      },
      appid: {
        type: 'string',
        pattern: '\\S',
        errorMessage: 'Give the WhatsApp application id (Assets → Apps in Webex Connect), or a {{variable}} such as {{WAAppid}}.',
        markdownDescription: [
          '**Application id** — mandatory.',
          '',
          'The id of the WhatsApp app configured in Webex Connect (Assets → Apps). A wrong id is rejected with code 7104.',
          '',
          'Example: `"appid": "{{WAAppid}}"` or `"appid": "a1b2c3d4e5"`',
        ].join('\n'),
      },
      destination: destinationSchema(),
      conversationid: {
        type: 'string',
        markdownDescription: ['**Conversation id** — optional.', '', 'Ties the message to an existing conversation.', '', 'Example: `"conversationid": "{{conversationid}}"`'].join('\n'),
      },
      channels: {
        type: 'object',
        required: ['OTT-Messaging'],
        markdownDescription: '**Channel content** — mandatory. For WhatsApp: `{ "OTT-Messaging": { "wa": { … } } }`.',
        properties: {
          'OTT-Messaging': {
            type: 'object',
            required: ['wa'],
            markdownDescription: '**Over-the-top messaging content** — mandatory. Holds the WhatsApp message in `wa`.',
            properties: { wa: waSchema() },
          },
        },
      },
      correlationid: {
        type: 'string',
        markdownDescription: [
          '**Correlation id** — optional.',
          '',
          'Your own reference for this request; it is echoed in the delivery reports.',
          '',
          'Example: `"correlationid": "order-4711"`',
        ].join('\n'),
      },
      callbackData: {
        type: 'string',
        maxLength: CALLBACK_DATA_MAX_LENGTH,
        errorMessage: `"callbackData" is text of at most ${CALLBACK_DATA_MAX_LENGTH} characters.`,
        markdownDescription: [
          '**Callback data** — optional.',
          '',
          `Any text up to **${CALLBACK_DATA_MAX_LENGTH} characters**, sent back to you with the delivery reports on \`notifyurl\`.`,
          '',
          'Example: `"callbackData": "campaign=spring"`',
        ].join('\n'),
      },
      notifyurl: {
        type: 'string',
        pattern: NOTIFY_URL_PATTERN,
        patternErrorMessage: 'Use an absolute https:// URL, a {{variable}}, or an empty string. An invalid URL gets no delivery reports and no retries.',
        markdownDescription: [
          '**Delivery report URL** — optional.',
          '',
          'Webex Connect POSTs the delivery reports (Submitted, Delivered, Read, Failed) here. A valid URL or a `{{variable}}`; with an invalid one the request is not eligible for retries.',
          'Reports are retried 3 times, 60 s apart, with a 10 s timeout.',
          '',
          'Example: `"notifyurl": "https://hooks.example.com/wxc/status"`',
        ].join('\n'),
      },
      notifyurlAuthId: {
        type: 'string',
        markdownDescription: ['**Notify URL authentication id** — optional.', '', 'The id of the authentication profile Webex Connect uses when it calls `notifyurl`.'].join('\n'),
      },
      options: {
        type: 'object',
        markdownDescription: [
          '**Options** — optional.',
          '',
          'Link handling for links in the message: `trackClicks`, `shortenLinks`, `domain`, `tag1`…, `allowFallbackURL`.',
        ].join('\n'),
      },
    },
    definitions,
    defaultSnippets: MEDIA_TYPES.map((t) => ({
      label: `WhatsApp ${t} message`,
      markdownDescription: `A complete ${t} message payload: ${MEDIA[t].formats}, up to ${sizeLimitText(MEDIA[t])}.`,
      body: payloadSnippetBody(t),
    })),
  };
}
