#!/usr/bin/env node
// `npm start`: builds and packages the extension, installs it into a real VS Code (code-server,
// fetched once into .cache/), opens the samples/ workspace and prints the local address.
//   PORT=8080 npm start     (default: 8080, or a free port when it is taken)
import { join } from 'node:path';
import { createServer } from 'node:net';
import { cacheDir, root } from './lib/toolchain.mjs';
import { packageVsix, startCodeServer } from './lib/codeServer.mjs';

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

const wanted = Number(process.env.PORT ?? 8080);
const port = (await portIsFree(wanted)) ? wanted : undefined;
const vsix = packageVsix(join(cacheDir, 'start', 'webex-connect-whatsapp.vsix'));
const server = await startCodeServer({
  folder: join(root, 'samples'),
  stateDir: join(cacheDir, 'start'),
  port,
  vsix,
});

console.log(`
  Webex Connect WhatsApp is running in VS Code at:

    ${server.url}

  Open it in a browser. The samples/ workspace holds one payload per media type;
  try F1 → "Webex Connect: New WhatsApp Message…" or type wa-image in a .wa.json file.
  Press Ctrl+C to stop.
`);

const shutdown = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.child.on('exit', (code) => {
  console.error(`code-server stopped (exit code ${code}).`);
  process.exit(code ?? 1);
});
