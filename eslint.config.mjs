// ESLint flat config. Type-aware rules run on every TypeScript file of the workspace.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Frameworks and drivers the pure libraries must never import (ARCHITECTURE: "Layout"). */
const PURE_LIBRARY_FORBIDDEN = ['@nestjs/*', 'typeorm', 'typeorm-*', 'pg', 'pg-*', '@electric-sql/*', 'kafkajs', 'fastify', '@fastify/*'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'modeler/**', '.services/**', '.osprey/**', 'scripts/**', '**/*.mjs', '**/*.cjs', '**/*.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'vm', message: 'Nothing from a model or request may be evaluated as JavaScript; use FEEL.' }, { name: 'node:vm', message: 'Nothing from a model or request may be evaluated as JavaScript; use FEEL.' }] }],
    },
  },
  {
    // The interpreter and the compiler are pure: no framework, database or broker.
    files: ['libs/runtime/**/*.ts', 'libs/bpmn/**/*.ts', 'libs/dmn/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vm', message: 'Use FEEL.' }, { name: 'node:vm', message: 'Use FEEL.' }],
          patterns: [{ group: PURE_LIBRARY_FORBIDDEN, message: 'libs/runtime, libs/bpmn and libs/dmn stay pure: no Nest, TypeORM, pg or Kafka.' }],
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
