/**
 * Prepare-to-send: payload text + environment variables → the exact JSON to POST, or every
 * reason not to, each with its line, column and field. Nothing here talks to the network.
 */
import { countRecipients } from '../payload/envelope';
import { ParsedPayload, Problem, describeProblem, locate, parsePayload } from '../json/jsonc';
import { checkMessage } from '../checks/messages';
import { t } from '../text/l10n';
import { describeMessage } from '../messages';
import { TemplateDefinitions } from '../messages/templateDefinitions';
import { validatePayload } from '../schema/validate';
import { NOTIFY_URL_VARIABLE, malformedVariableMessage, resolveVariables } from '../payload/variables';

export interface PreparedMessage {
  readonly ok: true;
  /** The JSON text to send: comments gone, `$schema` dropped, variables filled in. */
  readonly body: string;
  readonly value: Record<string, unknown>;
  /** What the message is: its type ("image", "list"…), or "template <id>" (with its name from wxc.templates: "template 602076559564625 (spring_offer)"). */
  readonly messageType: string;
  /** How many recipient ids (waid and bsuid) the payload addresses. */
  readonly recipients: number;
  /** Variable names that were filled in. */
  readonly variablesUsed: string[];
}

/** What a send confirmation, its progress and its log line call the message: "template 602076559564625 (spring_offer) message to 1 recipient(s)". */
export function sendSummary(prepared: Pick<PreparedMessage, 'messageType' | 'recipients'>): string {
  return t('{0} message to {1} recipient(s)', prepared.messageType, prepared.recipients);
}

export interface RejectedMessage {
  readonly ok: false;
  /** What stopped it: the first kind of check that failed. */
  readonly stage: 'syntax' | 'variables' | 'schema' | 'checks';
  readonly problems: Problem[];
  /** A one-paragraph summary for a notification. */
  readonly summary: string;
  /** `{{notifyurl}}` is among the undefined variables: starting the delivery receiver fills it in. */
  readonly needsReceiver?: boolean;
}

export type Preparation = PreparedMessage | RejectedMessage;

function reject(stage: RejectedMessage['stage'], problems: Problem[], lead: string): RejectedMessage {
  const shown = problems.slice(0, 5).map(describeProblem);
  const more = problems.length > 5 ? ` ${t('(and {0} more)', problems.length - 5)}` : '';
  return { ok: false, stage, problems, summary: `${lead} ${shown.join('; ')}${more}` };
}

/** Parses, fills in variables and validates; the result is either sendable or explained. */
export function prepareMessage(
  text: string,
  variables: Readonly<Record<string, string>>,
  environmentName = t('the active environment'),
  options: { templates?: TemplateDefinitions } = {},
): Preparation {
  const parsed: ParsedPayload = parsePayload(text);
  if (parsed.problems.length > 0) return reject('syntax', parsed.problems, t("Not sent: the payload can't be read:"));
  if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return reject('schema', [locate(parsed, [], t('The payload must be a JSON object ({0}).', '{ … }'))], t('Not sent:'));
  }
  let payload = parsed.value as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(payload, '$schema')) {
    const { $schema: _ignored, ...withoutSchema } = payload;
    void _ignored;
    payload = withoutSchema;
  }
  const resolution = resolveVariables(payload, variables);
  if (resolution.unresolved.length > 0) {
    const problems = resolution.unresolved.map((u) =>
      locate(
        parsed,
        u.path,
        u.name === NOTIFY_URL_VARIABLE
          ? t('{0} is filled in while the delivery receiver runs: start it with "Webex Connect: Start Delivery Receiver", then send again.', `{{${u.name}}}`)
          : t('{0} is not defined in {1}. Add it to the environment\'s "variables" (setting wxc.environments).', `{{${u.name}}}`, environmentName),
      ),
    );
    const lead =
      resolution.unresolved.length === 1
        ? t('Not sent: a variable is not defined in {0}:', environmentName)
        : t('Not sent: variables are not defined in {0}:', environmentName);
    const rejected = reject('variables', problems, lead);
    return resolution.unresolved.some((u) => u.name === NOTIFY_URL_VARIABLE) ? { ...rejected, needsReceiver: true } : rejected;
  }
  if (resolution.leftovers.length > 0) {
    const problems = resolution.leftovers.map((b) => locate(parsed, b.path, malformedVariableMessage(b.text)));
    return reject('variables', problems, t('Not sent:'));
  }
  const problems = validatePayload(parsed, resolution.value);
  if (problems.length > 0) return reject('schema', problems, t('Not sent: the payload does not match the schema.'));
  const value = resolution.value;
  // What the API or WhatsApp would refuse that the schema can't see (list rows, duplicate ids, template parameters).
  const refused = checkMessage(parsed, { templates: options.templates }, value).filter((f) => f.severity === 'error');
  if (refused.length > 0) return reject('checks', refused, t('Not sent: WhatsApp would refuse this message:'));
  return {
    ok: true,
    body: JSON.stringify(value),
    value,
    messageType: describeMessage(value, options.templates),
    recipients: countRecipients(value),
    variablesUsed: resolution.used,
  };
}
