import { readFileSync } from 'node:fs';
import { declaredEc2FleetCloudSchema, diffClouds, normalizeCloud } from '@fleet/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CascParseResult, parseCascClouds } from './casc-parse.ts';
import { renderCascClouds } from './casc-render.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const parsed = (text: string): Extract<CascParseResult, { ok: true }> => {
  const result = parseCascClouds(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
};

describe('parseCascClouds on real Configuration-as-Code YAML', () => {
  it('reads every EC2 Fleet cloud of the ci-int controller’s export (plugin 2.x, with oldId)', () => {
    const { fleetClouds: clouds, otherClouds } = parsed(fixture('qontract-reconcile-jcasc-export.yml'));
    expect(clouds.map((cloud) => cloud.name)).toEqual([
      'ci-int-jenkins-worker-app-sre',
      'ci-int-jenkins-worker-rhel7',
      'ci-int-jenkins-worker-rhel8',
      'test-remove-sshConnector-attrs',
      'test-add-sshConnector-JVMOpts',
      'test-same-sshConnector-JVMOpts',
      'test-add-sshConnector-prefixStartSlaveCmd',
    ]);
    expect(otherClouds).toEqual([]);
    const appSre = normalizeCloud(clouds[0] as (typeof clouds)[number]);
    expect(appSre).toMatchObject({ labelString: 'app-sre app-interface-long-running', maxSize: 2, minSize: 1, numExecutors: 3, idleMinutes: 30, otherFields: {} });
    expect(appSre.computerConnector).toMatchObject({ sshConnector: { credentialsId: 'jenkins', launchTimeoutSeconds: 60, sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } });
    expect(clouds[3]?.computerConnector).toMatchObject({ sshConnector: { prefixStartSlaveCmd: 'cloud-init status --wait && ' } });
  });

  it('reads the plugin’s own full JCasC sample to the values its test asserts', () => {
    const [cloud] = parsed(fixture('ec2-fleet-max-configuration-as-code.yml')).fleetClouds;
    const normalized = normalizeCloud(cloud as NonNullable<typeof cloud>);
    // EC2FleetCloudConfigurationAsCodeTest.shouldCreateCloudFromMaxConfiguration
    expect(normalized).toMatchObject({
      name: 'ec2-fleet',
      region: 'us-east-2',
      endpoint: 'http://a.com',
      fleet: 'my-fleet',
      fsRoot: 'my-root',
      privateIpUsed: true,
      alwaysReconnect: true,
      labelString: 'myLabel',
      idleMinutes: 33,
      minSize: 15,
      maxSize: 90,
      numExecutors: 12,
      addNodeOnlyIfRunning: true,
      restrictUsage: true,
      executorScaler: 'weightedScaler',
      initOnlineTimeoutSec: 181,
      initOnlineCheckIntervalSec: 13,
      cloudStatusIntervalSec: 11,
      disableTaskResubmit: true,
      noDelayProvision: true,
      awsCredentialsId: 'xx',
      environmentVariables: [
        { name: 'JAVA_TOOL_OPTIONS', value: '-Dfile.encoding=UTF-8' },
        { name: 'FLEET_ID', value: 'my-fleet' },
      ],
    });
    expect(normalized.computerConnector).toMatchObject({ sshConnector: { credentialsId: 'cred', sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } });
  });

  it('reads the plugin’s minimal sample, and its clouds with a blank name', () => {
    expect(parsed(fixture('ec2-fleet-min-configuration-as-code.yml')).fleetClouds).toEqual([{ name: 'ec2-fleet' }]);
    expect(parsed(fixture('ec2-fleet-empty-name-configuration-as-code.yml')).fleetClouds).toEqual([{ name: '' }, { name: '' }, { name: '' }]);
  });

  it('reads the node hardware scaler of the plugin’s documentation', () => {
    const [cloud] = parsed(fixture('ec2-fleet-docs-node-hardware-scaler.yml')).fleetClouds;
    expect(cloud?.executorScaler).toEqual({ nodeHardwareScaler: { memoryGiBPerExecutor: 2, vCpuPerExecutor: 3 } });
  });

  it('keeps a Kubernetes cloud as an unmanaged cloud with its kind and name', () => {
    const { fleetClouds: clouds, otherClouds } = parsed(fixture('kubernetes-casc-envvar-keyvalue.yaml'));
    expect(clouds).toEqual([]);
    expect(otherClouds.map(({ kind, name }) => ({ kind, name }))).toEqual([{ kind: 'kubernetes', name: 'kubernetes' }]);
  });

  it('tells the label-based EC2 Fleet cloud from the one the portal manages', () => {
    const { fleetClouds: clouds, otherClouds } = parsed('jenkins:\n  clouds:\n  - eC2FleetLabel:\n      name: "labels"\n  - ec2Fleet:\n      name: "fleet"\n');
    expect([clouds.map((c) => c.name), otherClouds.map((c) => c.kind)]).toEqual([['fleet'], ['eC2FleetLabel']]);
  });

  it('finds no clouds in an export that has none (JCasC leaves an empty list out)', () => {
    for (const text of ['', 'jenkins:\n  numExecutors: 0\n', 'unclassified:\n  location:\n    url: "http://j/"\n']) {
      expect(parseCascClouds(text)).toEqual({ ok: true, fleetClouds: [], otherClouds: [] });
    }
  });
});

describe('parseCascClouds on malformed input', () => {
  it('names the line of a YAML error', () => {
    expect(parseCascClouds('jenkins:\n  clouds:\n  - eC2Fleet:\n      name: a\n     maxSize: 2\n')).toEqual({
      ok: false,
      problems: [{ line: 5, message: 'not valid YAML: All mapping items must start at the same column' }],
    });
    expect(parseCascClouds('jenkins:\n  clouds:\n  - eC2Fleet:\n      name: a\n      name: b\n')).toEqual({
      ok: false,
      problems: [{ line: 5, message: 'not valid YAML: Map keys must be unique' }],
    });
  });

  it('names the line and field of a value of the wrong type', () => {
    const text = 'jenkins:\n  clouds:\n  - eC2Fleet:\n      name: "a"\n      computerConnector:\n        sSHConnector:\n          port: "twenty-two"\n      maxSize: ten\n';
    expect(parseCascClouds(text)).toEqual({
      ok: false,
      problems: [
        { line: 7, message: 'jenkins.clouds[0].eC2Fleet.computerConnector.sshConnector.port: Invalid input: expected number, received string' },
        { line: 8, message: 'jenkins.clouds[0].eC2Fleet.maxSize: Invalid input: expected number, received string' },
      ],
    });
  });

  it('names the line of a cloud that is not one kind mapped to its settings, and of a wrong document shape', () => {
    expect(parseCascClouds('jenkins:\n  clouds:\n  - "eC2Fleet"\n')).toMatchObject({ ok: false, problems: [{ line: 3 }] });
    expect(parseCascClouds('jenkins:\n  clouds:\n    eC2Fleet: {}\n')).toEqual({ ok: false, problems: [{ line: 3, message: 'jenkins.clouds must be a list of clouds' }] });
    expect(parseCascClouds('- jenkins\n')).toMatchObject({ ok: false, problems: [{ line: 1 }] });
  });

  it('reports a field Jenkins failed to export instead of reading its error text as a value', () => {
    const text = 'jenkins:\n  clouds:\n  - eC2Fleet:\n      name: "a"\n      fleet: "FAILED TO EXPORT\\ncom.amazon.jenkins.ec2fleet.EC2FleetCloud#fleet: java.lang.NullPointerException"\n';
    expect(parseCascClouds(text)).toEqual({
      ok: false,
      problems: [{ line: 5, message: 'jenkins.clouds[0]: Jenkins could not export a field: com.amazon.jenkins.ec2fleet.EC2FleetCloud#fleet: java.lang.NullPointerException' }],
    });
  });
});

const declared = [
  declaredEc2FleetCloudSchema.parse({
    name: 'rhel8 ${HOME} ^${x}',
    region: 'us-east-1',
    fleet: 'ci-int-jenkins-worker-rhel8',
    labelString: 'on',
    fsRoot: "it's \"quoted\"\nand two lines ✓",
    computerConnector: { sshConnector: { credentialsId: 'jenkins', port: 22, jvmOptions: '${readFile:/etc/passwd}', workDir: '/w' } },
    maxTotalUses: '0755',
    executorScaler: { nodeHardwareScaler: { vCpuPerExecutor: 2, memoryGiBPerExecutor: 4 } },
    environmentVariables: [{ name: 'PATH', value: '$PATH:${HOME}/bin' }],
  }),
  declaredEc2FleetCloudSchema.parse({ name: 'app-sre', region: 'us-east-1', fleet: 'asg-app-sre', labelString: 'app-sre', computerConnector: 'sshConnector' }),
];

describe('renderCascClouds', () => {
  const kubernetes = parsed(fixture('kubernetes-casc-envvar-keyvalue.yaml')).otherClouds;

  it('gives back the same clouds when its YAML is parsed: declared first, then the other clouds as they were', () => {
    const yaml = renderCascClouds({ declared, otherClouds: kubernetes });
    const again = parsed(yaml);
    expect(again.fleetClouds).toEqual(declared);
    expect(again.otherClouds.map((cloud) => cloud.node.toJSON())).toEqual(kubernetes.map((cloud) => cloud.node.toJSON()));
    expect(diffClouds(declared, again).map((diff) => diff.status)).toEqual(['in-sync', 'in-sync', 'unmanaged']);
  });

  it('holds only jenkins.clouds, so applying it changes nothing else', () => {
    const document = parse(renderCascClouds({ declared, otherClouds: kubernetes }));
    expect(Object.keys(document)).toEqual(['jenkins']);
    expect(Object.keys(document.jenkins)).toEqual(['clouds']);
    expect(document.jenkins.clouds.map((cloud: object) => Object.keys(cloud)[0])).toEqual(['eC2Fleet', 'eC2Fleet', 'kubernetes']);
  });

  it('escapes ${ as JCasC’s export does, so a declared value is never resolved as a secret or a file', () => {
    const yaml = renderCascClouds({ declared, otherClouds: [] });
    expect(yaml).toContain('jvmOptions: "^${readFile:/etc/passwd}"');
    expect(yaml).toContain('name: "rhel8 ^${HOME} ^^${x}"');
    expect(yaml).not.toMatch(/[^^]\$\{/);
  });

  it('double-quotes text so a YAML 1.1 reader cannot take "on" or "0755" for a boolean or a number', () => {
    const yaml = renderCascClouds({ declared, otherClouds: [] });
    expect(yaml).toContain('labelString: "on"');
    expect(yaml).toContain('maxTotalUses: "0755"');
  });

  it('writes the connector under the symbol JCasC exports for SSHConnector', () => {
    expect(renderCascClouds({ declared, otherClouds: [] })).toContain('sSHConnector:');
  });

  it.each([
    "it's",
    'back\\slash \\u0027',
    '${jenkins} ^${x} ^^${y} $$',
    "'''\n\"\"\"",
    'line one\nline two\r\n',
    '"); Jenkins.instance.doSafeRestart(); //',
    'ünïcødé ✓ 日本語 🚀',
    '\u0000\u0001\u001f\u007f\u2028\u2029\ufeff nul-ish',
    '- not: a list',
    ' leading and trailing spaces ',
  ])('gives back %j exactly in every text field', (value) => {
    const cloud = declaredEc2FleetCloudSchema.parse({
      name: value,
      region: value,
      fleet: value,
      labelString: value,
      fsRoot: value,
      computerConnector: { sshConnector: { credentialsId: value, [value]: value } },
      environmentVariables: [{ name: value, value }],
    });
    expect(parsed(renderCascClouds({ declared: [cloud], otherClouds: [] })).fleetClouds).toEqual([cloud]);
  });

  it('round-trips the ci-int export’s clouds', () => {
    const { fleetClouds: clouds } = parsed(fixture('qontract-reconcile-jcasc-export.yml'));
    expect(parsed(renderCascClouds({ declared: clouds, otherClouds: [] })).fleetClouds).toEqual(clouds);
  });

  it('writes an empty list when no cloud is left, which removes them all', () => {
    const yaml = renderCascClouds({ declared: [], otherClouds: [] });
    expect(parse(yaml)).toEqual({ jenkins: { clouds: [] } });
    expect(parseCascClouds(yaml)).toEqual({ ok: true, fleetClouds: [], otherClouds: [] });
  });
});
