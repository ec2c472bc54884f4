import { describe, expect, it } from 'vitest';
import { compareUrl, ConfigError, fleetConfigFromFile, formatConfigProblems, parseDuration, parseFleetConfig } from './config.ts';

const valid = `
infraRepo:
  commitUrlTemplate: https://git.example.com/infra/-/commit/{sha}
aws:
  buildAccount: { id: "111111111111", name: ci, regions: [us-east-1] }
  productionAccounts:
    - { id: "222222222222", name: prod, regions: [us-east-1, eu-west-1], roleArn: "arn:aws:iam::222222222222:role/reader" }
workerTypes:
  - { key: rhel8-builder, baseOs: rhel8, role: builder }
`;

/** The problems without their lines, which their own test asserts. */
function problemsOf(text: string) {
  const result = parseFleetConfig(text);
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problems.map(({ key, message }) => ({ key, message }));
}

describe('parseFleetConfig', () => {
  it('accepts a minimal config and fills the documented defaults', () => {
    const result = parseFleetConfig(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.tags.commit).toBe('infra_commit');
    expect(result.config.sync.images).toBe(60_000);
    expect(result.config.infraRepo.packerPath).toBe('packer/');
    expect(result.config.workerTypes[0]!.asgs).toEqual([]);
  });

  it('names the key, what is wrong and what is allowed for each problem, all at once', () => {
    const problems = problemsOf(
      valid
        .replace('"111111111111"', '11111')
        .replace('us-east-1, eu-west-1', 'us-east-1, Europe')
        .replace('{sha}', '{commit}'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { key: 'aws.buildAccount.id', message: 'must be a string, got the number 11111: quote it in YAML' },
        { key: 'aws.productionAccounts.0.regions.1', message: expect.stringContaining('AWS region such as us-east-1') },
        { key: 'infraRepo.commitUrlTemplate', message: 'must contain {sha}' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('fills the compare link from its template, and refuses a template without both commits', () => {
    const withCompare = valid.replace('commit/{sha}', 'commit/{sha}\n  compareUrlTemplate: https://git.example.com/infra/-/compare/{from}...{to}');
    const result = parseFleetConfig(withCompare);
    if (!result.ok) throw new Error('expected the config to be accepted');
    expect(compareUrl(result.config, 'aaa', 'bbb')).toBe('https://git.example.com/infra/-/compare/aaa...bbb');
    const plain = parseFleetConfig(valid);
    if (!plain.ok) throw new Error('expected the config to be accepted');
    expect(compareUrl(plain.config, 'aaa', 'bbb')).toBeNull();
    expect(problemsOf(withCompare.replace('{from}...', ''))).toEqual([
      { key: 'infraRepo.compareUrlTemplate', message: 'must contain {from} (the older commit) and {to} (the newer one)' },
    ]);
  });

  it('says on which line each problem stands, and for a missing key the line of the key it belongs under', () => {
    const text = valid.replace('"111111111111"', '11111').replace('baseOs: rhel8, ', '');
    const result = parseFleetConfig(text);
    if (result.ok) throw new Error('expected the config to be refused');
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(result.problems.find((p) => p.key === 'aws.buildAccount.id')?.line).toBe(lineOf('11111'));
    expect(result.problems.find((p) => p.key === 'workerTypes.0.baseOs')?.line).toBe(lineOf('key: rhel8-builder'));
    expect(formatConfigProblems('fleet.yaml', result.problems)).toContain(`aws.buildAccount.id (line ${lineOf('11111')}): must be a string`);
  });

  it('refuses unknown keys so that a typo does not silently fall back to a default', () => {
    expect(problemsOf(valid.replace('workerTypes:', 'workerTypez: []\nworkerTypes:'))).toEqual([
      { key: '(top level)', message: expect.stringContaining('unknown key "workerTypez"') },
    ]);
  });

  it('reports a missing section as required', () => {
    const problems = problemsOf(valid.replace(/workerTypes:[\s\S]*/, ''));
    expect(problems).toEqual([{ key: 'workerTypes', message: 'is required (array)' }]);
  });

  it('refuses duplicate worker types and accounts listed twice', () => {
    const doubled = valid.replace(/( {2}- \{ key: rhel8-builder.*\n)/, '$1$1').replace('"222222222222", name: prod', '"111111111111", name: prod');
    const keys = problemsOf(doubled).map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['workerTypes.1.key', 'aws']));
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('infraRepo: [unclosed\n');
    expect(problems[0]!.message).toMatch(/not valid YAML/);
    expect(problems[0]!.key).toMatch(/line \d+/);
  });

  it('refuses durations without a unit', () => {
    expect(problemsOf(`${valid}sync: { images: "30" }\n`)).toEqual([
      { key: 'sync.images', message: 'must be a duration such as 30s, 5m or 1h' },
    ]);
    expect(parseDuration('5m')).toBe(300_000);
  });
});

describe('fleetConfigFromFile', () => {
  it('resolves a relative clone path against the config file folder', () => {
    const config = fleetConfigFromFile(valid.replace('{sha}\n', '{sha}\n  localClone: ../infra\n'), 'x.yaml', '/etc/fleet');
    expect(config.infraRepo.localClone).toBe('/etc/fleet/../infra');
  });

  it('throws one error listing every problem, one line each', () => {
    expect(() => fleetConfigFromFile('aws: 3\n', '/etc/fleet/portal.yaml', '/etc/fleet')).toThrow(ConfigError);
    try {
      fleetConfigFromFile('aws: 3\n', '/etc/fleet/portal.yaml', '/etc/fleet');
    } catch (error) {
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toBe('/etc/fleet/portal.yaml: 3 problems');
      expect(lines.slice(1)).toEqual([
        '  infraRepo: is required (object)',
        '  aws (line 1): must be object, got number',
        '  workerTypes: is required (array)',
      ]);
    }
  });
});
