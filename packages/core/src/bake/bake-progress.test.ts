import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBakeProgressParser, parseBakeProgress } from './bake-progress.ts';
import { packerDurationSeconds } from './packer-lines.ts';
import type { WorkerTypeBake } from './types.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const workerType = (workerTypes: WorkerTypeBake[], key: string) => workerTypes.find((w) => w.workerType === key)!;

describe('real Packer 1.6 logs (fixtures/README.md)', () => {
  it('follows a successful amazon-ebs build provisioned by Ansible to its AMI', () => {
    const snapshot = parseBakeProgress(fixture('packer-1.6-ansible-success.log'), ['amazon-ebs']);
    expect(snapshot).toMatchObject({ mode: 'unknown', packerFinished: true, cancelled: false });
    expect(snapshot.workerTypes).toEqual([
      {
        workerType: 'amazon-ebs',
        configured: true,
        buildName: 'amazon-ebs',
        stage: 'done',
        step: 'cleaning-up',
        instanceId: 'i-0994e2114bd7219bb',
        amiName: 'ubuntu-1592722255',
        amiId: 'ami-022b92d6168765ea0',
        amis: [{ region: 'us-east-2', amiId: 'ami-022b92d6168765ea0' }],
        ansibleTask: 'print debug message',
        failure: null,
        retag: null,
        startedAt: null,
        finishedAt: null,
        durationSeconds: null,
      },
    ]);
  });

  it('shows each stage in order while the log streams, never going back', () => {
    const parser = createBakeProgressParser({ workerTypes: ['amazon-ebs'] });
    const seen: string[] = [];
    for (const line of fixture('packer-1.6-ansible-success.log').split(/(?<=\n)/)) {
      parser.push(line);
      const { stage, step } = parser.snapshot().workerTypes[0]!;
      if (seen.at(-1) !== `${stage}/${step}`) seen.push(`${stage}/${step}`);
    }
    expect(seen).toEqual([
      'waiting/null',
      'building/preparing',
      'building/launching',
      'building/connecting',
      'building/provisioning',
      'building/stopping',
      'ami-created/creating-ami',
      'ami-created/cleaning-up',
      'done/cleaning-up',
    ]);
  });

  it('reports a build that errored before launching, with Packer’s error line', () => {
    const [bake] = parseBakeProgress(fixture('packer-1.6-auth-failure.log'), ['amazon-ebs']).workerTypes;
    expect(bake).toMatchObject({
      stage: 'failed',
      instanceId: null,
      amiId: null,
      failure: {
        line: "Build 'amazon-ebs' errored: error validating regions: AuthFailure: AWS was not able to validate the provided access credentials",
        error: 'error validating regions: AuthFailure: AWS was not able to validate the provided access credentials',
        task: null,
      },
    });
  });

  it('reads a coloured -debug log with Packer’s own log lines in between', () => {
    const snapshot = parseBakeProgress(fixture('packer-1.6-coloured-debug.log'), ['amazon-ebs']);
    expect(snapshot.packerFinished).toBe(true);
    expect(snapshot.workerTypes[0]).toMatchObject({
      stage: 'done',
      instanceId: 'i-09a3ba6c46b7c6267',
      amiId: 'ami-0ad4d87d01eb03a60',
      amis: [{ region: 'us-east-2', amiId: 'ami-0ad4d87d01eb03a60' }],
      failure: null,
    });
  });
});

/**
 * A full bake as build_images.sh runs it in Jenkins with the timestamper and `packer build
 * -timestamp-ui`, in Packer ≥ 1.7's format (HCL sources, durations after finished/errored).
 */
const FULL_BAKE = `[2026-12-07T02:40:00.512Z] + ./build_images.sh
[2026-12-07T02:40:00.530Z] packer/ changed since 3f2a9c1d: building all worker types
[2026-12-07T02:40:02.100Z] \u001b[1;32mamazon-ebs.centos7-builder: output will be in this color.\u001b[0m
[2026-12-07T02:40:02.100Z] \u001b[1;36mamazon-ebs.rhel8-builder: output will be in this color.\u001b[0m
[2026-12-07T02:40:02.101Z] 
[2026-12-07T02:40:02.300Z] \u001b[1;32m2026-12-07T02:40:02Z: ==> amazon-ebs.centos7-builder: Prevalidating AMI Name: jenkins-worker-centos7-builder-3f2a9c1d\u001b[0m
[2026-12-07T02:40:02.310Z] \u001b[1;36m2026-12-07T02:40:02Z: ==> amazon-ebs.rhel8-builder: Prevalidating AMI Name: jenkins-worker-rhel8-builder-3f2a9c1d\u001b[0m
[2026-12-07T02:40:05.000Z] \u001b[1;32m2026-12-07T02:40:05Z: ==> amazon-ebs.centos7-builder: Launching a source AWS instance...\u001b[0m
[2026-12-07T02:40:06.000Z] \u001b[0;32m2026-12-07T02:40:06Z:     amazon-ebs.centos7-builder: Instance ID: i-0c0ffee0c0ffee001\u001b[0m
[2026-12-07T02:40:06.100Z] \u001b[1;36m2026-12-07T02:40:06Z: ==> amazon-ebs.rhel8-builder: Launching a source AWS instance...\u001b[0m
[2026-12-07T02:40:07.000Z] \u001b[0;36m2026-12-07T02:40:07Z:     amazon-ebs.rhel8-builder: Instance ID: i-0c0ffee0c0ffee002\u001b[0m
[2026-12-07T02:41:10.000Z] \u001b[1;36m2026-12-07T02:41:10Z: ==> amazon-ebs.rhel8-builder: Provisioning with Ansible...\u001b[0m
[2026-12-07T02:41:20.000Z] \u001b[1;36m2026-12-07T02:41:20Z: ==> amazon-ebs.rhel8-builder: TASK [java : check optional repo] ***\u001b[0m
[2026-12-07T02:41:21.000Z] \u001b[1;36m2026-12-07T02:41:21Z: ==> amazon-ebs.rhel8-builder: fatal: [default]: FAILED! => {"changed": false, "msg": "repo optional not enabled"}\u001b[0m
[2026-12-07T02:41:21.001Z] \u001b[1;36m2026-12-07T02:41:21Z: ==> amazon-ebs.rhel8-builder: ...ignoring\u001b[0m
[2026-12-07T02:41:25.000Z] \u001b[1;36m2026-12-07T02:41:25Z: ==> amazon-ebs.rhel8-builder: TASK [java : install java 17] ***\u001b[0m
[2026-12-07T02:41:40.000Z] \u001b[1;36m2026-12-07T02:41:40Z: ==> amazon-ebs.rhel8-builder: fatal: [default]: FAILED! => {"changed": false, "msg": "No package java-17-openjdk available.", "rc": 1}\u001b[0m
[2026-12-07T02:41:40.100Z] \u001b[1;36m2026-12-07T02:41:40Z: ==> amazon-ebs.rhel8-builder: PLAY RECAP *********************************************************************\u001b[0m
[2026-12-07T02:41:40.100Z] \u001b[1;36m2026-12-07T02:41:40Z: ==> amazon-ebs.rhel8-builder: default                    : ok=12   changed=6    unreachable=0    failed=1    skipped=2    rescued=0    ignored=1\u001b[0m
[2026-12-07T02:41:40.200Z] \u001b[1;31m2026-12-07T02:41:40Z: ==> amazon-ebs.rhel8-builder: Provisioning step had errors: Running the cleanup provisioner, if present...\u001b[0m
[2026-12-07T02:41:41.000Z] \u001b[1;36m2026-12-07T02:41:41Z: ==> amazon-ebs.rhel8-builder: Terminating the source AWS instance...\u001b[0m
[2026-12-07T02:47:44.000Z] \u001b[1;31m2026-12-07T02:47:44Z: Build 'amazon-ebs.rhel8-builder' errored after 7 minutes 38 seconds: Error executing Ansible: Non-zero exit status: exit status 2\u001b[0m
[2026-12-07T02:50:00.000Z] \u001b[1;32m2026-12-07T02:50:00Z: ==> amazon-ebs.centos7-builder: Stopping the source instance...\u001b[0m
[2026-12-07T02:51:00.000Z] \u001b[1;32m2026-12-07T02:51:00Z: ==> amazon-ebs.centos7-builder: Creating AMI jenkins-worker-centos7-builder-3f2a9c1d from instance i-0c0ffee0c0ffee001\u001b[0m
[2026-12-07T02:51:01.000Z] \u001b[0;32m2026-12-07T02:51:01Z:     amazon-ebs.centos7-builder: AMI: ami-0a1b2c3d4e5f60718\u001b[0m
[2026-12-07T02:51:02.000Z] \u001b[1;32m2026-12-07T02:51:02Z: ==> amazon-ebs.centos7-builder: Waiting for AMI to become ready...\u001b[0m
[2026-12-07T02:52:05.000Z] \u001b[1;32m2026-12-07T02:52:05Z: Build 'amazon-ebs.centos7-builder' finished after 12 minutes 3 seconds.\u001b[0m
[2026-12-07T02:52:05.001Z] 
[2026-12-07T02:52:05.001Z] ==> Wait completed after 12 minutes 3 seconds
[2026-12-07T02:52:05.001Z] 
[2026-12-07T02:52:05.002Z] ==> Some builds didn't complete successfully and had errors:
[2026-12-07T02:52:05.002Z] --> amazon-ebs.rhel8-builder: Error executing Ansible: Non-zero exit status: exit status 2
[2026-12-07T02:52:05.003Z] 
[2026-12-07T02:52:05.003Z] ==> Builds finished. The artifacts of successful builds are:
[2026-12-07T02:52:05.003Z] --> amazon-ebs.centos7-builder: AMIs were created:
[2026-12-07T02:52:05.003Z] eu-west-1: ami-0feedfacefeedface
[2026-12-07T02:52:05.003Z] us-east-1: ami-0a1b2c3d4e5f60718
[2026-12-07T02:52:05.010Z] 
[2026-12-07T02:52:05.500Z] Build step 'Execute shell' marked build as failure
[2026-12-07T02:52:05.600Z] Finished: FAILURE
`;

const WORKER_TYPES = ['centos7-builder', 'rhel7-builder', 'rhel8-builder'];

describe('a full bake in Packer ≥ 1.7 format with timestamps', () => {
  const snapshot = parseBakeProgress(FULL_BAKE, WORKER_TYPES);

  it('reads the mode line and lists the configured worker types in order', () => {
    expect(snapshot).toMatchObject({ mode: 'full-bake', sinceCommit: '3f2a9c1d', packerFinished: true, cancelled: false });
    expect(snapshot.workerTypes.map((w) => `${w.workerType}: ${w.stage}`)).toEqual(['centos7-builder: done', 'rhel7-builder: waiting', 'rhel8-builder: failed']);
  });

  it('gives a finished worker type its AMIs and timing', () => {
    expect(workerType(snapshot.workerTypes, 'centos7-builder')).toMatchObject({
      buildName: 'amazon-ebs.centos7-builder',
      instanceId: 'i-0c0ffee0c0ffee001',
      amiName: 'jenkins-worker-centos7-builder-3f2a9c1d',
      amiId: 'ami-0a1b2c3d4e5f60718',
      amis: [
        { region: 'eu-west-1', amiId: 'ami-0feedfacefeedface' },
        { region: 'us-east-1', amiId: 'ami-0a1b2c3d4e5f60718' },
      ],
      startedAt: '2026-12-07T02:40:02Z',
      finishedAt: '2026-12-07T02:52:05Z',
      durationSeconds: 723,
    });
  });

  it('names the Ansible failure that broke a build, not the one that was ignored', () => {
    expect(workerType(snapshot.workerTypes, 'rhel8-builder')).toMatchObject({
      stage: 'failed',
      ansibleTask: 'java : install java 17',
      failure: {
        line: 'fatal: [default]: FAILED! => {"changed": false, "msg": "No package java-17-openjdk available.", "rc": 1}',
        task: 'java : install java 17',
        error: 'Error executing Ansible: Non-zero exit status: exit status 2',
      },
      durationSeconds: 458,
    });
  });

  it('is building while the log is cut mid-way, and ami-created once the AMI id is out', () => {
    const cutAt = (marker: string) => parseBakeProgress(FULL_BAKE.slice(0, FULL_BAKE.indexOf(marker)), WORKER_TYPES);
    expect(workerType(cutAt('Stopping the source').workerTypes, 'centos7-builder')).toMatchObject({ stage: 'building', step: 'launching' });
    expect(workerType(cutAt('Waiting for AMI').workerTypes, 'centos7-builder')).toMatchObject({ stage: 'ami-created', amiId: 'ami-0a1b2c3d4e5f60718' });
    expect(cutAt('Wait completed').packerFinished).toBe(false);
  });

  it('reads the same from uneven chunks as from the whole text', () => {
    const parser = createBakeProgressParser({ workerTypes: WORKER_TYPES });
    for (let offset = 0, size = 3; offset < FULL_BAKE.length; offset += size, size = (size * 5 + 1) % 41 || 2) parser.push(FULL_BAKE.slice(offset, offset + size));
    expect(parser.end()).toEqual(snapshot);
  });
});

describe('parseBakeProgress', () => {
  it('reads a re-tag run: the mode line and one line per worker type', () => {
    const snapshot = parseBakeProgress(
      [
        '+ ./build_images.sh',
        'no packer change since 3f2a9c1d: re-tagging',
        'Re-tagging ami-0a1b2c3d4e5f60718 (centos7-builder) with infra_commit=9e8d7c6b5a4f',
        '+ aws ec2 create-tags --resources ami-0a1b2c3d4e5f60718 --tags Key=infra_commit,Value=9e8d7c6b5a4f',
        'Re-tagging ami-0123456789abcdef0 (rhel8-builder) with infra_commit=9e8d7c6b5a4f',
        '',
      ].join('\n'),
      WORKER_TYPES,
    );
    expect(snapshot).toMatchObject({ mode: 're-tag', sinceCommit: '3f2a9c1d', commit: '9e8d7c6b5a4f', packerFinished: false });
    expect(snapshot.workerTypes.map((w) => [w.workerType, w.stage, w.amiId, w.retag?.commit ?? null])).toEqual([
      ['centos7-builder', 're-tagged', 'ami-0a1b2c3d4e5f60718', '9e8d7c6b5a4f'],
      ['rhel7-builder', 'waiting', null, null],
      ['rhel8-builder', 're-tagged', 'ami-0123456789abcdef0', '9e8d7c6b5a4f'],
    ]);
  });

  it('reads the mode line that names how many worker types it builds and at which commit', () => {
    const snapshot = parseBakeProgress('packer/ changed since 3f2a9c1: building 3 worker types at 9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807\n', WORKER_TYPES);
    expect(snapshot).toMatchObject({ mode: 'full-bake', sinceCommit: '3f2a9c1', commit: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807' });
  });

  it('maps a named build block and lists a source the config does not know', () => {
    const snapshot = parseBakeProgress(
      '==> workers.amazon-ebs.rhel7-builder: Launching a source AWS instance...\n==> amazon-ebs.windows-builder: Launching a source AWS instance...\n',
      WORKER_TYPES,
    );
    expect(workerType(snapshot.workerTypes, 'rhel7-builder')).toMatchObject({ buildName: 'workers.amazon-ebs.rhel7-builder', stage: 'building', configured: true });
    expect(snapshot.workerTypes.at(-1)).toMatchObject({ workerType: 'windows-builder', configured: false, stage: 'building' });
  });

  it('does not blame an Ansible failure the playbook rescued when the build breaks later', () => {
    const [bake] = parseBakeProgress(
      [
        '    amazon-ebs.centos7-builder: TASK [cleanup : remove caches] ***',
        '    amazon-ebs.centos7-builder: fatal: [default]: FAILED! => {"changed": false, "msg": "cache busy"}',
        '    amazon-ebs.centos7-builder: TASK [cleanup : note it] ***',
        '    amazon-ebs.centos7-builder: ok: [default]',
        '    amazon-ebs.centos7-builder: default                    : ok=9    changed=3    unreachable=0    failed=0    skipped=0    rescued=1    ignored=0',
        '==> amazon-ebs.centos7-builder: Waiting for AMI to become ready...',
        "Build 'amazon-ebs.centos7-builder' errored after 1 hour 5 minutes: Error waiting for AMI: ResourceNotReady: exceeded wait attempts",
      ].join('\n'),
      WORKER_TYPES,
    ).workerTypes;
    expect(bake!.failure).toEqual({
      line: "Build 'amazon-ebs.centos7-builder' errored after 1 hour 5 minutes: Error waiting for AMI: ResourceNotReady: exceeded wait attempts",
      error: 'Error waiting for AMI: ResourceNotReady: exceeded wait attempts',
      task: null,
    });
  });

  it('ignores a build whose name matches no worker type', () => {
    expect(parseBakeProgress('==> docker.base: Creating a temporary directory for sharing data...\n', WORKER_TYPES).workerTypes).toHaveLength(3);
  });

  it('says so when Packer was interrupted', () => {
    expect(parseBakeProgress('==> Wait completed after 3 minutes 1 second\nCleanly cancelled builds after being interrupted.\n', WORKER_TYPES)).toMatchObject({
      cancelled: true,
      packerFinished: true,
    });
  });
});

describe('packerDurationSeconds', () => {
  it.each([
    ['22 minutes 39 seconds', 1359],
    ['1 hour 2 minutes', 3720],
    ['1 minute 15 seconds', 75],
    ['861 milliseconds 814 microseconds', 0.862],
    ['2 days 3 hours', 183_600],
  ])('reads %s', (text, seconds) => {
    expect(packerDurationSeconds(text)).toBe(seconds);
  });

  it('returns null for text that is no duration', () => {
    expect(packerDurationSeconds('a while')).toBeNull();
  });
});
