// ESLint flat config: correctness rules only; layout is Prettier's job (docs/adr/0010-lint-and-format.md).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import rules of the layers (docs/design.md, "Import rules"). */
const FRAMEWORK_IMPORTS = [
  { regex: '^(fastify|fastify-plugin)($|/)|^@fastify/', message: 'oauth/ is the protocol core: it owns no HTTP (docs/design.md).' },
  { regex: '^kysely($|/)', message: 'oauth/ is the protocol core: storage reaches it through ports (docs/design.md).' },
];
const HTTP_LAYER = { regex: '(^|/)http(/|$)', message: 'The HTTP layer sits on top: nothing below it imports http/ (docs/design.md).' };

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/coverage/', '**/test-output/', '**/data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Kysely's untyped handles (`Kysely<any>`) and test doubles need `any` in a few places.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` the server factory reads before buildApp assigns it stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['packages/server/src/oauth/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...FRAMEWORK_IMPORTS, HTTP_LAYER] }] },
  },
  {
    files: ['packages/server/src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [HTTP_LAYER] }] },
  },
  {
    // One way to open a transaction: store/transaction.ts, which on SQLite joins the group commit directly (docs/adr/0025-sqlite-group-commit.md).
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/store/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='transaction'][arguments.length=0]",
          message: 'Open a transaction with transaction(db, work) from store/transaction.ts.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
