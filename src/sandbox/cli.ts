/**
 * dist/sandbox.js, the sandbox `npm start` runs:
 *   WXC_SANDBOX_KEY=… node dist/sandbox.js [--port N] [--templates FILE] [--delivery-delay MS] [--webhook-secret SECRET] [--webhook-url URL]
 * (see src/sandbox/run.ts; `wxc sandbox` runs the same).
 */
import { standaloneSandboxHelp } from './help';
import { runSandbox } from './run';

if (require.main === module && process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
  console.log(standaloneSandboxHelp());
} else if (require.main === module) {
  runSandbox(process.argv.slice(2), process.env).catch((err: Error) => {
    console.error(`Webex Connect sandbox: ${err.message}`);
    process.exit(1);
  });
}
