import { describe, expect, it } from 'vitest';
import { agentControllersOf, bakeControllerOf, jenkinsBuildUrl, jenkinsJobUrl } from './jenkins-config.ts';
import { parseFleetConfig } from './config.ts';
import { MINIMAL_CONFIG, parseWith as parse, problemsWith as problems } from './test-config.ts';

describe('jenkins controllers', () => {
  it('reads the API token from JENKINS_TOKEN unless told otherwise, and takes the agents as fleet nodes', () => {
    expect(parse('jenkins: { controllers: [{ name: ci-int, url: "https://ci.example.com/jenkins/", user: fleet-portal }] }\n').jenkins).toEqual({
      controllers: [{ name: 'ci-int', url: 'https://ci.example.com/jenkins/', user: 'fleet-portal', tokenEnv: 'JENKINS_TOKEN', agents: true }],
      agentOnlineTimeout: 180_000,
    });
  });

  it('refuses a URL that is not http or https', () => {
    expect(problems('jenkins: { controllers: [{ name: ci-int, url: "ftp://ci.example.com" }] }\n')).toEqual([
      { key: 'jenkins.controllers.0.url', message: 'must be an http:// or https:// URL' },
    ]);
  });

  it('refuses a token variable that is not an environment variable name', () => {
    expect(problems('jenkins: { controllers: [{ name: ci-int, url: "https://ci.example.com", tokenEnv: jenkins-token }] }\n')).toEqual([
      { key: 'jenkins.controllers.0.tokenEnv', message: 'must be the name of an environment variable, such as JENKINS_TOKEN' },
    ]);
  });

  it('refuses the token itself as an unknown key', () => {
    expect(problems('jenkins: { controllers: [{ name: ci-int, url: "https://ci.example.com", token: s3cret }] }\n')).toEqual([
      { key: 'jenkins.controllers.0', message: expect.stringContaining('unknown key "token"') },
    ]);
  });

  it('refuses two controllers of one name', () => {
    expect(problems('jenkins: { controllers: [{ name: ci-int, url: "https://a.example.com" }, { name: ci-int, url: "https://b.example.com" }] }\n')).toEqual([
      { key: 'jenkins.controllers.1.name', message: 'duplicate controller "ci-int"; each controller is listed once' },
    ]);
  });

  it('refuses a controller name that cannot go in a URL as it is', () => {
    expect(problems('jenkins: { controllers: [{ name: "CI Int", url: "https://a.example.com" }] }\n')).toEqual([
      { key: 'jenkins.controllers.0.name', message: 'must be lower-case letters, digits and dashes, e.g. ci-int' },
    ]);
  });
});

describe('the bake job', () => {
  it('takes the parameter names build_images.sh reads unless told otherwise', () => {
    const config = parse('jenkins: { controllers: [{ name: ci-int, url: "https://ci.example.com", bake: { job: infra/build-worker-amis } }] }\n');
    expect(bakeControllerOf(config.jenkins)?.bake).toEqual({
      job: 'infra/build-worker-amis',
      parameters: { commit: 'INFRA_COMMIT', workerTypes: 'WORKER_TYPES', actionId: 'PORTAL_ACTION_ID' },
    });
  });

  it('lets one controller run it', () => {
    expect(
      problems('jenkins: { controllers: [{ name: a, url: "https://a.example.com", bake: { job: x } }, { name: b, url: "https://b.example.com", bake: { job: y } }] }\n'),
    ).toEqual([{ key: 'jenkins.controllers.1.bake', message: 'another controller already has the bake job; the fleet has one AMI pipeline' }]);
  });

  it('refuses a job name with an empty folder', () => {
    expect(problems('jenkins: { controllers: [{ name: a, url: "https://a.example.com", bake: { job: "infra//bake" } }] }\n')).toEqual([
      { key: 'jenkins.controllers.0.bake.job', message: 'must be a job name, folders separated by single slashes (e.g. infra/build-worker-amis)' },
    ]);
  });

  it('has no bake controller when no controller has the job', () => {
    expect(bakeControllerOf(parse('jenkins: { controllers: [{ name: a, url: "https://a.example.com" }] }\n').jenkins)).toBeUndefined();
    expect(bakeControllerOf(undefined)).toBeUndefined();
  });
});

describe('housekeeping', () => {
  it('names hosts by their private address as aws_ec2 does by default, and reads LIMIT and TAGS', () => {
    const config = parse('jenkins: { controllers: [{ name: a, url: "https://a.example.com", housekeeping: { jobs: [{ job: cleanup }] } }] }\n');
    expect(config.jenkins?.controllers[0]?.housekeeping).toEqual({
      hostnames: ['private-ip-address'],
      jobs: [{ job: 'cleanup', parameters: { limit: 'LIMIT', tags: 'TAGS', actionId: 'PORTAL_ACTION_ID' } }],
    });
  });

  it('refuses a host naming the portal cannot follow, and a job listed twice', () => {
    expect(
      problems('jenkins: { controllers: [{ name: a, url: "https://a.example.com", housekeeping: { hostnames: [dns-name], jobs: [{ job: x }, { job: x }] } }] }\n'),
    ).toEqual([
      { key: 'jenkins.controllers.0.housekeeping.hostnames.0', message: 'must be one of private-ip-address, instance-id' },
    ]);
    expect(problems('jenkins: { controllers: [{ name: a, url: "https://a.example.com", housekeeping: { jobs: [{ job: x }, { job: x }] } }] }\n')).toEqual([
      { key: 'jenkins.controllers.0.housekeeping.jobs.1.job', message: 'duplicate housekeeping job "x"' },
    ]);
  });
});

describe('links into Jenkins', () => {
  it('builds job and build URLs through folders, encoding each part', () => {
    expect(jenkinsJobUrl({ url: 'https://ci.example.com/jenkins/' }, 'infra/build worker amis')).toBe('https://ci.example.com/jenkins/job/infra/job/build%20worker%20amis/');
    expect(jenkinsBuildUrl({ url: 'https://ci.example.com' }, 'bake', 12)).toBe('https://ci.example.com/job/bake/12/');
  });

  it('takes as agents only the controllers that say so', () => {
    const config = parse('jenkins: { controllers: [{ name: a, url: "https://a.example.com" }, { name: b, url: "https://b.example.com", agents: false }] }\n');
    expect(agentControllersOf(config.jenkins).map((c) => c.name)).toEqual(['a']);
  });
});

describe('declared clouds', () => {
  const cloud = (fields: string) =>
    `jenkins:\n  controllers:\n    - name: ci-int\n      url: "https://ci.example.com"\n      clouds:\n        - name: rhel8\n          region: us-east-1\n          fleet: ${fields}\n`;

  it('refuses a cloud of a group no worker type has, a label no worker type uses, and min above max, each at its line', () => {
    const text = `${MINIMAL_CONFIG.replace('role: builder }', 'role: builder, asgs: [pool-rhel8], jenkinsLabels: [rhel8] }')}${cloud('pool-other')}          labelString: "rhel8 gpu"\n          minSize: 3\n          maxSize: 2\n          computerConnector: { sshConnector: { credentialsId: ssh } }\n`;
    const result = parseFleetConfig(text);
    if (result.ok) throw new Error('expected the config to be refused');
    const lineOf = (needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
    expect(result.problems.map((p) => [p.key, p.line, p.message])).toEqual([
      ['jenkins.controllers.0.clouds.0.fleet', lineOf('fleet: pool-other'), expect.stringContaining('"pool-other" is not an Auto Scaling group of any worker type')],
      ['jenkins.controllers.0.clouds.0.labelString', lineOf('labelString'), expect.stringContaining('label "gpu" is not a Jenkins label of any worker type')],
      ['jenkins.controllers.0.clouds.0.minSize', lineOf('minSize'), 'minSize 3 is above maxSize 2 (maxSize defaults to 0)'],
    ]);
  });

  it('takes a cloud of a worker type’s group under its labels', () => {
    const text = `${MINIMAL_CONFIG.replace('role: builder }', 'role: builder, asgs: [pool-rhel8], jenkinsLabels: [rhel8] }')}${cloud('pool-rhel8')}          labelString: rhel8\n          maxSize: 4\n          computerConnector: { sshConnector: { credentialsId: ssh } }\n`;
    const result = parseFleetConfig(text);
    expect(result.ok && result.config.jenkins?.controllers[0]?.clouds?.[0]).toMatchObject({ name: 'rhel8', fleet: 'pool-rhel8', maxSize: 4 });
  });
});
