import { parseFleetConfig } from './config.ts';

/** For the config tests: the least a fleet config needs, to which a test appends the keys it is about. */
export const MINIMAL_CONFIG = `
infraRepo:
  commitUrlTemplate: https://git.example.com/infra/-/commit/{sha}
aws:
  buildAccount: { id: "111111111111", name: ci, regions: [us-east-1] }
  productionAccounts: [{ id: "222222222222", name: prod, regions: [us-east-1] }]
workerTypes:
  - { key: rhel8-builder, baseOs: rhel8, role: builder }
`;

/** The minimal config plus `extra`, which must be valid. */
export function parseWith(extra: string) {
  const result = parseFleetConfig(MINIMAL_CONFIG + extra);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.key}: ${p.message}`).join('\n'));
  return result.config;
}

/** The problems of the minimal config plus `extra`, which must be refused, without their lines (config.test.ts asserts those). */
export function problemsWith(extra: string) {
  const result = parseFleetConfig(MINIMAL_CONFIG + extra);
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problems.map(({ key, message }) => ({ key, message }));
}
