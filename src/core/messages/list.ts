/**
 * List messages: a body with a button that opens a sheet of sections and rows. In Webex Connect
 * the content sits in `wa.list` (Meta's Cloud API wraps it in `interactive`).
 */
import { t } from '../text/l10n';
import { Row } from './bubble';
import { textField } from './bubbleParts';
import { Draft, MessageKind, Schema, Stops, doc, limitedText, textObject } from './kind';
import { WA_PATH } from '../payload/envelope';
import { isObject } from '../json/values';

export const LIST_LIMITS = { header: 60, body: 1024, footer: 60, button: 20, sections: 10, rows: 10, sectionTitle: 24, rowId: 200, rowTitle: 24, rowDescription: 72 } as const;
const L = LIST_LIMITS;
const BASE = [...WA_PATH, 'list'];

/** `id` with the first number suffix that no row uses yet. */
export function unique(id: string, taken: { has(id: string): boolean }): string {
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}

export const list: MessageKind = {
  id: 'list',
  title: 'List',
  group: 'Interactive',
  summary: `A button that opens a sheet of up to ${L.rows} choices, in up to ${L.sections} sections`,
  icon: 'list-unordered',
  placement: 'wa',
  contentSchema: (): Schema => ({
    type: 'object',
    required: ['body', 'action'],
    additionalProperties: false,
    markdownDescription: doc('The list message', 'mandatory when `type` is `"list"`', [
      '`body` and `action` (the button and its sections) are mandatory; `header` (text only) and `footer` are optional.',
      `At most **${L.rows} rows** across all sections; row ids unique.`,
    ]),
    properties: {
      header: {
        type: 'object',
        required: ['type', 'text'],
        additionalProperties: false,
        markdownDescription: doc('Header', false, [`Text only in list messages: \`{ "type": "text", "text": "…" }\`, at most ${L.header} characters.`]),
        properties: {
          type: { const: 'text', errorMessage: 'A list header is text only: "type": "text".', markdownDescription: 'Always `"text"` for lists.' },
          text: limitedText('The header', L.header, `Header text, at most **${L.header}** characters.`),
        },
      },
      body: textObject('Body', L.body, doc('Body', true, [`\`{ "text": "…" }\`, at most **${L.body}** characters.`], '"body": { "text": "Choose a delivery slot" }')),
      footer: textObject('Footer', L.footer, doc('Footer', false, [`\`{ "text": "…" }\`, at most **${L.footer}** characters, shown small under the body.`])),
      action: {
        type: 'object',
        required: ['button', 'sections'],
        additionalProperties: false,
        markdownDescription: doc('Button and sections', true, [`\`button\`: the label of the button that opens the list (≤ ${L.button}); \`sections\`: 1 to ${L.sections}.`]),
        properties: {
          button: limitedText('The button label', L.button, doc('Button label', true, [`At most **${L.button}** characters.`], '"button": "See slots"')),
          sections: {
            type: 'array',
            minItems: 1,
            maxItems: L.sections,
            markdownDescription: doc('Sections', true, [`1 to ${L.sections} sections, at most ${L.rows} rows in all. With more than one section every section needs a \`title\`.`]),
            items: {
              type: 'object',
              required: ['rows'],
              additionalProperties: false,
              properties: {
                title: limitedText('A section title', L.sectionTitle, doc('Section title', 'mandatory when there is more than one section', [`At most **${L.sectionTitle}** characters.`])),
                rows: {
                  type: 'array',
                  minItems: 1,
                  maxItems: L.rows,
                  markdownDescription: doc('Rows', true, [`At most ${L.rows} rows across all sections.`]),
                  items: {
                    type: 'object',
                    required: ['id', 'title'],
                    additionalProperties: false,
                    properties: {
                      id: limitedText('A row id', L.rowId, doc('Row id', true, [`Sent back to you when the customer picks the row. Unique in the message, at most **${L.rowId}** characters.`], '"id": "slot-morning"')),
                      title: limitedText('A row title', L.rowTitle, doc('Row title', true, [`At most **${L.rowTitle}** characters.`], '"title": "Morning"')),
                      description: limitedText('A row description', L.rowDescription, doc('Row description', false, [`At most **${L.rowDescription}** characters.`], '"description": "8:00 to 12:00"')),
                    },
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
    header: { type: 'text', text: stops.text('Delivery') },
    body: { text: stops.text('When should we deliver your order?') },
    footer: { text: stops.text('Reply any time') },
    action: {
      button: stops.text('Choose a slot'),
      sections: [
        {
          title: stops.text('Tomorrow'),
          rows: [
            { id: stops.text('slot-morning'), title: stops.text('Morning'), description: stops.text('8:00 to 12:00') },
            { id: stops.text('slot-afternoon'), title: stops.text('Afternoon'), description: stops.text('12:00 to 18:00') },
          ],
        },
      ],
    },
  }),
  preview(input) {
    const content = input.wa?.list;
    const action = isObject(content) ? content.action : undefined;
    const sections = isObject(action) && Array.isArray(action.sections) ? action.sections.filter(isObject) : [];
    const header = isObject(content) ? content.header : undefined;
    const body = textField(input, isObject(content) ? content.body : undefined, 'text', L.body);
    const footer = textField(input, isObject(content) ? content.footer : undefined, 'text', L.footer);
    const button = textField(input, action, 'button', L.button);
    return {
      kind: 'list',
      ...(textField(input, header, 'text', L.header) ? { header: textField(input, header, 'text', L.header) } : {}),
      ...(body ? { body } : {}),
      ...(footer ? { footer } : {}),
      ...(button ? { button } : {}),
      sections: sections.map((section) => {
        const title = textField(input, section, 'title', L.sectionTitle);
        const rows = (Array.isArray(section.rows) ? section.rows.filter(isObject) : []).map((row): Row => {
          const description = textField(input, row, 'description', L.rowDescription);
          return { id: typeof row.id === 'string' ? input.fill(row.id) : '', title: textField(input, row, 'title', L.rowTitle) ?? { segments: [], chars: 0 }, ...(description ? { description } : {}) };
        });
        return { ...(title ? { title } : {}), rows };
      }),
    };
  },
  check({ wa }) {
    const sections = isObject(wa) && isObject(wa.list) && isObject(wa.list.action) ? wa.list.action.sections : undefined;
    if (!Array.isArray(sections)) return [];
    const out: Draft[] = [];
    const seen = new Set<string>();
    const allIds = new Set(sections.flatMap((sec) => (isObject(sec) && Array.isArray(sec.rows) ? sec.rows.map((row) => (isObject(row) ? row.id : undefined)) : [])).filter((id): id is string => typeof id === 'string'));
    let rows = 0;
    sections.forEach((section, s) => {
      if (!isObject(section)) return;
      if (sections.length > 1 && section.title === undefined) {
        out.push({ path: [...BASE, 'action', 'sections', s], rule: 'list-section-title', severity: 'error', message: t('This list has {0} sections, so each needs a "title" (WhatsApp shows it above its rows).', sections.length),
          fixes: [{ title: t('Add a title'), changes: [{ path: [...BASE, 'action', 'sections', s, 'title'], value: t('Section {0}', s + 1) }] }],
        });
      }
      if (!Array.isArray(section.rows)) return;
      section.rows.forEach((row, r) => {
        rows++;
        if (rows === L.rows + 1) {
          out.push({ path: [...BASE, 'action', 'sections', s, 'rows', r], rule: 'list-too-many-rows', severity: 'error', message: t('A list has at most {0} rows across all its sections; this is row {1}. Remove rows or move them into another message.', L.rows, rows) });
        }
        const id = isObject(row) && typeof row.id === 'string' ? row.id : undefined;
        if (id === undefined) return;
        if (seen.has(id)) {
          out.push({ path: [...BASE, 'action', 'sections', s, 'rows', r, 'id'], rule: 'list-duplicate-row-id', severity: 'error', message: t('Row id "{0}" is used twice: row ids must be unique in the message (the reply tells you which row was picked by its id).', id),
            fixes: [{ title: t('Rename to "{0}"', unique(id, allIds)), changes: [{ path: [...BASE, 'action', 'sections', s, 'rows', r, 'id'], value: unique(id, allIds) }] }],
          });
        } else seen.add(id);
      });
    });
    return out;
  },
};
