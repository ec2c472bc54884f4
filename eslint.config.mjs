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
  {
    // The architecture in DESIGN.md: core imports nothing of ours and no node: module. Last, so
    // the general rule for packages above does not replace this one for core files.
    files: ['packages/core/**/*.ts'],
    // Tests may drive real tools (ansible-playbook) and read fixtures; core itself stays pure.
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@fleet/*', 'node:*'] }] },
  },
);
