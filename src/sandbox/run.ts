/**
 * Running the Messaging API sandbox from a terminal, for dist/sandbox.js (src/sandbox/cli.ts) and
 * `wxc sandbox` alike:
 *   WXC_SANDBOX_KEY=… node dist/sandbox.js [--port N] [--templates FILE]
 * The port may also come from WXC_SANDBOX_PORT; 0 (the default) picks a free one. The approved
 * templates come from FILE (or WXC_SANDBOX_TEMPLATES), else from the shipped src/sandbox/templates.json.
 */
import { startSandbox } from './server';
import { readTemplatesFile } from './templates';

const USAGE = 'usage: sandbox.js [--port N] [--templates FILE]';

export interface CliSettings {
  port: number;
  serviceKey: string;
  /** A templates file to use instead of the shipped templates. */
  templatesFile?: string;
}

/** Reads the port and key from arguments and environment; throws a user-facing message when they are unusable. */
export function parseCliSettings(argv: readonly string[], env: NodeJS.ProcessEnv): CliSettings {
  let portText = env.WXC_SANDBOX_PORT;
  let templatesFile = env.WXC_SANDBOX_TEMPLATES || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg === '--templates') {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      if (arg === '--port') portText = argv[++i];
      else templatesFile = argv[++i];
    } else if (arg.startsWith('--port=')) {
      portText = arg.slice('--port='.length);
    } else if (arg.startsWith('--templates=')) {
      templatesFile = arg.slice('--templates='.length);
    } else {
      throw new Error(`unknown argument: ${arg} (${USAGE})`);
    }
  }
  if (templatesFile === '') throw new Error('--templates needs a file name');
  const port = portText === undefined || portText === '' ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${portText}`);
  const serviceKey = env.WXC_SANDBOX_KEY;
  if (!serviceKey) {
    throw new Error('WXC_SANDBOX_KEY is not set: export the service key the sandbox should accept, e.g. WXC_SANDBOX_KEY=test-key');
  }
  return { port, serviceKey, ...(templatesFile !== undefined ? { templatesFile } : {}) };
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
  const sandbox = await startSandbox({ port: settings.port, serviceKey: settings.serviceKey, templates, log: (line) => console.log(line) });
  console.log(`Webex Connect sandbox listening on ${sandbox.url}`);
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
