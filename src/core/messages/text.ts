/** Text messages: `wa.text.body`, with `preview_url` beside `text` (not inside it, as Meta's Cloud API has it). */
import { t } from '../text/l10n';
import { textField } from './bubbleParts';
import { MessageKind, Schema, Stops, doc, limitedText } from './kind';
import { WA_PATH } from '../payload/envelope';
import { isObject } from '../json/values';

export const TEXT_BODY_MAX = 4096;

export const text: MessageKind = {
  id: 'text',
  title: 'Text',
  group: 'Text',
  summary: `Up to ${TEXT_BODY_MAX} characters with *bold*, _italic_, ~strike~ and \`\`\`monospace\`\`\`; a link preview on request`,
  icon: 'comment',
  placement: 'wa',
  contentSchema(): Schema {
    return {
      type: 'object',
      required: ['body'],
      additionalProperties: false,
      markdownDescription: doc('The text message', 'mandatory when `type` is `"text"`', ['Holds `body`. `preview_url` goes beside `text` in `wa`, not inside it.']),
      properties: {
        body: limitedText('The message body', TEXT_BODY_MAX, doc('Message text', true, [
          `At most **${TEXT_BODY_MAX} characters** (longer ones fail later with 7714).`,
          'WhatsApp formatting works: `*bold*`, `_italic_`, `~strike~`, ```` ```monospace``` ````; `\\n` for a new line; `{{variables}}` are filled in when sending.',
        ], '"body": "Your order *4711* has shipped."')),
        preview_url: {
          not: {},
          errorMessage: 'In Webex Connect "preview_url" sits beside "text" in "wa", not inside "text" (that is Meta\'s Cloud API shape). Use the quick fix to move it.',
          doNotSuggest: true,
        },
      },
    };
  },
  waExtras: () => ({
    preview_url: {
      type: ['boolean', 'string'],
      enum: [true, false, 'true', 'false'],
      errorMessage: '"preview_url" is true or false.',
      markdownDescription: doc('Link preview', false, [
        '`true` shows a preview of the **first** URL in the body; default `false`. Text messages only.',
        'A boolean: the docs\' sample writes the string `"true"`, which is accepted, but write `true`.',
      ], '"preview_url": true'),
    },
  }),
  scaffold: (stops: Stops) => ({ body: stops.text('Your order *4711* has shipped. Track it here: https://example.com/track/4711') }),
  scaffoldExtras: (stops: Stops) => ({ preview_url: stops.boolean(true) }),
  preview(input) {
    const body = textField(input, input.wa?.text, 'body', TEXT_BODY_MAX) ?? { segments: [], chars: 0, limit: TEXT_BODY_MAX };
    const preview = input.wa?.preview_url === true || input.wa?.preview_url === 'true';
    // WhatsApp previews the first link of the body.
    const link = preview ? body.segments.find((s) => s.href)?.href : undefined;
    return { kind: 'text', body, ...(link ? { linkPreview: link } : {}) };
  },
  check({ wa }) {
    if (!isObject(wa) || typeof wa.preview_url !== 'string') return [];
    const value = wa.preview_url === 'true';
    return [
      {
        path: [...WA_PATH, 'preview_url'],
        rule: 'preview-url-string',
        severity: 'hint',
        message: t('"preview_url" is a boolean: write {0} without quotes (the string is accepted, as in the docs\' sample).', String(value)),
        fixes: [{ title: t('Change to {0}', String(value)), changes: [{ path: [...WA_PATH, 'preview_url'], value }] }],
      },
    ];
  },
};
