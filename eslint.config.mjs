import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The arrows of DESIGN.md, one block per part of the tree. Flat config replaces a rule's options
// with the last matching block's, so the parts' file globs never overlap and each block lists
// every ban that applies to its files; tools/testing/src/boundaries.test.ts proves each holds.
const TOOLS = { group: ['@fleet/sim', '@fleet/embedded', '@fleet/testing', '@fleet/bench'], message: 'production code never imports tools/' };
const NODE = { group: ['node:*', ...builtinModules], message: 'core runs in the browser too: no Node modules (core/node/ is the one Node entry point)' };
const ABOVE_ADAPTERS = ['@fleet/sync', '@fleet/api', '@fleet/worker', '@fleet/portal'];
const SOURCES = ['@fleet/aws', '@fleet/jenkins', '@fleet/prometheus'];
const TESTS = ['**/*.test.ts', '**/test/**', '**/testing/**', '**/fixtures/**'];

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/generated/**', '**/dist/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: TESTS,
    rules: restrict({ group: ['@fleet/*'], message: 'core imports nothing of ours' }, NODE),
  },
  {
    // Core's tests may run real tools (ansible-playbook) and read fixtures; core itself stays pure.
    files: TESTS.map((glob) => `packages/core/${glob}`),
    rules: restrict({ group: ['@fleet/*'], message: 'core imports nothing of ours' }),
  },
  {
    files: ['packages/core/node/**/*.ts'],
    rules: restrict({ group: ['@fleet/*'], message: 'core imports nothing of ours' }),
  },
  {
    files: ['packages/{aws,db,jenkins,prometheus}/**/*.ts'],
    ignores: TESTS,
    rules: restrict({ group: ['@fleet/*', '!@fleet/core', '!@fleet/core/*'], message: 'adapters import @fleet/core only' }),
  },
  {
    // Tests may drive an adapter against the simulator and throw-away databases, never the layers above.
    files: TESTS.map((glob) => `packages/{aws,db,jenkins,prometheus}/${glob}`),
    rules: restrict({ group: ABOVE_ADAPTERS, message: 'an adapter’s tests stay below the layers that compose it' }),
  },
  {
    files: ['packages/sync/**/*.ts'],
    ignores: TESTS,
    rules: restrict({ group: ['@fleet/api', '@fleet/worker', '@fleet/portal'], message: 'sync sits below the API and the worker' }, TOOLS),
  },
  {
    // Procedures read Postgres; only an action's code (an `actions/` folder) calls AWS or Jenkins.
    files: ['packages/api/**/*.ts'],
    ignores: [...TESTS, 'packages/api/src/**/actions/**'],
    rules: restrict(
      { group: SOURCES, message: 'routers and read models read Postgres only: call AWS, Jenkins or Prometheus from an action (an actions/ folder)' },
      { group: ['@fleet/worker', '@fleet/portal'], message: 'the API sits below the worker and the portal' },
      TOOLS,
    ),
  },
  {
    files: ['packages/api/src/**/actions/**/*.ts'],
    ignores: TESTS,
    rules: restrict({ group: ['@fleet/worker', '@fleet/portal'], message: 'the API sits below the worker and the portal' }, TOOLS),
  },
  {
    files: ['apps/worker/**/*.ts'],
    ignores: TESTS,
    rules: restrict({ group: ['@fleet/portal'], message: 'the worker and the portal are separate processes' }, TOOLS),
  },
  {
    // Only packages/db touches Prisma's models: everyone else calls a repository, so every query
    // has one home and an index to go with it.
    files: ['packages/{api,sync}/**/*.ts', 'apps/**/*.ts', 'apps/**/*.tsx'],
    ignores: TESTS,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='prisma'][property.name=/^[a-z]/], MemberExpression[object.name='prisma'][property.name=/^[a-z]/]",
          message: 'query through a packages/db repository, not the Prisma client',
        },
      ],
    },
  },
);
