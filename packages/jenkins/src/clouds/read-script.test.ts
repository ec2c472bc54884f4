import { describe, expect, it } from 'vitest';
import { parseCloudReadOutput, renderCloudReadScript } from './read-script.ts';
import { groovy24UnicodePass } from './test-groovy-reader.ts';

/** A line as the read script prints it (JsonOutput escapes non-ASCII). */
const answer = {
  pluginVersion: '4.3.0.549.vf2a_da_a_d19b_5e',
  fleetClouds: [
    {
      name: 'ci-int-jenkins-worker-rhel8',
      awsCredentialsId: null,
      region: 'us-east-1',
      endpoint: null,
      fleet: 'ci-int-jenkins-worker-rhel8',
      labelString: 'rhel8',
      fsRoot: '/var/lib/jenkins',
      privateIpUsed: true,
      alwaysReconnect: false,
      idleMinutes: 30,
      minSize: 1,
      maxSize: 9,
      minSpareSize: 0,
      numExecutors: 2,
      addNodeOnlyIfRunning: true,
      restrictUsage: true,
      maxTotalUses: -1,
      disableTaskResubmit: false,
      initOnlineTimeoutSec: 180,
      initOnlineCheckIntervalSec: 15,
      cloudStatusIntervalSec: 10,
      noDelayProvision: false,
      scaleExecutorsByWeight: false,
      computerConnector: { sSHConnector: { credentialsId: 'jenkins', port: 22, jvmOptions: null, launchTimeoutSeconds: null, tcpNoDelay: true, sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } },
      executorScaler: 'noScaler',
      environmentVariables: [{ name: 'A', value: 'caf\u00e9' }],
    },
  ],
  otherClouds: [{ kind: 'org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud', name: 'kubernetes' }],
};

describe('renderCloudReadScript', () => {
  it('starts with the marker line, has no string literal in single quotes and no unicode escape', () => {
    const script = renderCloudReadScript();
    expect(script.split('\n')[0]).toBe('// fleet-portal:clouds-read');
    expect(script).not.toContain("'");
    expect(groovy24UnicodePass(script)).toBe(script);
  });

  it('names no class of the plugin in code, so it compiles on any version', () => {
    expect(renderCloudReadScript()).not.toMatch(/new com\.amazon|import com\.amazon|EC2FleetCloud\./);
  });
});

describe('parseCloudReadOutput', () => {
  it('reads the clouds with their JCasC names, the plugin version and the other clouds', () => {
    const result = parseCloudReadOutput(`fleet-portal:clouds ${JSON.stringify(answer)}\n`);
    if (!result.ok) throw new Error(result.message);
    expect(result.value.pluginVersion).toBe('4.3.0.549.vf2a_da_a_d19b_5e');
    expect(result.value.otherClouds).toEqual([{ kind: 'org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud', name: 'kubernetes' }]);
    const [cloud] = result.value.fleetClouds;
    expect(cloud?.computerConnector).toEqual({ sshConnector: { credentialsId: 'jenkins', port: 22, tcpNoDelay: true, sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } });
    expect(cloud?.environmentVariables).toEqual([{ name: 'A', value: 'café' }]);
    expect(cloud?.endpoint).toBeUndefined();
  });

  it('reads the fleet nodes with their live cloud, null for an orphan', () => {
    const result = parseCloudReadOutput(`fleet-portal:clouds {"pluginVersion":"2.7.1","fleetClouds":[],"otherClouds":[],"nodes":[{"name":"i-0a","cloud":"rhel8"},{"name":"i-0b","cloud":null}]}\n`);
    expect(result).toMatchObject({ ok: true, value: { nodes: [{ name: 'i-0a', cloud: 'rhel8' }, { name: 'i-0b', cloud: null }] } });
  });

  it('finds its line among other output', () => {
    const result = parseCloudReadOutput(`some plugin logged this\nfleet-portal:clouds {"pluginVersion":null,"fleetClouds":[],"otherClouds":[]}\n`);
    expect(result).toEqual({ ok: true, value: { pluginVersion: null, fleetClouds: [], otherClouds: [] } });
  });

  it('turns a Groovy exception into a failure naming its first line', () => {
    const trace = 'groovy.lang.MissingPropertyException: No such property: clouds for class: jenkins.model.Jenkins\n\tat Script1.run(Script1.groovy:70)\n';
    expect(parseCloudReadOutput(trace)).toEqual({
      ok: false,
      code: 'script-failed',
      message: 'the clouds read script failed on the controller: groovy.lang.MissingPropertyException: No such property: clouds for class: jenkins.model.Jenkins',
    });
  });

  it('says when the line is not JSON or not the expected shape', () => {
    expect(parseCloudReadOutput('fleet-portal:clouds {"clouds": [')).toMatchObject({ ok: false, code: 'bad-output' });
    expect(parseCloudReadOutput('fleet-portal:clouds {"pluginVersion":null,"fleetClouds":[{"minSize":1}],"otherClouds":[]}')).toEqual({
      ok: false,
      code: 'bad-output',
      message: 'the clouds read script printed an unexpected shape at fleetClouds.0.name: Invalid input: expected string, received undefined',
    });
  });

  it('says when the script printed nothing', () => {
    expect(parseCloudReadOutput('')).toMatchObject({ ok: false, code: 'no-output' });
  });
});
