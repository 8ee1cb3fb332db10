import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ARCHITECTURE.md's "what may import what", as lint rules: a file importing across a boundary fails `npm test`.
// Flat config keeps only the last `no-restricted-imports` that matches a file, so each entry repeats the SDK rule.
const SDK_ONLY_IN_LAYER = {
  group: ['@aws-sdk/*'],
  allowTypeImports: true,
  message:
    'Only src/aws/layer.ts and src/aws/sdk/ load the AWS SDK (lazily: dist/aws-<service>.js, dist/awsSignIn.js, dist/awsConfig.js).',
};
/** Relative imports of a folder of src/, from any depth (`../x/…`, `../../x/…`). */
const folder = (name) => [`../${name}`, `../${name}/**`, `../../${name}`, `../../${name}/**`];
const top = (name) => [`../${name}`, `../../${name}`];
const FEATURES = ['inspector', 'imagebuilder', 'dockerfile', 'references'];
const boundary = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [SDK_ONLY_IN_LAYER, { group: forbidden.flat(), message: `${message} (ARCHITECTURE.md)` }] },
    ],
  },
});
const BOUNDARIES = [
  boundary(
    ['src/util/**/*.ts'],
    [['../*', '!../util', '../../*', 'vscode']],
    'util/ is pure and imports nothing but util/',
  ),
  boundary(
    ['src/tree/**/*.ts'],
    [...[...FEATURES, 'aws', 'ui', 'webview'].map(folder), ...['settings', 'settingsStore', 'extension'].map(top)],
    'tree/ is generic: it knows no service and no AWS type (its own Page and RowError)',
  ),
  boundary(
    ['src/webview/**/*.ts'],
    [
      ...[...FEATURES, 'aws', 'ui', 'tree'].map(folder),
      ...['settings', 'settingsStore', 'extension', 'panels'].map(top),
    ],
    'webview/ is the panel shell and the message envelope; it knows no service and no panel',
  ),
  boundary(
    ['src/aws/**/*.ts'],
    [...[...FEATURES, 'ui', 'tree', 'webview'].map(folder), ...['extension'].map(top)],
    'aws/ knows no view and no feature',
  ),
  boundary(
    ['src/ui/**/*.ts', 'src/settings.ts', 'src/settingsStore.ts'],
    [...FEATURES.map(folder), ...['extension'].map(top)],
    'ui/ and the settings know no feature folder',
  ),
  boundary(
    ['src/inspector/**/*.ts'],
    [...['imagebuilder', 'dockerfile', 'references'].map(folder), ...['extension'].map(top)],
    'inspector/ is used by the other features, never the other way round',
  ),
  boundary(
    ['src/imagebuilder/**/*.ts'],
    [...['extension'].map(top)],
    'imagebuilder/ may use the other features, not the wiring',
  ),
  boundary(
    ['src/dockerfile/**/*.ts'],
    [...['imagebuilder', 'references'].map(folder), ...['extension'].map(top)],
    'dockerfile/ may use inspector/ only',
  ),
  boundary(
    ['src/references/**/*.ts'],
    [...['imagebuilder'].map(folder), ...['extension'].map(top)],
    'references/ may use dockerfile/ and inspector/ only',
  ),
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
      'no-restricted-imports': [
        'error',
        {
          patterns: [SDK_ONLY_IN_LAYER],
        },
      ],
    },
  },
  ...BOUNDARIES,
  {
    // The AWS layer bundle, the emulator, tests and benchmarks may load the SDK.
    files: [
      'src/aws/layer.ts',
      'src/aws/clients.ts',
      'src/aws/sdk/**/*.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
