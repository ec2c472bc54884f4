import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  { ignores: ['.next/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // The portal reads the fleet through @fleet/api only (DESIGN.md: portal talks to api).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@fleet/sim', '@fleet/embedded', '@fleet/testing'], message: 'production code never imports tools/' },
            { group: ['@fleet/aws', '@aws-sdk/*'], message: 'the portal has no AWS code: read Postgres through @fleet/api' },
          ],
        },
      ],
    },
  },
];

export default config;
