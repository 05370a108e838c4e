#!/usr/bin/env node
// `npm start`: builds and packages the extension, starts the local sandbox API, installs the
// extension into a real VS Code (code-server, fetched once into .cache/) with a "sandbox"
// environment pointing at it, opens a copy of the samples (.cache/playground/, copied once: a file
// already there is never overwritten, so your edits survive the next npm start and the repository's
// generated samples/ stay as built) and prints the local addresses.
//   PORT=8080 WXC_SANDBOX_PORT=3210 npm start     (defaults; a taken port falls back to a free one)
//   WXC_SANDBOX_TEMPLATES=my-templates.json npm start   (the sandbox's approved templates; default
//                                                        src/sandbox/templates.json)
import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SANDBOX_KEY_VARIABLE, packageVsix, sandboxEnvironment, startCodeServer, startSandboxProcess } from './lib/codeServerVsix.mjs';
import { cacheDir, root } from './lib/toolchain.mjs';

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function portOrFree(wanted) {
  return (await portIsFree(wanted)) ? wanted : 0;
}

// The samples to try things on: copied from samples/ once, a file already there (edited or not) kept.
const playground = join(cacheDir, 'playground');
cpSync(join(root, 'samples'), playground, { recursive: true, force: false, errorOnExist: false });

const vsix = packageVsix(join(cacheDir, 'start', 'webex-connect-whatsapp.vsix'));
// A throwaway key for this run: the sandbox accepts only it, and the extension reads it from the
// environment of the VS Code process, through the "sandbox" environment's keyFromEnv in the user
// settings (the documented way, honoured only there), so the key is in no file and no setting.
const templates = process.env.WXC_SANDBOX_TEMPLATES || join(root, 'src', 'sandbox', 'templates.json');
const sandbox = await startSandboxProcess({
  port: await portOrFree(Number(process.env.WXC_SANDBOX_PORT ?? 3210)),
  key: `sandbox-${randomBytes(16).toString('hex')}`,
  templates,
});
const port = await portOrFree(Number(process.env.PORT ?? 8080));
const server = await startCodeServer({
  folder: playground,
  stateDir: join(cacheDir, 'start'),
  port: port || undefined,
  vsix,
  env: { [SANDBOX_KEY_VARIABLE]: sandbox.key },
  environments: sandboxEnvironment(sandbox.url),
  // The editor checks template payloads against the same definitions the sandbox answers with
  // (the sandbox has already refused a file that is not in their format).
  // The receiver starts with the extension (a setting honoured only in user settings), and, the
  // sandbox being the active environment, becomes the webhook of the sandbox's customers.
  userSettings: { 'wxc.templates': JSON.parse(readFileSync(templates, 'utf8')), 'wxc.deliveryReceiver.startOnOpen': true },
});

console.log(`
  Webex Connect WhatsApp is running in VS Code at:

    ${server.url}

  The local sandbox API answers at ${sandbox.url} (its accepted messages: ${sandbox.url}/).
  VS Code has a "sandbox" environment selected that sends there (in its user settings, the
  key read from the environment variable ${SANDBOX_KEY_VARIABLE} of its process).

  Its approved templates (${templates}) are the editor's
  setting wxc.templates too; any other template id is answered 7108.

  The samples open from ${playground} (a copy of samples/, made once: edit them freely; delete a
  file there to get its fresh copy on the next npm start).

  Try it: open image.wa.jsonc, click "Send with sandbox" above the payload (or F1 →
  "Webex Connect: Send Message"), and read the answer; its delivery (the samples' "notifyurl":
  "{{notifyurl}}") goes Queued → Submitted → Delivered → Read in the Sends view, in the
  activity bar's "Webex Connect: Sends and Conversations". "New WhatsApp Message…" and the
  wa-image snippet scaffold new payloads.

  The sandbox plays the customer too: the editor's delivery receiver starts with the extension
  (the user setting wxc.deliveryReceiver.startOnOpen) and is the sandbox's webhook, so send
  reply.wa.jsonc, then tap its buttons in the preview (or write on ${sandbox.url}/) and the
  customer's answer shows in the Conversations view.
  Press Ctrl+C to stop.
`);

const shutdown = () => {
  server.stop();
  sandbox.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.child.on('exit', (code) => {
  console.error(`code-server stopped (exit code ${code}).`);
  sandbox.stop();
  process.exit(code ?? 1);
});
