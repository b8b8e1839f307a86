// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', '.cache/', '.heard-data/', 'src/db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Layout is Prettier's job (npm run format); eslint only checks meaning.
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        document: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Application code learns the time from a Clock; benchmarks and scripts may time themselves.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Pass a Clock instead of reading the system clock.',
        },
      ],
    },
  },
  {
    // The domain is pure: no I/O, no database, no web, no system clock. CI fails on any of these.
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/db',
                '**/web/**',
                '**/services/**',
                '**/reports/**',
                '**/cli/**',
                '**/storage/**',
              ],
              message: 'src/domain must not depend on outer layers.',
            },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'node:net',
                'node:http',
                'node:https',
                'node:child_process',
                'fs',
                'pg',
                '@electric-sql/*',
                'drizzle-orm',
                'drizzle-orm/*',
                'fastify',
                '@fastify/*',
              ],
              message: 'src/domain does no I/O.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code never reads the system clock: take a Clock or a date.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Domain code never reads the system clock: take a Clock or a date.',
        },
      ],
    },
  },
);
