/** What startSandbox is given (SandboxOptions) and the settings it runs with once the defaults are filled in. */
import type { TemplateDefinitions } from '../core/messages/templateDefinitions';
import { type SandboxLimits, limitsOf } from './bounds';
import { decodeServiceSecret } from '../core/send/jwt';
import type { JwtService } from './jwt';
import { SHIPPED_TEMPLATES } from './templates';
import { webhookUrlProblem } from './webhook';

export interface SandboxOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  serviceKey: string;
  /** With serviceSecret: the service id JWTs must be issued by (`iss`); without both, JWTs are not checked. */
  serviceId?: string;
  /** The service secret as Webex Connect shows it (Base64); JWTs are checked against its decoded bytes. */
  serviceSecret?: string;
  /** Delay before each delivery report of a recipient (Submitted, Delivered, Read); 200 ms by default. */
  deliveryDelayMs?: number;
  /** Signs every delivery report with `x-hub-signature: sha256=…` (HMAC of the body); unsigned without. */
  webhookSecret?: string;
  log?: (line: string) => void;
  /** The approved templates it knows (answering 7108 for any other id); the shipped ones by default. */
  templates?: TemplateDefinitions;
  /** Where the customers' events go (a URL on this machine), until PUT or DELETE /sandbox/webhook changes it. */
  webhookUrl?: string;
  /** How many of each thing it keeps (bounds.ts); the defaults otherwise. */
  limits?: Partial<SandboxLimits>;
  /** What time it is, in milliseconds (Date.now by default): tests move it to cross the 24-hour window. */
  clock?: () => number;
}

/** The options with every default applied, as the parts of the sandbox read them. */
export interface SandboxSettings {
  readonly serviceKey: string;
  /** The service JWTs are checked against; undefined when the sandbox was given no service id and secret. */
  readonly jwt: JwtService | undefined;
  readonly deliveryDelayMs: number;
  /** Undefined (reports unsigned) when none or an empty one was given. */
  readonly webhookSecret: string | undefined;
  readonly log: (line: string) => void;
  readonly templates: TemplateDefinitions;
  readonly webhookUrl: string | undefined;
  readonly limits: SandboxLimits;
  readonly clock: () => number;
}

/** Where the sandbox listens: loopback only. */
export const HOST = '127.0.0.1';
const DEFAULT_DELIVERY_DELAY_MS = 200;

/** The JWT service of the options; throws when only one of id and secret is given, or the secret is not Base64. */
function jwtServiceOf(options: SandboxOptions): JwtService | undefined {
  const { serviceId, serviceSecret } = options;
  if (!serviceId && !serviceSecret) return undefined;
  if (!serviceId || !serviceSecret) throw new Error('a service id and a service secret go together: give both to check JWTs, or neither');
  const decoded = decodeServiceSecret(serviceSecret);
  if (!decoded.ok) throw new Error(decoded.error);
  return { serviceId, secret: decoded.bytes };
}

/** The settings of a sandbox started with these options (the port stays with the options: only listening needs it); throws on unusable JWT options. */
export function settingsOf(options: SandboxOptions): SandboxSettings {
  const problem = options.webhookUrl === undefined ? undefined : webhookUrlProblem(options.webhookUrl);
  if (problem) throw new Error(`webhookUrl ${problem}`);
  return {
    serviceKey: options.serviceKey,
    jwt: jwtServiceOf(options),
    deliveryDelayMs: options.deliveryDelayMs ?? DEFAULT_DELIVERY_DELAY_MS,
    webhookSecret: options.webhookSecret || undefined,
    log: options.log ?? (() => undefined),
    templates: options.templates ?? SHIPPED_TEMPLATES,
    webhookUrl: options.webhookUrl,
    limits: limitsOf(options.limits),
    clock: options.clock ?? Date.now,
  };
}
