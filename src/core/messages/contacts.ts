/** Contact cards: one or more contacts, each with a formatted name and optional phones, emails, addresses, URLs. */
import { t } from '../text/l10n';
import { stringField } from './bubbleParts';
import { Draft, MessageKind, Schema, Stops, doc } from './kind';
import { WA_PATH } from '../payload/envelope';
import { isObject } from '../json/values';

const NAME_PARTS = ['first_name', 'last_name', 'middle_name', 'suffix', 'prefix'] as const;
const HOME_WORK = ['HOME', 'WORK'];
const PHONE_TYPES = ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK'];

function typed(what: string, values: readonly string[]): Schema {
  return {
    type: 'string',
    enum: [...values],
    errorMessage: `The ${what} type is one of ${values.map((v) => `"${v}"`).join(', ')} (upper case).`,
    markdownDescription: doc(`${what[0].toUpperCase()}${what.slice(1)} type`, false, [`One of ${values.map((v) => `\`${v}\``).join(', ')}.`]),
  };
}

function list(what: string, item: Schema, example: string): Schema {
  return { type: 'array', minItems: 1, items: item, markdownDescription: doc(what, false, [], example) };
}

const str = (description: string): Schema => ({ type: 'string', minLength: 1, markdownDescription: description });

function contactSchema(): Schema {
  return {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    markdownDescription: 'One contact card.',
    properties: {
      name: {
        type: 'object',
        required: ['formatted_name'],
        additionalProperties: false,
        markdownDescription: doc('Name', true, ['`formatted_name` and at least one of `first_name`, `last_name`, `middle_name`, `suffix`, `prefix`.']),
        properties: {
          formatted_name: str(doc('Full name as shown', true, [], '"formatted_name": "Ada Lovelace"')),
          first_name: str(doc('First name', false, [])),
          last_name: str(doc('Last name', false, [])),
          middle_name: str(doc('Middle name', false, [])),
          suffix: str(doc('Name suffix, e.g. "Jr."', false, [])),
          prefix: str(doc('Name prefix, e.g. "Dr."', false, [])),
        },
      },
      phones: list('Phone numbers', {
        type: 'object',
        additionalProperties: false,
        properties: {
          phone: str(doc('The number as shown, e.g. `+1 (650) 555-1234`', false, [])),
          type: typed('phone', PHONE_TYPES),
          wa_id: str(doc('The WhatsApp id of the number (digits, no `+`): adds a "Message" button to the card', false, [])),
        },
      }, '"phones": [{ "phone": "+1 650 555 1234", "type": "CELL" }]'),
      emails: list('Email addresses', {
        type: 'object',
        additionalProperties: false,
        properties: { email: str(doc('An email address', false, [])), type: typed('email', HOME_WORK) },
      }, '"emails": [{ "email": "ada@example.com", "type": "WORK" }]'),
      urls: list('Web addresses', {
        type: 'object',
        additionalProperties: false,
        properties: { url: str(doc('A web address', false, [])), type: typed('URL', HOME_WORK) },
      }, '"urls": [{ "url": "https://example.com", "type": "WORK" }]'),
      addresses: list('Postal addresses', {
        type: 'object',
        additionalProperties: false,
        properties: {
          street: str(doc('Street and number', false, [])),
          city: str(doc('City', false, [])),
          state: str(doc('State or region', false, [])),
          zip: str(doc('Postal code', false, [])),
          country: str(doc('Country name', false, [])),
          country_code: {
            type: 'string',
            pattern: '^[A-Za-z]{2}$',
            patternErrorMessage: '"country_code" is the two-letter ISO country code, e.g. "US".',
            markdownDescription: 'Two-letter ISO 3166 country code, e.g. `US`.',
          },
          type: typed('address', HOME_WORK),
        },
      }, '"addresses": [{ "city": "London", "country_code": "GB", "type": "WORK" }]'),
      org: {
        type: 'object',
        additionalProperties: false,
        markdownDescription: doc('Organisation', false, []),
        properties: { company: str(doc('Company name', false, [])), department: str(doc('Department', false, [])), title: str(doc('Job title', false, [])) },
      },
      birthday: {
        type: 'string',
        pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
        patternErrorMessage: '"birthday" is written YYYY-MM-DD, e.g. "1815-12-10".',
        markdownDescription: doc('Birthday', false, ['`YYYY-MM-DD`.'], '"birthday": "1815-12-10"'),
      },
    },
  };
}

export const contacts: MessageKind = {
  id: 'contacts',
  title: 'Contact card',
  group: 'Contact card',
  summary: 'One or more contact cards: name, phones, emails, addresses, URLs',
  icon: 'person',
  placement: 'wa',
  contentSchema: (): Schema => ({
    type: 'array',
    minItems: 1,
    errorMessage: '"contacts" is an array of one or more contact cards, each with a "name".',
    markdownDescription: doc('Contact cards', 'mandatory when `type` is `"contacts"`', ['An array of contacts; each needs `name.formatted_name` and one more name part.']),
    items: contactSchema(),
  }),
  scaffold: (stops: Stops) => [
    {
      name: { formatted_name: stops.text('Ada Lovelace'), first_name: stops.text('Ada'), last_name: stops.text('Lovelace') },
      phones: [{ phone: stops.text('+1 650 555 1234'), type: stops.choice(PHONE_TYPES) }],
      emails: [{ email: stops.text('ada@example.com'), type: stops.choice(HOME_WORK) }],
    },
  ],
  preview(input) {
    const cards = Array.isArray(input.wa?.contacts) ? input.wa.contacts : [];
    const filled = (v: string | undefined) => (v === undefined ? undefined : input.fill(v));
    const strings = (items: unknown, key: string) => (Array.isArray(items) ? items.map((i) => filled(stringField(i, key))).filter((v): v is string => v !== undefined) : []);
    return {
      kind: 'contacts',
      cards: cards.filter(isObject).map((card) => {
        const name = card.name;
        const org = filled(stringField(card.org, 'company'));
        const shown = stringField(name, 'formatted_name') ?? (['prefix', 'first_name', 'middle_name', 'last_name', 'suffix'] as const).map((p) => stringField(name, p)).filter(Boolean).join(' ');
        return { name: input.fill(shown), ...(org ? { org } : {}), phones: strings(card.phones, 'phone'), emails: strings(card.emails, 'email') };
      }),
    };
  },
  check({ wa }) {
    const cards = isObject(wa) ? wa.contacts : undefined;
    if (!Array.isArray(cards)) return [];
    const out: Draft[] = [];
    cards.forEach((card, i) => {
      const name = isObject(card) ? card.name : undefined;
      if (!isObject(name) || NAME_PARTS.some((p) => name[p] !== undefined)) return;
      out.push({
        path: [...WA_PATH, 'contacts', i, 'name'],
        part: 'key',
        rule: 'contact-name-part',
        severity: 'error',
        message: t('A contact name needs "formatted_name" and at least one of {0}.', NAME_PARTS.map((p) => `"${p}"`).join(', ')),
      });
    });
    return out;
  },
};
