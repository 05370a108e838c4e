/**
 * Reply-button messages: a body with 1 to 3 quick-reply buttons, and an optional text or media
 * header. In Webex Connect the content sits in `wa.reply`; a media header carries `url` (Meta: `link`).
 */
import { t } from '../text/l10n';
import { Header } from './bubble';
import { mediaTile, textField } from './bubbleParts';
import { MEDIA_URL_PATTERN } from '../payload/patterns';
import { Draft, MessageKind, Schema, Stops, doc, limitedText, textObject } from './kind';
import { WA_PATH } from '../payload/envelope';
import { isObject } from '../json/values';
import { unique } from './list';

export const REPLY_LIMITS = { header: 60, body: 1024, footer: 60, buttons: 3, buttonTitle: 20, buttonId: 256 } as const;
const L = REPLY_LIMITS;
export const REPLY_HEADER_MEDIA = ['image', 'video', 'document'] as const;
const BASE = [...WA_PATH, 'reply'];

function headerMedia(type: (typeof REPLY_HEADER_MEDIA)[number]): Schema {
  const properties: Schema = {
    url: {
      type: 'string',
      pattern: MEDIA_URL_PATTERN,
      patternErrorMessage: `Put a direct, public https:// link to the ${type} file here (its path ending in the file's extension), or a {{variable}}.`,
      markdownDescription: doc('Media URL', true, [`A direct, public https link to the ${type}; the same rules as media messages apply (the path ends in the file's extension).`], `"url": "https://cdn.example.com/media/${type === 'image' ? 'banner.jpg' : type === 'video' ? 'clip.mp4' : 'terms.pdf'}"`),
    },
    provider: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string', markdownDescription: 'The name of the media provider configured in Webex Connect.' } },
      markdownDescription: doc('Media provider', false, ['`{ "name": "…" }`: a provider configured in Webex Connect for authenticated media.']),
    },
    link: {
      not: {},
      errorMessage: 'Webex Connect writes the header media\'s address as "url" ("link" is Meta\'s Cloud API). Use the quick fix to rename it.',
      doNotSuggest: true,
    },
  };
  if (type === 'document') properties.filename = { type: 'string', minLength: 1, markdownDescription: doc('File name', false, ['Shown to the recipient; include the extension.'], '"filename": "terms.pdf"') };
  return { type: 'object', required: ['url'], additionalProperties: false, properties, markdownDescription: doc(`Header ${type}`, 'mandatory when the header\'s `type` is `"' + type + '"`', []) };
}

function headerSchema(): Schema {
  const kinds = ['text', ...REPLY_HEADER_MEDIA];
  return {
    type: 'object',
    required: ['type'],
    additionalProperties: false,
    markdownDescription: doc('Header', false, ['`{ "type": "text", "text": "…" }` or a media header `{ "type": "image", "image": { "url": "…" } }` (image, video, document).']),
    properties: {
      type: { type: 'string', enum: kinds, errorMessage: `The header "type" is one of ${kinds.map((k) => `"${k}"`).join(', ')}.`, markdownDescription: 'What the header shows.' },
      text: limitedText('The header', L.header, `Header text (when \`type\` is \`"text"\`), at most **${L.header}** characters.`),
      ...Object.fromEntries(REPLY_HEADER_MEDIA.map((m) => [m, headerMedia(m)])),
    },
    allOf: kinds.map((k) => ({
      if: { properties: { type: { const: k } }, required: ['type'] },
      then: {
        required: [k],
        propertyNames: {
          not: { enum: kinds.filter((o) => o !== k) },
          errorMessage: `The header's "type" is "${k}", so it carries "${k}" and nothing of another kind: remove this key or change "type".`,
        },
      },
    })),
  };
}

export const reply: MessageKind = {
  id: 'reply',
  title: 'Reply buttons',
  group: 'Interactive',
  summary: `Up to ${L.buttons} quick-reply buttons under the message, with a text or media header`,
  icon: 'reply',
  placement: 'wa',
  contentSchema: (): Schema => ({
    type: 'object',
    required: ['body', 'action'],
    additionalProperties: false,
    markdownDescription: doc('The reply-button message', 'mandatory when `type` is `"reply"`', ['`body` and `action.buttons` (1 to 3) are mandatory; `header` and `footer` are optional.']),
    properties: {
      header: headerSchema(),
      body: textObject('Body', L.body, doc('Body', true, [`\`{ "text": "…" }\`, at most **${L.body}** characters.`])),
      footer: textObject('Footer', L.footer, doc('Footer', false, [`\`{ "text": "…" }\`, at most **${L.footer}** characters.`])),
      action: {
        type: 'object',
        required: ['buttons'],
        additionalProperties: false,
        markdownDescription: doc('Buttons', true, [`1 to ${L.buttons} buttons.`]),
        properties: {
          buttons: {
            type: 'array',
            minItems: 1,
            maxItems: L.buttons,
            markdownDescription: doc('Buttons', true, [`1 to **${L.buttons}** buttons \`{ "type": "reply", "reply": { "id": "…", "title": "…" } }\`; ids and titles unique.`]),
            items: {
              type: 'object',
              required: ['type', 'reply'],
              additionalProperties: false,
              properties: {
                type: { const: 'reply', errorMessage: 'A button\'s "type" is "reply".', markdownDescription: 'Always `"reply"`.' },
                reply: {
                  type: 'object',
                  required: ['id', 'title'],
                  markdownDescription: doc('The button', true, ['`{ "id": "…", "title": "…" }`: the id comes back to you when the button is tapped; the title is its label.']),
                  additionalProperties: false,
                  properties: {
                    id: limitedText('A button id', L.buttonId, doc('Button id', true, [`Sent back to you when the button is tapped. Unique, at most **${L.buttonId}** characters.`], '"id": "confirm"')),
                    title: limitedText('A button title', L.buttonTitle, doc('Button title', true, [`The label, unique in the message, at most **${L.buttonTitle}** characters.`], '"title": "Confirm"')),
                  },
                },
              },
            },
          },
        },
      },
    },
  }),
  scaffold: (stops: Stops) => ({
    header: { type: 'text', text: stops.text('Your appointment') },
    body: { text: stops.text('Tuesday 10:30 with Dr. Lee. Can you make it?') },
    footer: { text: stops.text('Reply any time') },
    action: {
      buttons: [
        { type: 'reply', reply: { id: stops.text('confirm'), title: stops.text('Confirm') } },
        { type: 'reply', reply: { id: stops.text('reschedule'), title: stops.text('Reschedule') } },
      ],
    },
  }),
  preview(input) {
    const content = input.wa?.reply;
    const header = isObject(content) ? content.header : undefined;
    const action = isObject(content) ? content.action : undefined;
    const body = textField(input, isObject(content) ? content.body : undefined, 'text', L.body);
    const footer = textField(input, isObject(content) ? content.footer : undefined, 'text', L.footer);
    let shownHeader: Header | undefined;
    const media = REPLY_HEADER_MEDIA.find((m) => isObject(header) && header.type === m);
    if (media) shownHeader = { tile: mediaTile(input, media, isObject(header) ? header[media] : undefined, 'url') };
    else if (textField(input, header, 'text', L.header)) shownHeader = { text: textField(input, header, 'text', L.header)! };
    const buttons = isObject(action) && Array.isArray(action.buttons) ? action.buttons : [];
    return {
      kind: 'reply',
      ...(shownHeader ? { header: shownHeader } : {}),
      ...(body ? { body } : {}),
      ...(footer ? { footer } : {}),
      buttons: buttons
        .map((b) => (isObject(b) && isObject(b.reply) ? b.reply : undefined))
        .filter(isObject)
        .map((r) => ({ id: typeof r.id === 'string' ? input.fill(r.id) : '', title: textField(input, r, 'title', L.buttonTitle) ?? { segments: [], chars: 0 } })),
    };
  },
  check({ wa }) {
    const buttons = isObject(wa) && isObject(wa.reply) && isObject(wa.reply.action) ? wa.reply.action.buttons : undefined;
    if (!Array.isArray(buttons)) return [];
    const out: Draft[] = [];
    const replies = buttons.map((b) => (isObject(b) && isObject(b.reply) ? b.reply : undefined));
    for (const field of ['id', 'title'] as const) {
      const all = new Set(replies.map((r) => r?.[field]).filter((v): v is string => typeof v === 'string'));
      const seen = new Set<string>();
      replies.forEach((r, i) => {
        const value = r?.[field];
        if (typeof value !== 'string') return;
        if (!seen.has(value)) {
          seen.add(value);
          return;
        }
        const path = [...BASE, 'action', 'buttons', i, 'reply', field];
        const renamed = unique(value, all);
        out.push({
          path,
          rule: `reply-duplicate-${field}`,
          severity: 'error',
          message: field === 'id' ? t('Button id "{0}" is used twice: each button needs its own id (the reply tells you which was tapped by its id).', value) : t('Button title "{0}" is used twice: WhatsApp refuses buttons with the same title.', value),
          fixes: [{ title: t('Rename to "{0}"', renamed), changes: [{ path, value: renamed }] }],
        });
      });
    }
    return out;
  },
};
