import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

// The portal talks to @fleet/api only (DESIGN.md); tools/testing/src/boundaries.test.ts proves these hold.
const TOOLS = { group: ['@fleet/sim', '@fleet/embedded', '@fleet/testing', '@fleet/bench'], message: 'production code never imports tools/' };
const SOURCES = {
  group: ['@fleet/aws', '@fleet/jenkins', '@fleet/prometheus', '@fleet/sync', '@fleet/worker', '@aws-sdk/*'],
  message: 'the portal has no AWS, Jenkins or Prometheus code and runs no sync: read Postgres through @fleet/api',
};
const PRISMA = {
  selector: "MemberExpression[object.property.name='prisma'][property.name=/^[a-z]/], MemberExpression[object.name='prisma'][property.name=/^[a-z]/]",
  message: 'query through a packages/db repository, behind @fleet/api',
};

const config = [
  { ignores: ['.next/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { patterns: [TOOLS, SOURCES, { group: ['@fleet/db'], message: 'the portal reads the fleet through @fleet/api; only src/server opens the database' }] }],
      'no-restricted-syntax': ['error', PRISMA],
    },
  },
  {
    files: ['src/server/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TOOLS, SOURCES] }] },
  },
];

export default config;
