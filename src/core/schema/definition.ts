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
import { CALLBACK_DATA_MAX_LENGTH, MAX_DESTINATIONS } from '../media/table';
import { MESSAGE_KINDS, MessageKind, WA_KINDS } from '../messages';
import { SnippetStops } from '../messages/kind';
import { NOTIFY_URL_PATTERN, WAID_PATTERN } from '../payload/patterns';
import { contentSnippetBody } from '../messages/scaffold';
import { NOTIFY_URL_VARIABLE, VARIABLE_REFERENCE_SOURCE } from '../payload/variables';


const SCHEMA_ID = 'https://wxc-tools.github.io/schemas/whatsapp-message.schema.json';
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

function typeMatchesObject(k: MessageKind): Schema {
  const others = WA_KINDS.filter((o) => o.id !== k.id).map((o) => o.id);
  return {
    if: { properties: { type: { const: k.id } }, required: ['type'] },
    then: {
      required: [k.id],
      propertyNames: {
        not: { enum: others },
        errorMessage: `"type" is "${k.id}", so the message object must be "${k.id}": rename this key to "${k.id}", or change "type".`,
      },
    },
  };
}

/** A property a kind adds beside `type` (text's preview_url) is not allowed with another type. */
function extrasOnlyWith(k: MessageKind): Schema[] {
  return Object.keys(k.waExtras?.() ?? {}).map((name) => ({
    if: { properties: { type: { not: { const: k.id } } }, required: ['type'] },
    then: { properties: { [name]: { not: {}, errorMessage: `"${name}" belongs to ${k.id} messages only: remove it.` } } },
  }));
}

function kindTable(): string[] {
  return ['| type | what |', '|---|---|', ...WA_KINDS.map((k) => `| \`${k.id}\` | ${k.deprecated ? '**deprecated** — ' : ''}${k.title}: ${k.summary} |`)];
}

function waSchema(): Schema {
  const ids = WA_KINDS.map((k) => k.id);
  const properties: Schema = {
    type: {
      type: 'string',
      enum: ids,
      errorMessage: `"type" must be one of ${ids.map((t) => `"${t}"`).join(', ')}, in lower case, with the object of the same name beside it. ("interactive" is Meta's Cloud API: in Webex Connect a list is "list" and reply buttons are "reply". A template message has no "type": it uses a top-level "message".)`,
      markdownEnumDescriptions: WA_KINDS.map((k) => `${k.deprecated ? '**Deprecated.** ' : ''}${k.title}: ${k.summary}.`),
      markdownDescription: [
        '**Message type** — mandatory (except in template messages, which have none).',
        '',
        'The object with the same name must sit beside it: `"type": "image"` goes with `"image": { … }`, `"type": "list"` with `"list": { … }`.',
        'It cannot be a `{{variable}}`: it decides what the message carries.',
        '',
        ...kindTable(),
        '',
        'Example: `"type": "text"`',
      ].join('\n'),
    },
  };
  for (const k of WA_KINDS) {
    properties[k.id] = { $ref: `#/definitions/${k.id}` };
    Object.assign(properties, k.waExtras?.() ?? {});
  }
  properties.identity_key_hash = {
    type: 'string',
    markdownDescription: [
      '**Identity key hash** — optional.',
      '',
      "Pass the hash of the customer's WhatsApp identity key to have the message sent only if the identity still matches (protects against a changed phone or SIM).",
      '',
      'Example: `"identity_key_hash": "DF2lS5v2W6x="`',
    ].join('\n'),
  };
  properties.interactive = {
    not: {},
    errorMessage: '"interactive" is Meta\'s Cloud API shape. In Webex Connect a list goes in "list" ("type": "list") and reply buttons in "reply" ("type": "reply"): use the quick fix to convert it.',
    doNotSuggest: true,
  };
  return {
    type: 'object',
    markdownDescription: [
      '**The WhatsApp message** — mandatory.',
      '',
      'Holds `type` and the object of that type (`text`, `image`, `location`, `list`, `reply`, …), and optionally `identity_key_hash`. For a template message it holds at most `identity_key_hash`.',
    ].join('\n'),
    properties,
    additionalProperties: false,
    allOf: [...WA_KINDS.map(typeMatchesObject), ...WA_KINDS.flatMap(extrasOnlyWith)],
    defaultSnippets: WA_KINDS.filter((k) => !k.deprecated).map((k) => ({
      label: `${k.id} message`,
      markdownDescription: `\`type\` and a complete \`${k.id}\` object: ${k.summary}.`,
      body: { type: k.id, [k.id]: contentSnippetBody(k.id), ...(k.scaffoldExtras?.(new SnippetStops()) ?? {}) },
    })),
  };
}

/** `channels.OTT-Messaging.wa` nested as the schema writes it, around `wa`. */
function atWa(wa: Schema): Schema {
  return { type: 'object', properties: { channels: { type: 'object', properties: { 'OTT-Messaging': { type: 'object', properties: { wa: { type: 'object', ...wa } } } } } } };
}

/** A template message (top-level `message`) has no `type` in `wa`; every other message needs `channels` and `wa.type`. */
function templateOrWa(): Schema {
  return {
    if: { required: ['message'] },
    then: atWa({
      propertyNames: {
        enum: ['identity_key_hash'],
        errorMessage: 'With a template message ("message" at the top level), "wa" holds at most "identity_key_hash": remove this key, or remove "message" to send this "wa" message instead.',
      },
    }),
    else: { required: ['channels'], ...atWa({ required: ['type'] }) },
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
  for (const k of MESSAGE_KINDS) {
    const content = k.contentSchema();
    // Completion offers the whole object (not for deprecated kinds).
    definitions[k.id] = k.deprecated ? content : { ...content, defaultSnippets: [{ label: `${k.id} object`, markdownDescription: `A complete \`${k.id}\` object: ${k.summary}.`, body: contentSnippetBody(k.id) }] };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Webex Connect WhatsApp message (Messaging API v1)',
    markdownDescription: [
      '**Webex Connect WhatsApp message**, sent with `POST https://api.<region>.webexconnect.io/resources/v1/messaging`.',
      '',
      'Mandatory: `deliverychannel`, `appid`, `destination`, and the message: `channels.OTT-Messaging.wa` (with `type`), or for a template message a top-level `message`.',
    ].join('\n'),
    allowComments: true,
    allowTrailingCommas: true,
    type: 'object',
    required: ['deliverychannel', 'appid', 'destination'],
    additionalProperties: false,
    allOf: [templateOrWa()],
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
      message: { $ref: '#/definitions/template' },
      channels: {
        type: 'object',
        required: ['OTT-Messaging'],
        markdownDescription: '**Channel content** — mandatory (except for template messages). For WhatsApp: `{ "OTT-Messaging": { "wa": { … } } }`.',
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
          'To follow delivery in the editor: run **Webex Connect: Start Delivery Receiver** and write `"notifyurl": "{{notifyurl}}"`; the Sends view then shows each report as it arrives.',
          '',
          'Example: `"notifyurl": "https://hooks.example.com/wxc/status"`',
        ].join('\n'),
        defaultSnippets: [{ label: '{{notifyurl}}', markdownDescription: 'The delivery receiver of this editor (Webex Connect: Start Delivery Receiver).', body: `{{${NOTIFY_URL_VARIABLE}}}` }],
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
    // No whole-payload default snippets: the editor offers one per kind in an empty file (wa-<kind>), and nothing twice.
    definitions,
  };
}
