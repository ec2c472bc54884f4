import { describe, expect, it } from 'vitest';
import { type DeclaredEc2FleetCloud, declaredEc2FleetCloudSchema } from './spec.ts';
import { type CloudWorkerType, validateDeclaredClouds } from './validate.ts';

const workerTypes: CloudWorkerType[] = [
  { key: 'rhel8-builder', asgs: ['ci-int-jenkins-worker-rhel8'], jenkinsLabels: ['rhel8', 'builder'] },
  { key: 'centos7-app-sre', asgs: ['ci-int-jenkins-worker-app-sre'], jenkinsLabels: ['app-sre'] },
];

function cloud(overrides: Record<string, unknown> = {}): DeclaredEc2FleetCloud {
  return declaredEc2FleetCloudSchema.parse({
    name: 'rhel8',
    region: 'us-east-1',
    fleet: 'ci-int-jenkins-worker-rhel8',
    labelString: 'rhel8 builder',
    computerConnector: { sshConnector: { credentialsId: 'jenkins' } },
    minSize: 1,
    maxSize: 4,
    ...overrides,
  });
}

const problems = (...clouds: DeclaredEc2FleetCloud[]) => validateDeclaredClouds(clouds, workerTypes).map(({ path, code }) => ({ path, code }));

describe('validateDeclaredClouds', () => {
  it('finds nothing wrong with clouds that manage the fleet’s groups under its labels', () => {
    expect(validateDeclaredClouds([cloud(), cloud({ name: 'app-sre', fleet: 'ci-int-jenkins-worker-app-sre', labelString: 'app-sre' })], workerTypes)).toEqual([]);
  });

  it('reports a cloud whose fleet is no worker type’s Auto Scaling group, naming the known ones', () => {
    const [problem] = validateDeclaredClouds([cloud({ fleet: 'sfr-0123' })], workerTypes);
    expect(problem).toEqual({
      path: [0, 'fleet'],
      code: 'unknown-fleet',
      message: '"sfr-0123" is not an Auto Scaling group of any worker type (known: ci-int-jenkins-worker-rhel8, ci-int-jenkins-worker-app-sre); list it under a worker type\'s asgs',
    });
  });

  it('reports each label no worker type uses', () => {
    expect(problems(cloud({ labelString: 'rhel8  gpu docker' }))).toEqual([
      { path: [0, 'labelString'], code: 'unknown-label' },
      { path: [0, 'labelString'], code: 'unknown-label' },
    ]);
  });

  it('reports minSize above maxSize, counting a left-out maxSize as the plugin’s 0', () => {
    expect(problems(cloud({ minSize: 5, maxSize: 4 }))).toEqual([{ path: [0, 'minSize'], code: 'min-size-above-max-size' }]);
    expect(validateDeclaredClouds([cloud({ minSize: 1, maxSize: undefined })], workerTypes)[0]?.message).toBe('minSize 1 is above maxSize 0 (maxSize defaults to 0)');
  });

  it('reports minSpareSize above maxSize', () => {
    expect(problems(cloud({ minSpareSize: 5 }))).toEqual([{ path: [0, 'minSpareSize'], code: 'min-spare-size-above-max-size' }]);
  });

  it('reports the second cloud of a name', () => {
    expect(problems(cloud(), cloud({ labelString: 'builder' }))).toEqual([{ path: [1, 'name'], code: 'duplicate-name' }]);
  });

  it('reports a maxTotalUses the plugin cannot read or that means nothing, and accepts -1, blank and counts', () => {
    const bad = ['ten', ' 5', 0, -2, '0'].map((maxTotalUses) => validateDeclaredClouds([cloud({ maxTotalUses })], workerTypes)[0]?.message);
    expect(bad).toEqual([
      '"ten" is not a whole number; the plugin would fail to read it (use -1 for unlimited)',
      '" 5" is not a whole number; the plugin would fail to read it (use -1 for unlimited)',
      '0 would let a node run no build at all; use -1 for unlimited or 1 or more',
      '-2 is not a number of builds; use -1 for unlimited or 1 or more',
      '0 would let a node run no build at all; use -1 for unlimited or 1 or more',
    ]);
    expect([-1, '', '-1', 100, '25'].flatMap((maxTotalUses) => validateDeclaredClouds([cloud({ maxTotalUses })], workerTypes))).toEqual([]);
  });

  it('reports environment variables the plugin would drop or overwrite', () => {
    const environmentVariables = [{ name: 'A', value: '1' }, { name: '' }, { name: 'A', value: '2' }];
    expect(problems(cloud({ environmentVariables }))).toEqual([
      { path: [0, 'environmentVariables', 1, 'name'], code: 'blank-environment-variable' },
      { path: [0, 'environmentVariables', 2, 'name'], code: 'duplicate-environment-variable' },
    ]);
  });
});
