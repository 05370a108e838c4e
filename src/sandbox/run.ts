/**
 * Running the Messaging API sandbox from a terminal, for dist/sandbox.js (src/sandbox/cli.ts) and
 * `wxc sandbox` alike:
 *   WXC_SANDBOX_KEY=… node dist/sandbox.js [--port N] [--templates FILE] [--delivery-delay MS] [--webhook-secret SECRET]
 *                                          [--service-id ID --service-secret BASE64]
 * The port may also come from WXC_SANDBOX_PORT; 0 (the default) picks a free one. The approved
 * templates come from FILE (or WXC_SANDBOX_TEMPLATES), else from the shipped src/sandbox/templates.json.
 * Delivery reports come a delay apart (200 ms by default) and are signed with the webhook secret
 * (or WXC_SANDBOX_WEBHOOK_SECRET, which keeps it out of the process list) when one is given.
 * With a service id and secret (or WXC_SANDBOX_SERVICE_ID / WXC_SANDBOX_SERVICE_SECRET) it checks
 * Bearer JWTs as Webex Connect does: HS256 signed with the decoded secret, `iss` the service id;
 * anything else 7001 (an `iat` more than 5 minutes ahead or an `exp` more than 60 minutes after it
 * included), a token past `exp` or issued over 60 minutes ago 7005 (Request expired).
 * The customers' events go to --webhook-url (or WXC_SANDBOX_WEBHOOK_URL), a URL on this machine.
 */
import { startSandbox } from './server';
import { readTemplatesFile } from './templates';
import { decodeServiceSecret } from '../core/send/jwt';
import { webhookUrlProblem } from './webhook';

const USAGE = 'the options are [--port N] [--templates FILE] [--delivery-delay MS] [--webhook-secret SECRET] [--webhook-url URL] [--service-id ID --service-secret BASE64]; wxc sandbox --help says what each does';
const VALUED = ['--port', '--templates', '--delivery-delay', '--webhook-secret', '--webhook-url', '--service-id', '--service-secret'] as const;
type Valued = (typeof VALUED)[number];
/** Longest a delivery delay may be: a minute between reports is already a long wait. */
const MAX_DELIVERY_DELAY_MS = 60_000;

export interface CliSettings {
  port: number;
  serviceKey: string;
  /** A templates file to use instead of the shipped templates. */
  templatesFile?: string;
  /** Between a recipient's delivery reports; 200 ms by default. */
  deliveryDelayMs?: number;
  /** Signs the delivery reports (and the customers' events) when set. */
  webhookSecret?: string;
  /** Where the customers' events go (on this machine). */
  webhookUrl?: string;
  /** With serviceSecret: JWTs are checked (issuer). */
  serviceId?: string;
  /** The service secret, Base64 as Webex Connect shows it. */
  serviceSecret?: string;
}

/** Reads the port and key from arguments and environment; throws a user-facing message when they are unusable. */
export function parseCliSettings(argv: readonly string[], env: NodeJS.ProcessEnv): CliSettings {
  const values: Partial<Record<Valued, string>> = {
    '--port': env.WXC_SANDBOX_PORT,
    '--templates': env.WXC_SANDBOX_TEMPLATES || undefined,
    '--webhook-secret': env.WXC_SANDBOX_WEBHOOK_SECRET || undefined,
    '--webhook-url': env.WXC_SANDBOX_WEBHOOK_URL || undefined,
    '--service-id': env.WXC_SANDBOX_SERVICE_ID || undefined,
    '--service-secret': env.WXC_SANDBOX_SERVICE_SECRET || undefined,
  };
  const given = new Set<Valued>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = VALUED.find((v) => arg === v || arg.startsWith(`${v}=`));
    if (name === undefined) throw new Error(`unknown argument: ${arg} (${USAGE})`);
    given.add(name);
    if (arg === name) {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      values[name] = argv[++i];
    } else {
      values[name] = arg.slice(name.length + 1);
    }
  }
  const portText = values['--port'];
  const templatesFile = values['--templates'];
  if (templatesFile === '') throw new Error('--templates needs a file name');
  if (values['--webhook-secret'] === '') throw new Error('--webhook-secret needs a value');
  const webhookUrl = values['--webhook-url'];
  const urlProblem = webhookUrl === undefined ? undefined : webhookUrlProblem(webhookUrl);
  if (urlProblem) throw new Error(`invalid --webhook-url: it ${urlProblem}`);
  const jwt = jwtSettings(values['--service-id'], values['--service-secret'], given.has('--service-secret') ? '--service-secret' : 'WXC_SANDBOX_SERVICE_SECRET');
  const delayText = values['--delivery-delay'];
  const deliveryDelayMs = delayText === undefined ? undefined : Number(delayText);
  if (deliveryDelayMs !== undefined && (delayText === '' || !Number.isInteger(deliveryDelayMs) || deliveryDelayMs < 0 || deliveryDelayMs > MAX_DELIVERY_DELAY_MS)) {
    throw new Error(`invalid --delivery-delay: ${delayText} (milliseconds, 0 to ${MAX_DELIVERY_DELAY_MS})`);
  }
  const port = portText === undefined || portText === '' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${portText}`);
  const serviceKey = env.WXC_SANDBOX_KEY;
  if (!serviceKey) {
    throw new Error('WXC_SANDBOX_KEY is not set: export the service key the sandbox should accept, e.g. WXC_SANDBOX_KEY=test-key');
  }
  return {
    port,
    serviceKey,
    ...(templatesFile !== undefined ? { templatesFile } : {}),
    ...(deliveryDelayMs !== undefined ? { deliveryDelayMs } : {}),
    ...(values['--webhook-secret'] !== undefined ? { webhookSecret: values['--webhook-secret'] } : {}),
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    ...jwt,
  };
}

/** The JWT options: both or neither, the secret valid Base64 (a bad one named by where it came from, `secretFrom`). */
function jwtSettings(serviceId: string | undefined, serviceSecret: string | undefined, secretFrom: string): Pick<CliSettings, 'serviceId' | 'serviceSecret'> {
  if (serviceId === '') throw new Error('--service-id needs a value');
  if (serviceSecret === '') throw new Error('--service-secret needs a value');
  if (serviceId === undefined && serviceSecret === undefined) return {};
  if (serviceId === undefined || serviceSecret === undefined) {
    throw new Error('--service-id and --service-secret go together (or WXC_SANDBOX_SERVICE_ID and WXC_SANDBOX_SERVICE_SECRET): give both to check JWTs');
  }
  const decoded = decodeServiceSecret(serviceSecret);
  if (!decoded.ok) throw new Error(`${secretFrom}: ${decoded.error}`);
  return { serviceId, serviceSecret };
}

/** Starts the sandbox from command-line arguments and runs it until SIGINT or SIGTERM; exits 2 on unusable arguments. */
export async function runSandbox(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  let settings: CliSettings;
  let templates;
  try {
    settings = parseCliSettings(argv, env);
    templates = settings.templatesFile === undefined ? undefined : readTemplatesFile(settings.templatesFile);
  } catch (err) {
    console.error(`Webex Connect sandbox: ${(err as Error).message}`);
    process.exit(2);
  }
  const sandbox = await startSandbox({
    port: settings.port,
    serviceKey: settings.serviceKey,
    templates,
    deliveryDelayMs: settings.deliveryDelayMs,
    webhookSecret: settings.webhookSecret,
    webhookUrl: settings.webhookUrl,
    serviceId: settings.serviceId,
    serviceSecret: settings.serviceSecret,
    log: (line) => console.log(line),
  });
  console.log(`Webex Connect sandbox listening on ${sandbox.url}`);
  if (settings.serviceId !== undefined) console.log(`JWTs are checked: HS256, issued by service ${settings.serviceId}, signed with the decoded service secret`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(`Webex Connect sandbox: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
