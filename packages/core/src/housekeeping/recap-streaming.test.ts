import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createRecapParser } from './recap-parser.ts';
import type { AnsibleRecapCounts } from './types.ts';

/**
 * A housekeeping log the size of a long fleet-wide run (50 MB), made of the default callback's
 * lines over hundreds of hosts: a little of it is generated at a time and handed to the parser
 * in uneven chunks, so the only thing that could hold the log is the parser.
 */
const TARGET_BYTES = 50 * 1024 * 1024;
const HOSTS = [
  ...Array.from({ length: 150 }, (_, i) => `10.0.${Math.floor(i / 50)}.${(i % 50) + 10}`),
  ...Array.from({ length: 150 }, (_, i) => `i-0${(0x1a2b3c4d5e6f7 + i * 7919).toString(16).padStart(16, '0')}`),
  ...Array.from({ length: 150 }, (_, i) => `ci-int-worker-${i}.ci.example-corp.internal`),
];
const BROKEN_HOST = 'ci-int-worker-7.ci.example-corp.internal';
const DEAD_HOST = '10.0.0.13';
const MAX_FAILURES = 5;

function emptyCounts(): AnsibleRecapCounts {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The log, a task at a time, with what a recap must then say about each host. */
function* housekeepingLog(expected: Map<string, AnsibleRecapCounts>, ignoredFailures: Map<string, number>): Generator<string> {
  for (const host of HOSTS) expected.set(host, emptyCounts());
  const active = new Set(HOSTS);
  let bytes = 0;
  let task = 0;
  const emit = (text: string) => {
    bytes += text.length;
    return text;
  };
  yield emit('Started by timer\n[Pipeline] sh\n+ ansible-playbook -i aws_ec2.yaml housekeeping.yml\n\nPLAY [Jenkins worker housekeeping] *********************************************\n');
  while (bytes < TARGET_BYTES) {
    task++;
    const lines = [`\nTASK [housekeeping : clean workspace leftovers ${task}] ${'*'.repeat(40)}`];
    for (const host of active) {
      const counts = expected.get(host)!;
      if (host === DEAD_HOST) {
        lines.push(`fatal: [${host}]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host ${host} port 22: Connection timed out", "unreachable": true}`);
        counts.unreachable++;
        active.delete(host);
      } else if (host === BROKEN_HOST && task === 40) {
        lines.push(`fatal: [${host}]: FAILED! => {"changed": false, "msg": "No space left on device", "rc": 28}`);
        counts.failed++;
        active.delete(host);
      } else if ((task + host.length) % 4 === 0) {
        lines.push(
          `fatal: [${host}]: FAILED! => {"changed": true, "cmd": ["podman", "image", "prune", "-af"], "delta": "0:00:00.101", "msg": "non-zero return code", "rc": 125, "stderr": "Error: image is in use by a container ${task}", "stdout": "${'x'.repeat(200)}"}`,
          '...ignoring',
        );
        counts.ok++;
        counts.ignored++;
        ignoredFailures.set(host, (ignoredFailures.get(host) ?? 0) + 1);
      } else if ((task + host.length) % 4 === 1) {
        lines.push(`skipping: [${host}]`);
        counts.skipped++;
      } else if ((task + host.length) % 4 === 2) {
        lines.push(`changed: [${host}] => (item=/var/lib/jenkins/workspace/job-${task})`, `changed: [${host}] => (item=/tmp/job-${task})`);
        counts.ok++;
        counts.changed++;
      } else {
        lines.push(`ok: [${host}]`);
        counts.ok++;
      }
    }
    yield emit(lines.join('\n') + '\n');
  }
  const recap = [...expected].map(
    ([host, c]) =>
      `${host.padEnd(26)} : ok=${String(c.ok).padEnd(4)} changed=${String(c.changed).padEnd(4)} unreachable=${String(c.unreachable).padEnd(4)} failed=${String(c.failed).padEnd(4)} skipped=${String(c.skipped).padEnd(4)} rescued=${String(c.rescued).padEnd(4)} ignored=${String(c.ignored).padEnd(4)}`,
  );
  yield emit(`\nPLAY RECAP ${'*'.repeat(69)}\n${recap.join('\n')}\n\nFinished: FAILURE\n`);
}

/** Splits the generated text at uneven places, mid-line included. */
function* unevenChunks(pieces: Iterable<string>, next: () => number): Generator<string> {
  let carry = '';
  for (const piece of pieces) {
    carry += piece;
    while (carry.length > 65_536) {
      const size = 1024 + Math.floor(next() * 64_000);
      yield carry.slice(0, size);
      carry = carry.slice(size);
    }
  }
  if (carry) yield carry;
}

describe('a 50 MB housekeeping log through the streaming parser', () => {
  it('gives every host its recap and keeps a bounded list of failures, in memory far below the log size', () => {
    v8.setFlagsFromString('--expose-gc');
    const collectGarbage = vm.runInNewContext('gc') as () => void;
    const expected = new Map<string, AnsibleRecapCounts>();
    const ignoredFailures = new Map<string, number>();

    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const parser = createRecapParser({ maxFailuresPerHost: MAX_FAILURES });
    let streamed = 0;
    for (const chunk of unevenChunks(housekeepingLog(expected, ignoredFailures), random(42))) {
      streamed += chunk.length;
      parser.push(chunk);
    }
    const result = parser.end();
    collectGarbage();
    const retained = process.memoryUsage().heapUsed - heapBefore;

    expect(streamed).toBeGreaterThan(TARGET_BYTES);
    expect(result.recapSeen).toBe(true);
    expect(result.hosts).toHaveLength(HOSTS.length);
    expect(Object.fromEntries(result.hosts.map((h) => [h.host, h.counts]))).toEqual(Object.fromEntries(expected));

    const busiest = result.hosts.find((h) => h.host === HOSTS[1])!;
    expect(busiest.failures).toHaveLength(MAX_FAILURES);
    expect(busiest.omittedFailures).toBe(ignoredFailures.get(HOSTS[1]!)! - MAX_FAILURES);
    expect(busiest.failures.every((f) => f.outcome === 'ignored' && f.stderr?.startsWith('Error: image is in use'))).toBe(true);

    const broken = result.hosts.find((h) => h.host === BROKEN_HOST)!;
    expect(broken.failures.at(-1)).toMatchObject({ outcome: 'failed', message: 'No space left on device', rc: 28, task: 'housekeeping : clean workspace leftovers 40' });
    expect(result.hosts.find((h) => h.host === DEAD_HOST)!.failures).toMatchObject([{ outcome: 'unreachable' }]);

    // The parser's state after 50 MB: 450 hosts with their counts and at most five failures each
    // (about 1.7 MB here). Keeping views into the chunks instead of copies already comes to 4.4 MB.
    expect(retained).toBeLessThan(4 * 1024 * 1024);
    expect(parser.snapshot().hosts).toHaveLength(HOSTS.length);
  });
});
