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
import { own } from '../json/values';
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
  /** `"notifyurl": "{{notifyurl}}"` was left out: no receiver fills it in here (see `omitUnfilledNotifyUrl`). */
  readonly notifyUrlOmitted?: boolean;
}

/** What a send confirmation, its progress and its log line call the message: "template 602076559564625 (spring_offer) message to 1 recipient". */
export function sendSummary(prepared: Pick<PreparedMessage, 'messageType' | 'recipients'>): string {
  return prepared.recipients === 1
    ? t('{0} message to 1 recipient', prepared.messageType)
    : t('{0} message to {1} recipients', prepared.messageType, prepared.recipients);
}

/** A note for a send or a copied command that left `notifyurl` out. */
export function notifyUrlOmittedNote(): string {
  return t('"notifyurl": "{0}" was left out: no delivery receiver runs here to fill it in, so no delivery reports will come.', `{{${NOTIFY_URL_VARIABLE}}}`);
}

export interface RejectedMessage {
  readonly ok: false;
  /** What stopped it: the first kind of check that failed. */
  readonly stage: 'syntax' | 'variables' | 'schema' | 'checks';
  readonly problems: Problem[];
  /** What stopped it, without the problems: "Not sent: the payload can't be read:". */
  readonly lead: string;
  /** A one-paragraph summary for a notification: the lead and the problems, each place written once. */
  readonly summary: string;
  /** `{{notifyurl}}` is among the undefined variables: starting the delivery receiver fills it in. */
  readonly needsReceiver?: boolean;
}

export type Preparation = PreparedMessage | RejectedMessage;

/** Problems one after another, each with its place once: "line 3, column 5: …; line 4, column 1: …." */
export function describeProblems(problems: readonly Problem[], max = 5): string {
  // Each message is a sentence; its full stop would stand before the "; " (".; ").
  const shown = problems.slice(0, max).map((p) => describeProblem(p).replace(/\.$/, ''));
  const more = problems.length > max ? ` ${t('(and {0} more)', problems.length - max)}` : '';
  return `${shown.join('; ')}.${more}`;
}

function reject(stage: RejectedMessage['stage'], problems: Problem[], lead: string): RejectedMessage {
  return { ok: false, stage, problems, lead, summary: `${lead} ${describeProblems(problems)}` };
}

/** Whether `value` is exactly a reference to `{{notifyurl}}` (spaces inside the braces allowed). */
function isNotifyUrlReference(value: unknown): boolean {
  return typeof value === 'string' && new RegExp(`^\\{\\{\\s*${NOTIFY_URL_VARIABLE}\\s*\\}\\}$`).test(value);
}

/** Parses, fills in variables and validates; the result is either sendable or explained. */
export function prepareMessage(
  text: string,
  variables: Readonly<Record<string, string>>,
  environmentName = t('the active environment'),
  options: {
    templates?: TemplateDefinitions;
    /**
     * Leave out `"notifyurl": "{{notifyurl}}"` when `variables` don't fill it in, instead of refusing:
     * for a copied command and `wxc send` without --follow, where no receiver of this editor waits.
     */
    omitUnfilledNotifyUrl?: boolean;
  } = {},
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
  let notifyUrlOmitted = false;
  if (options.omitUnfilledNotifyUrl && !own(variables, NOTIFY_URL_VARIABLE) && isNotifyUrlReference(payload.notifyurl)) {
    const { notifyurl: _omitted, ...withoutNotifyUrl } = payload;
    void _omitted;
    payload = withoutNotifyUrl;
    notifyUrlOmitted = true;
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
    ...(notifyUrlOmitted ? { notifyUrlOmitted } : {}),
  };
}
