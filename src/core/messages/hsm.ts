/** HSM messages: documented by Webex Connect but deprecated; template messages replace them. */
import { t } from '../text/l10n';
import { MessageKind, Schema, Stops, doc } from './kind';
import { WA_PATH } from '../payload/envelope';
import { isObject } from '../json/values';

export const hsm: MessageKind = {
  id: 'hsm',
  title: 'HSM (deprecated)',
  group: 'Template',
  summary: 'Deprecated: send a template message instead',
  icon: 'warning',
  placement: 'wa',
  deprecated: 'HSM messages are deprecated: send a template message ("message": { "template": …, "parameters": … }) instead.',
  contentSchema: (): Schema => ({
    type: 'object',
    additionalProperties: false,
    markdownDescription: doc('HSM (deprecated)', 'deprecated', ['Highly structured messages are deprecated in Webex Connect: send a **template message** instead (a top-level `message` with `template` and `parameters`).']),
    properties: {
      namespace: { type: 'string', markdownDescription: 'The template namespace.' },
      element_name: { type: 'string', markdownDescription: 'The template name.' },
      language: {
        type: 'object',
        properties: { code: { type: 'string', markdownDescription: 'Language code, e.g. `en`.' }, policy: { type: 'string', markdownDescription: '`deterministic` or `fallback`.' } },
      },
      localizable_params: { type: 'array', markdownDescription: 'The template\'s parameters, in order.' },
    },
  }),
  scaffold: (stops: Stops) => ({ namespace: stops.text('namespace'), element_name: stops.text('element_name'), language: { code: 'en', policy: 'deterministic' }, localizable_params: [] }),
  preview: () => ({ kind: 'notice', message: t('HSM messages are deprecated in Webex Connect: send a template message instead (a top-level "message" with "template" and "parameters").') }),
  check({ wa }) {
    if (!isObject(wa) || wa.type !== 'hsm') return [];
    return [{ path: [...WA_PATH, 'type'], rule: 'hsm-deprecated', severity: 'warning', message: t('HSM messages are deprecated in Webex Connect: send a template message instead (a top-level "message" with "template" and "parameters").') }];
  },
};
