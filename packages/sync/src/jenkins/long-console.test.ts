import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { commitBuildLog, findJenkinsBuild, instancesOfHosts, listHousekeepingHosts, listUnfinishedBuilds, nextLogChunk, purgeUncommittedLog, readBuildLogLines, recordHousekeepingHosts, writeLogLines } from '@fleet/db';
import { openTestDatabase, TEST_DATABASE_TIMEOUT_MS, type TestDatabase } from '@fleet/db/testing';
import { createJenkinsClient } from '@fleet/jenkins';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JenkinsControllerConfig } from '@fleet/core';
import { housekeepingJob } from './housekeeping.ts';

const HOSTS = 400;
const TASKS = 1_800;
const host = (i: number) => `127.10.${Math.floor(i / 250)}.${(i % 250) + 1}`;

/** An hour-long housekeeping run's console, about 50 MB, made as it is sent: never whole in this process either. */
function* consoleLines(): Generator<string> {
  yield 'Started by timer';
  yield '+ ansible-playbook -i ansible/hosts/aws_ec2.yaml ansible/housekeeping.yml';
  yield '';
  yield `PLAY [Jenkins worker housekeeping] ${'*'.repeat(45)}`;
  for (let task = 0; task < TASKS; task += 1) {
    yield '';
    yield `TASK [Clean the workspaces of job family ${task}] ${'*'.repeat(30)}`;
    const item = `(item=/var/lib/jenkins/workspace/team-${task % 40}/job-${task})`;
    for (let i = 0; i < HOSTS; i += 1) yield task % 7 === 0 && i % 5 === 0 ? `changed: [${host(i)}] => ${item}` : `ok: [${host(i)}] => ${item}`;
  }
  yield '';
  yield `PLAY RECAP ${'*'.repeat(69)}`;
  for (let i = 0; i < HOSTS; i += 1) yield `${host(i).padEnd(26)} : ok=${String(TASKS).padEnd(4)} changed=${String(i % 5 === 0 ? Math.ceil(TASKS / 7) : 0).padEnd(4)} unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   `;
  yield '';
  yield 'Finished: SUCCESS';
}

/** Every kind of statement the follower sends, once, on a build that is not the test's. */
async function warmUp(db: TestDatabase) {
  await db.prisma.jenkinsBuild.create({ data: { id: 'warm-up', kind: 'housekeeping', controller: 'x', job: 'x', parameters: {}, causeKind: 'timer', requestedAt: new Date(), firstSeenAt: new Date(), lastSeenAt: new Date() } });
  await writeLogLines(db.prisma, 'warm-up', await nextLogChunk(db.prisma, 'warm-up', 0), ['a']);
  await purgeUncommittedLog(db.prisma, 'warm-up', 0);
  await commitBuildLog(db.prisma, 'warm-up', 0, { nextOffset: 2, lines: 1, complete: true, summary: {} });
  await listUnfinishedBuilds(db.prisma, { kind: 'housekeeping', controller: 'x' });
  await recordHousekeepingHosts(db.prisma, 'warm-up', [], new Map());
  await instancesOfHosts(db.prisma, ['127.0.0.1'], ['private-ip-address']);
}

describe('a 50 MB housekeeping console followed into Postgres', () => {
  let db: TestDatabase;
  let server: Server;
  let url: string;
  let totalBytes = 0;
  let totalLines = 0;

  beforeAll(async () => {
    for (const line of consoleLines()) {
      totalBytes += Buffer.byteLength(line) + 1;
      totalLines += 1;
    }
    db = await openTestDatabase('postgres');
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://jenkins').pathname;
      if (path === '/job/hk/api/json') {
        const build = { _class: 'hudson.model.FreeStyleBuild', number: 1, url: `${url}/job/hk/1/`, building: false, result: 'SUCCESS', timestamp: Date.now() - 3_600_000, duration: 3_600_000, estimatedDuration: 3_500_000, queueId: 9, actions: [{ _class: 'hudson.model.CauseAction', causes: [{ _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause', shortDescription: 'Started by timer' }] }] };
        response.writeHead(200, { 'content-type': 'application/json', 'x-jenkins': '2.462.3' });
        return void response.end(JSON.stringify({ _class: 'hudson.model.FreeStyleProject', builds: [build] }));
      }
      if (path === '/job/hk/1/logText/progressiveText') {
        response.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(totalBytes), 'x-jenkins': '2.462.3' });
        const lines = consoleLines();
        const pump = () => {
          for (;;) {
            let block = '';
            for (let i = 0; i < 2_000; i += 1) {
              const next = lines.next();
              if (next.done) return void response.end(block);
              block += `${next.value}\n`;
            }
            if (!response.write(block)) return void response.once('drain', pump);
          }
        };
        return pump();
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.cleanup();
  });

  it('stores every line and the recap of every host, holding a few megabytes of it at a time', async () => {
    const controller: JenkinsControllerConfig = {
      name: 'ci-int',
      url,
      tokenEnv: 'JENKINS_TOKEN',
      agents: true,
      housekeeping: { hostnames: ['private-ip-address'], jobs: [{ job: 'hk', parameters: { limit: 'LIMIT', tags: 'TAGS', actionId: 'PORTAL_ACTION_ID' } }] },
    };
    const job = housekeepingJob({ controller, intervalMs: 60_000, client: createJenkinsClient({ url, timeoutMs: 60_000 }) })!;
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    // The database client compiles its queries on first use (its compiler is WebAssembly): warm it first.
    await warmUp(db);
    const baseline = live();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, live() - baseline)), 250);
    try {
      await job.run({ prisma: db.prisma, config: {} as never, now: () => new Date() });
    } finally {
      clearInterval(sampler);
    }

    const row = (await findJenkinsBuild(db.prisma, 'ci-int:hk:1'))!;
    expect(totalBytes).toBeGreaterThan(50_000_000);
    expect(row).toMatchObject({ logComplete: true, logOffset: totalBytes, logLines: totalLines });
    expect(await readBuildLogLines(db.prisma, row.id, totalLines - 2, 2)).toEqual(['', 'Finished: SUCCESS']);
    const hosts = await listHousekeepingHosts(db.prisma, row.id);
    expect(hosts).toHaveLength(HOSTS);
    expect(hosts.every((h) => h.ok === TASKS && h.failed === 0)).toBe(true);
    expect(row.summary).toMatchObject({ hostsTotal: HOSTS, hostsFailed: 0, recapSeen: true });
    // Holding the log would take over 50 MB of strings. What this measures does not grow with the
    // log: about 12 MB stays after the run whatever its size (the clients' caches), plus a few MB
    // of pieces in flight; the same run on half the log peaked a little higher.
    console.log(`peak live heap while following: ${(peak / 1024 / 1024).toFixed(1)} MB for ${(totalBytes / 1e6).toFixed(1)} MB of console`);
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  }, 300_000);
});
