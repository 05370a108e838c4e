/**
 * `wxc`, the command line (bundled to dist/wxc.js): the editor's checks and send path for CI and
 * scripts. Each command lives in a file of its own; this one dispatches and maps errors to exit codes
 * (0 fine, 1 problems found or a send that failed, 2 a usage error, 130/143 interrupted by SIGINT/SIGTERM).
 */
import { t } from '../core/text/l10n';
import { terminalSafe } from '../core/text/printable';
import { SANDBOX_HELP } from '../sandbox/help';
import { isInterruptionCode } from './interrupt';
import { Io, UsageError } from './usage';
import { runValidate } from './validate';

// send (node-fetch, http), code (httpsnippet) and the sandbox (its server) load only when their
// command runs: a validate in CI starts without them.
/* eslint-disable @typescript-eslint/no-require-imports -- deferred on purpose (see above) */
const sendCommand = () => require('./send') as typeof import('./send');
const codeCommand = () => require('./code') as typeof import('./code');
const sandboxCommand = () => require('../sandbox/run') as typeof import('../sandbox/run');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Set by the build from package.json (scripts/build.mjs). */
declare const __WXC_VERSION__: string | undefined;
export const VERSION = typeof __WXC_VERSION__ === 'string' ? __WXC_VERSION__ : '0.0.0-dev';

export const HELP = `Usage: wxc <command> [options]

Webex Connect WhatsApp payloads (*.wa.json, *.wa.jsonc) outside the editor, with its checks.

Commands:
  validate [paths or globs…]   check payload files: syntax, schema, media and message checks
  send FILE --env NAME         send one payload (key from $WXC_SERVICE_KEY, a JWT's secret from $WXC_SERVICE_SECRET; --follow: its reports)
  sandbox [--port N]           start the local sandbox API (key from $WXC_SANDBOX_KEY)
  code FILE --env NAME -l LANG print the payload as code: curl, node, python, php, csharp, java, go

Options:
  -h, --help                   help (also: wxc <command> --help)
  -v, --version                the version

Exit codes: 0 success, 1 problems found or a send that failed, 2 a usage error, 124 send --follow
timed out (--follow-timeout), 130 and 143 interrupted by Ctrl-C (SIGINT) or SIGTERM.`;

/**
 * An unknown option in the words of this command line: node's own message goes on about
 * positional arguments after '--' (and leaves a quote open), which no wxc command takes that way.
 */
function unknownOption(err: Error, command: string | undefined): string {
  const option = /^Unknown option '([^']*)'/.exec(err.message)?.[1];
  if (option === undefined) return err.message;
  return t('Unknown option "{0}" for wxc {1}: wxc {1} --help lists its options.', option, command ?? '');
}

/** Runs a command line; resolves to the exit code (the sandbox keeps running and never resolves). */
export async function run(argv: string[], io: Io & { interactive: boolean }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.out(VERSION);
        return 0;
      case 'validate':
        return runValidate(rest, io);
      case 'send':
        return await sendCommand().runSend(rest, { ...io, ask: sendCommand().askOnTerminal });
      case 'code':
        return codeCommand().runCode(rest, io);
      case 'sandbox':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.out(SANDBOX_HELP);
          return 0;
        }
        await sandboxCommand().runSandbox(rest, io.env);
        return new Promise<number>(() => undefined);
      default:
        throw new UsageError(t('Unknown command "{0}". Commands: validate, send, sandbox, code (wxc --help).', command));
    }
  } catch (err) {
    // node:util parseArgs reports unknown options and missing values with these codes.
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (err instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`wxc: ${code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownOption(err as Error, command) : (err as Error).message}`);
      return 2;
    }
    throw err;
  }
}

/**
 * Writing to a stream that a reader may close (`wxc validate | head`): once it is gone (EPIPE),
 * the rest is dropped and the command ends with its own exit code, as Unix tools do, instead of
 * node's stack trace for an unhandled 'error' event.
 */
function quietWhenClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    gone = true;
  });
  return (text) => {
    if (!gone) stream.write(text);
  };
}

if (require.main === module) {
  // Whatever a command prints, no control character reaches the terminal raw (a payload, an
  // answer or a settings file could hold one); the commands also escape line breaks where a
  // line must stay one line (terminalSafe is idempotent).
  const out = quietWhenClosed(process.stdout);
  const err = quietWhenClosed(process.stderr);
  const io = {
    out: (s: string) => out(`${terminalSafe(s, { keepLineFeeds: true })}\n`),
    err: (s: string) => err(`${terminalSafe(s, { keepLineFeeds: true })}\n`),
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      // Interrupted: the user wants the process gone, even with a connection or a prompt still open.
      if (isInterruptionCode(code)) process.exit(code);
    },
    (err: Error) => {
      process.stderr.write(`wxc: ${terminalSafe(err.message, { keepLineFeeds: true })}\n`);
      process.exitCode = 2;
    },
  );
}
