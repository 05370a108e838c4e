// ESLint flat config: typescript-eslint's recommended rules for the extension and its tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The compiled schema validator is generated (ajv standalone code, 260 KB): nothing to lint, much to parse.
  { ignores: ['dist/', 'out/', '.cache/', 'node_modules/', '.test-results/', 'src/core/generated/schemaValidator.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'fetch', 'setTimeout', 'clearTimeout', 'URL', 'URLSearchParams', 'Buffer'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': 'off',
    },
  },
  {
    // src/core stays free of VS Code so it runs in plain Node.
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }] }] },
  },
  {
    // The command line runs in plain Node: src/core and src/sandbox, never VS Code or src/editor.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'src/cli runs without VS Code.' }], patterns: [{ group: ['**/editor/**', '../editor/*'], message: 'src/cli must not import src/editor.' }] },
      ],
    },
  },
);
