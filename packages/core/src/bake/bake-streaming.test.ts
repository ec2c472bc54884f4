import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createBakeProgressParser } from './bake-progress.ts';

/** A bake of six worker types whose Ansible output runs to 20 MB, the builds interleaved as Packer prints them. */
const WORKER_TYPES = ['centos7-builder', 'centos7-deployer', 'rhel7-builder', 'rhel7-deployer', 'rhel8-builder', 'rhel8-deployer'];
const TARGET_BYTES = 20 * 1024 * 1024;

function* bakeLog(): Generator<string> {
  yield 'packer/ changed since 3f2a9c1d: building all worker types\n';
  for (const [index, key] of WORKER_TYPES.entries()) {
    yield `==> amazon-ebs.${key}: Launching a source AWS instance...\n    amazon-ebs.${key}: Instance ID: i-0c0ffee0c0ffee00${index}\n==> amazon-ebs.${key}: Provisioning with Ansible...\n`;
  }
  let bytes = 0;
  for (let task = 1; bytes < TARGET_BYTES; task++) {
    const lines = WORKER_TYPES.flatMap((key) => [
      `    amazon-ebs.${key}: TASK [common : configure the agent ${task}] ${'*'.repeat(30)}`,
      `    amazon-ebs.${key}: changed: [default] => {"changed": true, "stdout": "${'z'.repeat(300)}"}`,
      `    amazon-ebs.${key}: fatal: [default]: FAILED! => {"changed": false, "msg": "optional step ${task} skipped"}`,
      `    amazon-ebs.${key}: ...ignoring`,
    ]);
    const text = lines.join('\n') + '\n';
    bytes += text.length;
    yield text;
  }
  for (const [index, key] of WORKER_TYPES.entries()) {
    if (key === 'rhel8-deployer') {
      yield `    amazon-ebs.${key}: fatal: [default]: FAILED! => {"changed": false, "msg": "podman is not installed"}\nBuild 'amazon-ebs.${key}' errored after 41 minutes 2 seconds: Error executing Ansible: Non-zero exit status: exit status 2\n`;
    } else {
      yield `    amazon-ebs.${key}: AMI: ami-0feedface0000000${index}\nBuild 'amazon-ebs.${key}' finished after 42 minutes 10 seconds.\n`;
    }
  }
  yield '\n==> Wait completed after 42 minutes 10 seconds\n';
}

describe('a 20 MB bake log through the streaming parser', () => {
  it('tracks every worker type to its end in memory far below the log size', () => {
    v8.setFlagsFromString('--expose-gc');
    const collectGarbage = vm.runInNewContext('gc') as () => void;
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;

    const parser = createBakeProgressParser({ workerTypes: WORKER_TYPES });
    let carry = '';
    let midway = '';
    for (const piece of bakeLog()) {
      carry += piece;
      // Jenkins hands the log over in pieces that end anywhere.
      while (carry.length > 50_000) {
        parser.push(carry.slice(0, 47_777));
        carry = carry.slice(47_777);
      }
      if (!midway && piece.includes('configure the agent 100]')) midway = parser.snapshot().workerTypes.map((w) => `${w.stage}/${w.step}`).join(',');
    }
    parser.push(carry);
    const snapshot = parser.end();
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - heapBefore;

    expect(midway).toBe(WORKER_TYPES.map(() => 'building/provisioning').join(','));
    expect(snapshot.workerTypes.map((w) => [w.workerType, w.stage, w.amiId])).toEqual([
      ['centos7-builder', 'done', 'ami-0feedface00000000'],
      ['centos7-deployer', 'done', 'ami-0feedface00000001'],
      ['rhel7-builder', 'done', 'ami-0feedface00000002'],
      ['rhel7-deployer', 'done', 'ami-0feedface00000003'],
      ['rhel8-builder', 'done', 'ami-0feedface00000004'],
      ['rhel8-deployer', 'failed', null],
    ]);
    expect(snapshot.workerTypes.at(-1)!.failure).toMatchObject({ line: 'fatal: [default]: FAILED! => {"changed": false, "msg": "podman is not installed"}' });
    expect(snapshot.workerTypes[0]!.ansibleTask).toMatch(/^common : configure the agent \d{3,}$/);
    expect(retained).toBeLessThan(2 * 1024 * 1024);
  });
});
