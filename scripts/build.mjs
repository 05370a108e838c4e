#!/usr/bin/env node
// Builds the extension: regenerates schema/snippets/samples from src/core, bundles
// src/extension.ts with esbuild, and (with --tests) compiles the tests with tsc.
//   node scripts/build.mjs [--production] [--tests] [--check]
// --check fails instead of writing when a generated file is out of date.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const started = Date.now();

// 1. Generated files, from the same core modules the extension uses.
const artifactsOut = join(root, 'out', 'artifacts.cjs');
await build({
  entryPoints: [join(root, 'src/core/build/artifacts.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: artifactsOut,
  // Run here, in Node, where node_modules is: ajv's compiler and mime-types load from there.
  packages: 'external',
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const { generatedFiles } = require(artifactsOut);
const stale = [];
for (const file of generatedFiles()) {
  const target = join(root, file.path);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (current === file.content) continue;
  if (args.has('--check')) {
    stale.push(file.path);
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`generated ${file.path}`);
  }
}

// The English message bundle, l10n/bundle.l10n.json, from the sources' t() calls and the schema's
// messages (src/core/build/l10nBundle.ts); bundled after the files above, which it reads, are written.
const l10nOut = join(root, 'out', 'l10nBundle.cjs');
await build({
  entryPoints: [join(root, 'src/core/build/l10nBundle.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: l10nOut,
  packages: 'external',
  logLevel: 'warning',
});
const { L10N_BUNDLE_FILE, englishBundle, extractMessages } = require(l10nOut);
const { mistakes } = extractMessages(root);
if (mistakes.length) {
  console.error(`Messages that cannot be translated as written:\n${mistakes.join('\n')}`);
  process.exit(1);
}
const l10nTarget = join(root, L10N_BUNDLE_FILE);
const l10nContent = englishBundle(root);
if (!existsSync(l10nTarget) || readFileSync(l10nTarget, 'utf8') !== l10nContent) {
  if (args.has('--check')) {
    stale.push(L10N_BUNDLE_FILE);
  } else {
    mkdirSync(dirname(l10nTarget), { recursive: true });
    writeFileSync(l10nTarget, l10nContent);
    console.log(`generated ${L10N_BUNDLE_FILE}`);
  }
}
if (stale.length) {
  console.error(`Out of date (run "npm run build" and commit): ${stale.join(', ')}`);
  process.exit(1);
}

// 2. The extension bundle, and the sandbox's: CommonJS for Node 20, as VS Code loads extensions.
// jsonc-parser's "main" is a UMD build whose dynamic requires esbuild can't follow; its ESM build bundles.
const nodeBundle = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', mainFields: ['module', 'main'] };
// The schema's compiled validator (src/core/generated/schemaValidator.ts, every message kind's
// rules) is the largest part of the code and is needed only to send: the extension loads it on the
// first send from a file of its own, dist/schemaValidator.js (see src/core/schema/validate.ts).
const validatorApart = {
  name: 'validator-apart',
  setup(b) {
    b.onResolve({ filter: /\/generated\/schemaValidator$/ }, () => ({ path: './schemaValidator.js', external: true }));
  },
};
await build({ ...nodeBundle, entryPoints: [join(root, 'src/core/generated/schemaValidator.ts')], outfile: join(root, 'dist/schemaValidator.js'), minify: production });
// httpsnippet, Copy as Code's generator, likewise loads on the first Copy as Code (src/core/send/code.ts),
// and `wxc code`, from dist/httpsnippet.js (always minified: it is not our code to debug): it is
// ESM-first, with a CommonJS build that esbuild bundles with its dependencies.
const httpsnippetApart = {
  name: 'httpsnippet-apart',
  setup(b) {
    b.onResolve({ filter: /^@readme\/httpsnippet$/ }, () => ({ path: './httpsnippet.js', external: true }));
  },
};
await build({ ...nodeBundle, entryPoints: [require.resolve('@readme/httpsnippet')], outfile: join(root, 'dist/httpsnippet.js'), minify: true });
// The engine of the schema's hovers and completions (vscode-json-languageservice, src/editor/schemaLanguage.ts)
// is loaded on the first hover or completion, from a file of its own as well.
const jsonLanguageApart = {
  name: 'json-language-apart',
  setup(b) {
    b.onResolve({ filter: /^vscode-json-languageservice$/ }, () => ({ path: './jsonLanguageService.js', external: true }));
  },
};
await build({ ...nodeBundle, stdin: { contents: "module.exports = require('vscode-json-languageservice');", resolveDir: root }, outfile: join(root, 'dist/jsonLanguageService.js'), minify: production });
await build({
  ...nodeBundle,
  entryPoints: [join(root, 'src/extension.ts')],
  plugins: [validatorApart, httpsnippetApart, jsonLanguageApart],
  // web-streams-polyfill: node-fetch's fetch-blob loads it only where Node has no ReadableStream
  // (before 16.5); VS Code's extension host has Node 20+, so it stays out of the bundle (59 KB).
  external: ['vscode', 'web-streams-polyfill'],
  outfile: join(root, 'dist/extension.js'),
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // Times the evaluation of the bundle's module code, for activate() to report (see src/extension.ts).
  // The banner repeats "use strict": esbuild's own directive would follow it and no longer count.
  banner: { js: '"use strict";var __wxcBundleLoad={start:performance.now(),end:NaN};' },
  footer: { js: '__wxcBundleLoad.end=performance.now();' },
});

// The webview scripts, the preview's (src/webview/preview.ts) and a send's response page's
// (src/webview/response.ts): browser bundles, loaded with a nonce under their panel's CSP
// (src/editor/preview.ts, src/editor/responseView.ts); they import only types from src/core.
for (const name of ['preview', 'response']) {
  await build({
    entryPoints: [join(root, `src/webview/${name}.ts`)],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile: join(root, `dist/${name}.js`),
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
  });
}

// The local sandbox API, run by `npm start` (not part of the VSIX).
await build({ ...nodeBundle, entryPoints: [join(root, 'src/sandbox/cli.ts')], outfile: join(root, 'dist/sandbox.js') });

// The command line, `wxc` (package.json "bin"; not part of the VSIX): one file, the validator inside it,
// since validating is what it is run for; httpsnippet stays beside it for `wxc code`.
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
await build({
  ...nodeBundle,
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'dist/wxc.js'),
  plugins: [httpsnippetApart],
  external: ['web-streams-polyfill'],
  define: { __WXC_VERSION__: JSON.stringify(version) },
  banner: { js: '#!/usr/bin/env node' },
  // Always minified: Node parses less on every start (a CI run starts it once per job, a script per send).
  minify: true,
});
chmodSync(join(root, 'dist/wxc.js'), 0o755);

// 3. Tests (and a type check of everything) with tsc.
if (args.has('--tests')) {
  // tsc never deletes outputs of removed sources; a stale test file would still run.
  rmSync(join(root, 'out', 'test'), { recursive: true, force: true });
  rmSync(join(root, 'out', 'src'), { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
      stdio: 'inherit',
    });
    // The webview script runs in a browser: type-checked on its own, with the DOM's types.
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'src', 'webview', 'tsconfig.json')], {
      stdio: 'inherit',
    });
  } catch {
    console.error('TypeScript reported the errors above.');
    process.exit(1);
  }
}
console.log(`build done in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
