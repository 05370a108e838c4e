/**
 * Template messages: business-initiated messages outside the 24-hour window, from a template
 * approved in Webex Connect (Tools → Templates). No `wa.type`: a top-level
 * `message: { template, parameters }`. Media parameters carry `link` (not `url`).
 *
 * The tenant's templates can be described in the workspace (setting `wxc.templates`): a payload
 * is then checked against its template's definition (unknown id, missing or unknown parameters,
 * a media header of the wrong kind).
 */
import { t } from '../text/l10n';
import { MEDIA_URL_PATTERN } from '../payload/patterns';
import { Header } from './bubble';
import { mediaTile, richText } from './bubbleParts';
import {
  MAX_CONSECUTIVE_SPACES,
  OTP_MAX,
  ParameterRole,
  QUICK_REPLY_MAX,
  SAMPLE_TEMPLATE_ID,
  SAMPLE_TEMPLATE_NAME,
  TEMPLATE_MEDIA,
  TemplateDefinition,
  TemplateDefinitions,
  expectedParameters,
  givenParameters,
  missingTemplateParameters,
  templateLabel,
  TEMPLATE_NAME_PATTERN,
} from './templateDefinitions';
import { checkNumericTemplateId, checkTemplateId, isTemplateId, resolveTemplateId } from './templateId';
import { Draft, MessageKind, Schema, Stops, doc } from './kind';
import { isObject } from '../json/values';

const PARAMS = ['message', 'parameters'];

/** A parameter of each role with its value still to fill in, as the fix for a missing one adds it. */
const EMPTY_PARAMETER: Record<ParameterRole, unknown> = {
  'header-media': { link: '' },
  'header-text': '',
  body: '',
  'url-button': { type: 'url', payload: '' },
  otp: { type: 'otp', value: '' },
};

function mediaParameter(type: (typeof TEMPLATE_MEDIA)[number]): Schema {
  const properties: Schema = {
    link: {
      type: 'string',
      pattern: MEDIA_URL_PATTERN,
      patternErrorMessage: `Put a direct, public https:// link to the ${type} here (its path ending in the file's extension), or a {{variable}}.`,
      markdownDescription: doc('Media link', true, [`The ${type} for the template's header: a direct, public https link whose path ends in the file's extension.`], `"link": "https://cdn.example.com/media/${type === 'image' ? 'offer.jpg' : type === 'video' ? 'offer.mp4' : 'offer.pdf'}"`),
    },
    url: {
      not: {},
      errorMessage: 'Template media parameters write the address as "link", not "url". Use the quick fix to rename it.',
      doNotSuggest: true,
    },
  };
  if (type === 'document') properties.filename = { type: 'string', minLength: 1, markdownDescription: doc('File name', false, ['Shown to the recipient; include the extension.'], '"filename": "offer.pdf"') };
  else properties.filename = { not: {}, errorMessage: `"filename" belongs to document parameters only: remove it from this ${type}.`, doNotSuggest: true };
  return { type: 'object', required: ['link'], additionalProperties: false, properties, markdownDescription: doc(`Header ${type}`, 'mandatory when the template has a header of this kind', ['`{ "link": "https://…" }`.']) };
}

/** A typed parameter value (`{ "type": "date_time" | "currency" | "url", … }`). */
function typedParameter(): Schema {
  const kinds: Record<string, { required: string[]; properties: Schema }> = {
    date_time: {
      required: ['fallback_value', 'timestamp'],
      properties: {
        fallback_value: { type: 'string', minLength: 1, markdownDescription: doc('Fallback text', true, ['What the recipient sees where the date cannot be shown localised.'], '"fallback_value": "25 Dec 2026"') },
        timestamp: { type: ['number', 'string'], markdownDescription: doc('Timestamp', true, ['The date and time as Unix seconds.'], '"timestamp": 1798156800') },
      },
    },
    currency: {
      required: ['currency_code', 'amount_1000', 'fallback_value'],
      properties: {
        currency_code: { type: 'string', pattern: '^[A-Za-z]{3}$', patternErrorMessage: '"currency_code" is a three-letter ISO 4217 code, e.g. "USD".', markdownDescription: doc('Currency code', true, ['Three-letter ISO 4217 code.'], '"currency_code": "USD"') },
        amount_1000: { type: ['number', 'string'], markdownDescription: doc('Amount × 1000', true, ['The amount times 1000: `12990` for 12.99.'], '"amount_1000": 12990') },
        fallback_value: { type: 'string', minLength: 1, markdownDescription: doc('Fallback text', true, ['What the recipient sees where the amount cannot be shown localised.'], '"fallback_value": "$12.99"') },
      },
    },
    url: { required: ['payload'], properties: { payload: { type: 'string', minLength: 1, markdownDescription: doc('URL suffix', true, ['The dynamic part of the button\'s URL (what replaces its placeholder).'], '"payload": "order/4711"') } } },
  };
  return {
    type: ['string', 'object'],
    errorMessage: 'A template parameter is text, or an object with "type" "date_time", "currency" or "url".',
    markdownDescription: doc('Template parameter', 'as the template needs it', [
      'A body variable (by its name, as the template has it): text.',
      'A date: `{ "type": "date_time", "fallback_value": "…", "timestamp": 1735689600 }`.',
      'An amount: `{ "type": "currency", "currency_code": "USD", "amount_1000": 12990, "fallback_value": "$12.99" }`.',
      'A dynamic URL button: `"<button name>": { "type": "url", "payload": "…" }`.',
    ]),
    if: { type: 'object' },
    then: {
      type: 'object',
      required: ['type'],
      properties: { type: { type: 'string', enum: Object.keys(kinds), errorMessage: 'A typed template parameter has "type" "date_time", "currency" or "url".', markdownDescription: doc('Parameter type', true, ['`date_time`, `currency` or `url` (a dynamic URL button).']) } },
      allOf: Object.entries(kinds).map(([kind, spec]) => ({
        if: { type: 'object', properties: { type: { const: kind } }, required: ['type'] },
        then: { type: 'object', required: spec.required, properties: spec.properties },
      })),
    },
  };
}

function checkValues(parameters: Record<string, unknown>): Draft[] {
  const out: Draft[] = [];
  const spaces = new RegExp(` {${MAX_CONSECUTIVE_SPACES + 1},}`);
  const checkText = (path: (string | number)[], value: unknown) => {
    if (typeof value !== 'string') return;
    if (value.trim() === '') {
      out.push({ path, rule: 'template-empty-parameter', severity: 'error', message: t('WhatsApp rejects an empty template parameter: give it a value, or remove the parameter if the template has no such placeholder.') });
    } else if (spaces.test(value)) {
      const fixed = value.replace(new RegExp(` {${MAX_CONSECUTIVE_SPACES + 1},}`, 'g'), ' '.repeat(MAX_CONSECUTIVE_SPACES));
      out.push({
        path,
        rule: 'template-parameter-spaces',
        severity: 'error',
        message: t('WhatsApp rejects a parameter value with more than {0} spaces in a row.', MAX_CONSECUTIVE_SPACES),
        fixes: [{ title: t('Shorten the runs of spaces to {0}', MAX_CONSECUTIVE_SPACES), changes: [{ path, value: fixed }] }],
      });
    }
  };
  for (const [key, value] of Object.entries(parameters)) {
    const path = [...PARAMS, key];
    if (key === 'otp') {
      const v = isObject(value) ? value.value : undefined;
      if (typeof v === 'string' && (/\s/.test(v) || v.length > OTP_MAX || v.length === 0)) {
        out.push({ path: [...path, 'value'], rule: 'template-otp', severity: 'error', message: t('A one-time password is 1 to {0} characters without spaces (this one has {1} characters{2}).', OTP_MAX, v.length, /\s/.test(v) ? t(' and spaces') : '') });
      }
    } else if (key === 'quickReply' && Array.isArray(value)) {
      value.forEach((b, i) => {
        if (isObject(b)) for (const f of ['button_text', 'payload']) checkText([...path, i, f], b[f]);
      });
    } else if (isObject(value) && typeof value.type === 'string') {
      for (const f of ['fallback_value', 'payload']) checkText([...path, f], value[f]);
    } else checkText(path, value);
  }
  return out;
}

/** A template id of digits that wxc.templates does not describe. */
function unknownTemplate(templateId: string, definitions: TemplateDefinitions): Draft {
  const known = Object.keys(definitions).map((id) => templateLabel(id, definitions));
  return {
    path: ['message', 'template'],
    rule: 'template-unknown',
    severity: 'warning',
    message: t('Template "{0}" is not among the templates described in the setting wxc.templates ({1}). Check the id in Webex Connect (Tools → Templates); an unknown id is rejected with 7108.', templateId, known.length ? known.join(', ') : t('none')),
  };
}

/** The parameters a payload gives checked against the definition of template `templateId` (an own key of `definitions`). */
function checkDefinition(templateId: string, parameters: Record<string, unknown> | undefined, definitions: TemplateDefinitions): Draft[] {
  const def = definitions[templateId];
  const expected = expectedParameters(def);
  const given = givenParameters(parameters);
  const out: Draft[] = [];
  const missing = missingTemplateParameters(def, parameters);
  if (missing.length > 0) {
    out.push({
      path: parameters ? [...PARAMS] : ['message'],
      part: 'key',
      rule: 'template-missing-parameter',
      severity: 'error',
      message: t('Template "{0}" needs {1}: every parameter of the template must be given, or the API answers 7003.', templateId, missing.map((m) => `"${m.name}" (${m.what})`).join(', ')),
      fixes: [{ title: t('Add the missing parameters'), changes: missing.map((m) => ({ path: [...PARAMS, m.name], value: EMPTY_PARAMETER[m.role] })) }],
    });
  }
  const expectedNames = new Set(expected.map((e) => e.name));
  for (const [name, key] of given) {
    if (expectedNames.has(name) || name === 'quickReply') continue;
    const media = (TEMPLATE_MEDIA as readonly string[]).includes(name);
    out.push({
      path: [...PARAMS, key],
      part: 'key',
      rule: media ? 'template-header-kind' : 'template-unknown-parameter',
      severity: 'warning',
      message: media
        ? def.header
          ? t('Template "{0}" has a header of kind "{1}", not "{2}": this parameter does not fit it.', templateId, def.header.type, name)
          : t('Template "{0}" has no header: the "{1}" parameter does not fit it.', templateId, name)
        : t('Template "{0}" has no parameter "{1}" (it takes {2}).', templateId, name, expected.length ? expected.map((e) => e.name).join(', ') : t('none')),
    });
  }
  return out;
}

/** The definition of template `id`, through own properties only (an id such as "constructor" finds nothing). */
function templatesOwn(definitions: TemplateDefinitions | undefined, id: string): TemplateDefinition | undefined {
  return definitions && id && Object.prototype.hasOwnProperty.call(definitions, id) ? definitions[id] : undefined;
}

export const template: MessageKind = {
  id: 'template',
  title: 'Template',
  group: 'Template',
  summary: 'An approved template with its parameters: the only message allowed outside the 24-hour window',
  icon: 'notebook-template',
  placement: 'message',
  contentSchema: (): Schema => ({
    type: 'object',
    required: ['template'],
    additionalProperties: false,
    markdownDescription: doc('Template message', 'mandatory for template messages', [
      'A message from a template approved in Webex Connect (Tools → Templates). `template` is its id; `parameters` gives every parameter the template has.',
      'With a template message, `channels.OTT-Messaging.wa` holds no `type` (at most `identity_key_hash`).',
    ]),
    properties: {
      template: {
        type: 'string',
        pattern: '\\S',
        errorMessage: 'Give the id of an approved template (Tools → Templates in Webex Connect), or a {{variable}}.',
        markdownDescription: doc(
          'Template id',
          true,
          ['The id Webex Connect shows for the approved template (Tools → Templates): a string of digits, not the template\'s WhatsApp name. An unknown id is rejected with 7108.', 'The setting `wxc.templates` can give each id its `name`.'],
          `"template": "${SAMPLE_TEMPLATE_ID}"`,
        ),
      },
      parameters: {
        type: 'object',
        markdownDescription: doc('Parameters', 'mandatory when the template has any', [
          'Every parameter configured on the template. Keys:',
          '- `image` / `video` / `document`: the media header, `{ "link": "https://…", "filename"?: "…" }`;',
          '- `headerText`: the text header\'s variable;',
          '- a body variable by its name (the docs write `"{{variable1}}"`; `"variable1"` works too);',
          '- dates, amounts and dynamic URL buttons as typed objects;',
          `- \`quickReply\`: up to ${QUICK_REPLY_MAX} \`{ "button_text", "payload" }\`;`,
          `- \`otp\`: \`{ "type": "otp", "value": "123456" }\` for authentication templates (no spaces, at most ${OTP_MAX} characters).`,
          `A value that is empty or puts more than ${MAX_CONSECUTIVE_SPACES} spaces in a row into the text is rejected by WhatsApp.`,
        ]),
        properties: {
          ...Object.fromEntries(TEMPLATE_MEDIA.map((m) => [m, mediaParameter(m)])),
          headerText: { type: 'string', markdownDescription: doc('Header text', 'when the template\'s header has a variable', ['The value of the text header\'s variable.']) },
          quickReply: {
            type: 'array',
            maxItems: QUICK_REPLY_MAX,
            markdownDescription: doc('Quick replies', false, [`Up to ${QUICK_REPLY_MAX} buttons: \`{ "button_text": "…", "payload": "…" }\`.`]),
            items: {
              type: 'object',
              required: ['button_text', 'payload'],
              additionalProperties: false,
              properties: { button_text: { type: 'string', markdownDescription: 'The button\'s text as in the template.' }, payload: { type: 'string', markdownDescription: 'Sent back to you when the button is tapped.' } },
            },
          },
          otp: {
            type: 'object',
            required: ['type', 'value'],
            additionalProperties: false,
            markdownDescription: doc('One-time password', 'for authentication templates', [`\`{ "type": "otp", "value": "123456" }\`: no spaces, at most ${OTP_MAX} characters.`]),
            properties: { type: { const: 'otp', errorMessage: 'The otp parameter\'s "type" is "otp".' }, value: { type: 'string', markdownDescription: `The code, without spaces, at most ${OTP_MAX} characters.` } },
          },
        },
        additionalProperties: typedParameter(),
      },
    },
  }),
  scaffold: (stops: Stops, mediaBase?: string) => ({
    template: stops.text(SAMPLE_TEMPLATE_ID),
    parameters: {
      image: { link: stops.text(mediaBase ? new URL('offer.jpg', mediaBase).href : 'https://cdn.example.com/media/offer.jpg') },
      name: stops.text('Ada'),
      code: stops.text('SPRING25'),
    },
  }),
  check({ payload, templates, fill }) {
    const message = payload.message;
    if (!isObject(message)) return [];
    const parameters = isObject(message.parameters) ? message.parameters : undefined;
    const out = parameters ? checkValues(parameters) : [];
    if (typeof message.template === 'number') return [...out, ...checkNumericTemplateId(message.template, templates)];
    const written = typeof message.template === 'string' ? message.template : '';
    const id = fill(written);
    if (!id.trim() || id.includes('{{')) return out; // blank: the schema's; a {{variable}} left: the variables check's
    out.push(...checkTemplateId(id, templates, !written.includes('{{')));
    if (!templates) return out;
    const defined = resolveTemplateId(id, templates);
    if (defined) out.push(...checkDefinition(defined, parameters, templates));
    else if (isTemplateId(id)) out.push(unknownTemplate(id, templates));
    return out;
  },
  preview(input) {
    const message = isObject(input.payload.message) ? input.payload.message : {};
    const id = typeof message.template === 'string' ? input.fill(message.template) : '';
    const parameters = isObject(message.parameters) ? message.parameters : {};
    const given = givenParameters(parameters);
    /** What a parameter puts into the text: a string as it is, a typed one its fallback, URL suffix or code. */
    const valueOf = (value: unknown): string | undefined => {
      if (typeof value === 'string') return input.fill(value);
      if (!isObject(value)) return value === undefined ? undefined : JSON.stringify(value);
      for (const key of ['fallback_value', 'payload', 'value', 'link']) if (typeof value[key] === 'string') return input.fill(value[key] as string);
      return JSON.stringify(value);
    };
    const lookup = (name: string) => (given.has(name) ? valueOf(parameters[given.get(name)!]) : undefined);
    const def = templatesOwn(input.templates, id);
    const mediaKey = TEMPLATE_MEDIA.find((m) => (def ? def.header?.type === m : isObject(parameters[m])));
    let header: Header | undefined;
    if (mediaKey) header = { tile: mediaTile(input, mediaKey, parameters[mediaKey], 'link') };
    else if (def?.header?.type === 'text' && def.header.text !== undefined) header = { text: richText(def.header.text, () => lookup('headerText')) };
    const common = { kind: 'template' as const, template: id, label: templateLabel(id, input.templates), ...(header ? { header } : {}) };
    const table = [...given].filter(([name]) => !(TEMPLATE_MEDIA as readonly string[]).includes(name)).map(([name, key]) => ({ name, value: valueOf(parameters[key]) ?? '' }));
    if (!def) return { ...common, defined: false, buttons: [], parameters: table };
    const buttons = (def.buttons ?? []).map((b) => {
      const url = b.url === undefined ? undefined : b.url.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole) => (b.name && given.has(b.name) ? (valueOf(parameters[given.get(b.name)!]) ?? whole) : whole));
      return { type: b.type, text: b.text ?? (b.type === 'otp' ? t('Copy code') : (b.name ?? b.type)), ...(url !== undefined ? { url } : {}) };
    });
    return {
      ...common,
      defined: true,
      ...(def.body !== undefined ? { body: richText(def.body, lookup) } : {}),
      ...(def.footer !== undefined ? { footer: richText(def.footer, () => undefined) } : {}),
      buttons,
      parameters: table,
    };
  },
  describe({ payload, templates }) {
    const message = payload.message;
    const id = isObject(message) && typeof message.template === 'string' ? message.template : '?';
    return t('template {0}', templateLabel(id, templates));
  },
};

/**
 * The JSON schema of the setting `wxc.templates` (package.json contributes it; a unit test keeps
 * the two the same): the tenant's approved templates by id.
 */
export function templateDefinitionsSchema(): Schema {
  const placeholders = 'Placeholders are written `{{name}}`, as in Webex Connect\'s template editor; each becomes a parameter of that name.';
  return {
    type: 'object',
    default: {},
    scope: 'window',
    markdownDescription: [
      'The tenant\'s approved WhatsApp templates (Webex Connect: Tools → Templates), by template id (the digits Webex Connect shows, not the WhatsApp name). A template payload (`"message": { "template": "<id>", "parameters": { … } }`) is checked against its definition: an unknown id, a missing or unknown parameter, a media header of the wrong kind. Ids and parameter names are offered as completions; `name` is shown beside the id, and a name written where the id goes gets a fix that writes the id. Example:',
      '',
      '```json',
      '"wxc.templates": {',
      `  "${SAMPLE_TEMPLATE_ID}": { "name": "${SAMPLE_TEMPLATE_NAME}", "header": { "type": "image" }, "body": "Hi {{name}}, use {{code}} for 20% off." }`,
      '}',
      '```',
    ].join('\n'),
    propertyNames: {
      pattern: '^[0-9]+$',
      patternErrorMessage: 'A template is described under its id: the digits Webex Connect shows in Tools → Templates (e.g. "602076559564625"), not its WhatsApp name (write that as "name").',
    },
    additionalProperties: {
      type: 'object',
      additionalProperties: false,
      markdownDescription: 'A template: its WhatsApp name, header, body text with `{{placeholders}}`, footer and buttons.',
      properties: {
        name: {
          type: 'string',
          pattern: TEMPLATE_NAME_PATTERN,
          patternErrorMessage: 'A WhatsApp template name is lower-case letters, digits and underscores, e.g. "spring_offer".',
          markdownDescription: 'The template\'s WhatsApp name (lower-case letters, digits, underscores; e.g. `spring_offer`), shown beside its id in completions, hovers, the preview, the send confirmation and the history.',
        },
        language: { type: 'string', markdownDescription: 'Language code, e.g. `en_US`.' },
        category: { type: 'string', enum: ['marketing', 'utility', 'authentication'], markdownDescription: 'The template category.' },
        header: {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          markdownDescription: 'The header: `{ "type": "text", "text": "…" }` or a media header `{ "type": "image" | "video" | "document" }` (its parameter is `image`, `video` or `document`).',
          properties: {
            type: { type: 'string', enum: ['text', ...TEMPLATE_MEDIA] },
            text: { type: 'string', markdownDescription: `The header text. ${placeholders} A placeholder here makes the \`headerText\` parameter.` },
          },
        },
        body: { type: 'string', markdownDescription: `The body text. ${placeholders}` },
        footer: { type: 'string', markdownDescription: 'The footer text.' },
        buttons: {
          type: 'array',
          markdownDescription: 'The buttons: `{ "type": "url", "name": "track", "text": "Track", "url": "https://example.com/{{1}}" }` (a dynamic URL makes a parameter named after `name`), `{ "type": "quickReply", "text": "Yes" }`, `{ "type": "otp" }` (authentication templates: the `otp` parameter).',
          items: {
            type: 'object',
            required: ['type'],
            additionalProperties: false,
            properties: {
              type: { type: 'string', enum: ['url', 'quickReply', 'otp'] },
              name: { type: 'string', markdownDescription: 'The parameter name of a dynamic URL button.' },
              text: { type: 'string', markdownDescription: 'The button\'s label.' },
              url: { type: 'string', markdownDescription: 'The button\'s URL; a `{{placeholder}}` makes it dynamic.' },
            },
          },
        },
      },
    },
  };
}
