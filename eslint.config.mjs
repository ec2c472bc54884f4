import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The architecture in DESIGN.md: core imports nothing of ours; adapters import core only;
    // production code never imports tools/.
    files: ['packages/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@fleet/*', 'node:*'] }] },
  },
  {
    files: ['packages/aws/**/*.ts', 'packages/db/**/*.ts', 'packages/jenkins/**/*.ts', 'packages/prometheus/**/*.ts'],
    // Tests may drive the adapters against the simulator.
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@fleet/*', '!@fleet/core'], message: 'adapters import @fleet/core only' }] },
      ],
    },
  },
  {
    files: ['packages/**/*.ts', 'apps/**/*.ts', 'apps/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@fleet/sim', '@fleet/embedded', '@fleet/testing'], message: 'production code never imports tools/' }] },
      ],
    },
  },
);
