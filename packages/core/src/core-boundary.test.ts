import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rule that keeps core pure, proven on both sides of its test-file exception. */
describe('the core import boundary', () => {
  const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../../..') });
  const restrictedImports = async (filePath: string) => {
    const [report] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", { filePath });
    return report!.messages.filter((message) => message.ruleId === 'no-restricted-imports').length;
  };

  it('rejects a node: import in core code', async () => {
    expect(await restrictedImports('packages/core/src/housekeeping/recap-parser.ts')).toBe(1);
  });

  it('allows one in a core test, which may drive real tools', async () => {
    expect(await restrictedImports('packages/core/src/housekeeping/real-ansible.test.ts')).toBe(0);
  });
});
