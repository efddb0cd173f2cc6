// ESLint flat config. Type-aware rules run on every TypeScript file of the workspace.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Frameworks and drivers the pure libraries must never import (ARCHITECTURE: "Layout"). */
const PURE_LIBRARY_FORBIDDEN = ['@nestjs/*', 'typeorm', 'typeorm-*', 'pg', 'pg-*', '@electric-sql/*', 'kafkajs', 'fastify', '@fastify/*'];


/** Node modules that reach outside the process: the pure packages use none of them. */
const IO_MODULES = ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'dgram', 'dns', 'tls', 'worker_threads', 'cluster', 'os', 'process', 'readline', 'timers', 'timers/promises', 'perf_hooks', 'inspector'].flatMap((m) => [m, `node:${m}`]);

/** The drivers through which SQL reaches PostgreSQL: only `libs/store` (and test harnesses) hold SQL. */
const DATABASE_DRIVERS = ['pg', 'pg-*', 'typeorm', 'typeorm-*', '@electric-sql/*'];

const SQL_IN_STORE = 'SQL lives in libs/store: add a repository method there and call it.';
/** A string or template that starts like a SQL statement. */
const SQL_START = '/^\\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|LISTEN|NOTIFY|SET LOCAL)\\s/';
const SQL_TEXT = [
  { selector: `Literal[value=${SQL_START}]`, message: SQL_IN_STORE },
  { selector: `TemplateLiteral > TemplateElement:first-child[value.raw=${SQL_START}]`, message: SQL_IN_STORE },
];

const NO_VM = [
  { name: 'vm', message: 'Nothing from a model or request may be evaluated as JavaScript; use FEEL.' },
  { name: 'node:vm', message: 'Nothing from a model or request may be evaluated as JavaScript; use FEEL.' },
];

/**
 * The layers, lowest first (ARCHITECTURE "Layout"): a package imports only packages below it.
 * `client` stands apart and imports nothing of the engine.
 */
const WORKSPACE_PACKAGES = ['contracts', 'bpmn', 'dmn', 'runtime', 'store', 'kafka', 'client', 'testing', 'engine', 'workers', 'cli', 'e2e', 'modeler'];
const LAYERS = [
  { files: ['libs/contracts/src/**/*.ts'], may: [], pure: true },
  { files: ['libs/bpmn/src/**/*.ts'], may: ['contracts'], pure: true },
  // DMN reuses the BPMN package's hostile-XML guard, FEEL limits and syntax checks (ADR 0010).
  { files: ['libs/dmn/src/**/*.ts'], may: ['contracts', 'bpmn'], pure: true },
  { files: ['libs/runtime/src/**/*.ts'], may: ['contracts', 'bpmn', 'dmn'], pure: true },
  { files: ['libs/store/src/**/*.ts'], may: ['contracts', 'bpmn', 'dmn', 'runtime'] },
  { files: ['libs/kafka/src/**/*.ts'], may: ['contracts', 'bpmn', 'dmn', 'runtime', 'store'], sqlFree: true },
  { files: ['libs/client/src/**/*.ts'], may: ['contracts'], sqlFree: true },
  { files: ['apps/engine/src/**/*.ts'], may: ['contracts', 'bpmn', 'dmn', 'runtime', 'store', 'kafka'], sqlFree: true },
  { files: ['apps/workers/src/**/*.ts', 'apps/cli/src/**/*.ts'], may: ['contracts', 'client', 'bpmn', 'dmn'], sqlFree: true },
];

/** One config block per layer: forbidden packages, and for the pure ones I/O, clock, randomness and environment. */
function layerRules({ files, may, pure = false, sqlFree = false }) {
  const forbidden = WORKSPACE_PACKAGES.filter((p) => !may.includes(p)).map((p) => `@osprey/${p}`);
  const patterns = [{ group: forbidden, message: `Layers: ${files[0].split('/src')[0]} ${may.length ? 'may import only ' + may.map((p) => '@osprey/' + p).join(', ') : 'imports no workspace package'}.` }];
  if (pure) {
    patterns.push({ group: PURE_LIBRARY_FORBIDDEN, message: 'The pure packages import no Nest, TypeORM, pg or Kafka.' });
  } else if (sqlFree) {
    patterns.push({ group: DATABASE_DRIVERS, message: SQL_IN_STORE });
  }
  const paths = pure
    ? [
        ...NO_VM,
        ...IO_MODULES.map((name) => ({ name, message: 'The pure packages do no I/O: take what you need as an argument.' })),
        ...['crypto', 'node:crypto'].map((name) => ({ name, importNames: ['randomUUID', 'randomBytes', 'randomInt', 'getRandomValues', 'webcrypto'], message: 'The pure packages take randomness as an argument.' })),
      ]
    : NO_VM;
  const rules = { 'no-restricted-imports': ['error', { paths, patterns }] };
  if (sqlFree || pure) rules['no-restricted-syntax'] = ['error', ...SQL_TEXT];
  if (pure) {
    const clock = 'The pure packages read no clock, randomness or environment: the command carries them.';
    rules['no-restricted-properties'] = ['error', { object: 'Date', property: 'now', message: clock }, { object: 'Math', property: 'random', message: clock }, { object: 'performance', property: 'now', message: clock }];
    rules['no-restricted-globals'] = ['error', ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'fetch', 'process'].map((name) => ({ name, message: clock }))];
    rules['no-restricted-syntax'] = [
      'error',
      ...SQL_TEXT,
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clock },
      { selector: "AssignmentExpression > MemberExpression.left > MemberExpression.object[property.name='prototype']", message: 'Patch no prototypes: wrap the dependency instead.' },
      { selector: "CallExpression[callee.object.name='Object'][callee.property.name=/^(defineProperty|defineProperties|assign|setPrototypeOf)$/] > MemberExpression.arguments:first-child[property.name='prototype']", message: 'Patch no prototypes: wrap the dependency instead.' },
    ];
    rules['no-extend-native'] = 'error';
  }
  return { files, rules };
}

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.services/**', '.osprey/**', 'scripts/**', '**/*.mjs', '**/*.cjs', '**/*.js'],
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
      'no-restricted-imports': ['error', { paths: NO_VM }],
    },
  },
  // Layers and purity, enforced (ARCHITECTURE "Layout").
  ...LAYERS.map(layerRules),
  {
    // The web app runs in the browser: it takes its API types from the contracts, type-only, so
    // no schema code reaches the bundle, and imports nothing else of the workspace (ADR 0019).
    files: ['modeler/src/**/*.ts', 'modeler/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@osprey/contracts'], allowTypeImports: true, message: 'The web app imports only types from @osprey/contracts (import type).' },
            { group: WORKSPACE_PACKAGES.filter((p) => p !== 'contracts').map((p) => `@osprey/${p}`), message: 'The web app imports no workspace package but the contracts\' types.' },
          ],
        },
      ],
    },
  },
  {
    // Preact handlers may be async: each one reports its own failure in the page (a toast or an
    // inline error), and the browser only logs a rejection a handler missed.
    files: ['modeler/**/*.tsx'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    files: ['**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
