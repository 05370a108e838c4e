// Import rules of src, checked by `npm run lint` (dependency-cruiser): no circle, type imports
// included, and the layers: src/core is plain Node that the command line and the sandbox reuse.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No two files import each other, directly or around a circle (type-only imports count: they are how circles creep in).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-plain-node',
      severity: 'error',
      comment: 'src/core imports no vscode: the command line and the sandbox run it in plain Node.',
      from: { path: '^src/core/' },
      to: { path: '^vscode$' },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'src/core is the bottom layer: nothing from the editor, the command line, the sandbox or the webview.',
      from: { path: '^src/core/' },
      to: { path: '^src/(editor|cli|sandbox|webview)/|^src/extension\\.ts$' },
    },
    {
      name: 'core-rooms-flow-down',
      severity: 'error',
      comment:
        'src/core is layered by domain: text, json, net below payload, below media, below messages, below schema, checks, inbound, delivery and send. A lower room never reaches up (a contract it needs lives with it).',
      from: { path: '^src/core/(text|json|net|payload|media|messages)/' },
      to: { path: '^src/core/(checks|schema|send|delivery|inbound|build)/|^src/core/preview\\.ts$' },
    },
    {
      name: 'inbound-beside-delivery',
      severity: 'error',
      comment:
        'inbound (the customer\'s events, conversations, the 24-hour window) sits beside delivery: it uses text, json, net and payload; delivery\'s receiver and send\'s history hand it reports and sends, never the other way round.',
      from: { path: '^src/core/inbound/' },
      to: { path: '^src/core/(checks|schema|send|delivery|build|media|messages)/|^src/core/preview\\.ts$' },
    },
    {
      name: 'core-basics-stay-basic',
      severity: 'error',
      comment: 'text, json and net know nothing of payloads, media or message kinds.',
      from: { path: '^src/core/(text|json|net)/' },
      to: { path: '^src/core/(payload|media|messages)/' },
    },
    {
      name: 'payload-below-media-below-messages',
      severity: 'error',
      comment: 'payload knows no media or kinds; media knows no kinds.',
      from: { path: '^src/core/(payload|media)/' },
      to: { path: '^src/core/messages/' },
    },
    {
      name: 'payload-below-media',
      severity: 'error',
      comment: 'payload knows no media.',
      from: { path: '^src/core/payload/' },
      to: { path: '^src/core/media/' },
    },
    {
      name: 'build-time-code-apart',
      severity: 'error',
      comment: 'src/core/build runs only at build time (scripts/build.mjs): nothing that runs in the product imports it.',
      from: { path: '^src/', pathNot: '^src/core/build/' },
      to: { path: '^src/core/build/' },
    },
    {
      name: 'cli-and-sandbox-import-only-core',
      severity: 'error',
      comment: 'The command line and the sandbox run in plain Node on src/core; the command line also starts the sandbox (wxc sandbox).',
      from: { path: '^src/(cli|sandbox)/' },
      to: { path: '^vscode$|^src/(editor|webview)/|^src/extension\\.ts$' },
    },
    {
      name: 'sandbox-knows-no-cli',
      severity: 'error',
      comment: 'The sandbox is started by the command line, not the other way round.',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'webview-imports-only-types',
      severity: 'error',
      comment: 'The webview script (src/webview) runs in a browser: from src/core it takes types only.',
      from: { path: '^src/webview/' },
      to: { path: '^src/(core|editor|cli|sandbox)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'editor-is-not-imported-below',
      severity: 'error',
      comment: 'Imports flow extension.ts → src/editor → src/core, never back.',
      from: { pathNot: '^src/(editor/|extension\\.ts$)' },
      to: { path: '^src/(editor/|extension\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/core/generated/schemaValidator\\.ts$' },
    // Type-only imports are dependencies too (TypeScript erases them; a circle through them is still a circle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
