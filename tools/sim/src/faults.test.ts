import { StartInstanceRefreshCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autoScalingClient, BUILD, ec2Client, PROD, rejection, startTestSimulator, stsClient, type TestSimulator } from './test-fixture.ts';

let sim: TestSimulator;
let ec2: EC2Client;

beforeAll(async () => {
  sim = await startTestSimulator();
  ec2 = ec2Client(sim, sim.credentialsFor(BUILD));
});
afterEach(() => sim.faults.clear());
afterAll(() => sim.dispose());

const describeSelf = (client: EC2Client = ec2) => client.send(new DescribeImagesCommand({ Owners: ['self'], MaxResults: 5 }));

describe('fault injection', () => {
  it('throttles the next requests, and the SDK retries through it', async () => {
    sim.faults.inject({ kind: 'throttle', count: 1 });
    const answer = await describeSelf();
    expect(answer.Images).toHaveLength(5);
    expect(answer.$metadata.attempts).toBe(2);
    expect(sim.faults.pending()).toEqual([]);
  });

  it('answers a throttle with EC2 RequestLimitExceeded and HTTP 503', async () => {
    sim.faults.inject({ kind: 'throttle' });
    const error = await rejection(describeSelf(ec2Client(sim, sim.credentialsFor(BUILD), 1)));
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.httpStatusCode).toBe(503);
  });

  it('answers a throttle on STS with Throttling, as awsQuery services do', async () => {
    sim.faults.inject({ kind: 'throttle', service: 'sts' });
    const error = await rejection(stsClient(sim, sim.credentialsFor(BUILD), 1).send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('Throttling');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('fails with InternalError and HTTP 500, which the SDK retries', async () => {
    sim.faults.inject({ kind: 'internal-error' });
    const error = await rejection(describeSelf(ec2Client(sim, sim.credentialsFor(BUILD), 1)));
    expect(error.name).toBe('InternalError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    sim.faults.inject({ kind: 'internal-error' });
    expect((await describeSelf()).$metadata.attempts).toBe(2);
  });

  it('resets the connection, which the SDK retries', async () => {
    sim.faults.inject({ kind: 'reset' });
    const error = await rejection(describeSelf(ec2Client(sim, sim.credentialsFor(BUILD), 1)));
    expect(error).toHaveProperty('code', 'ECONNRESET');
    sim.faults.inject({ kind: 'reset' });
    expect((await describeSelf()).$metadata.attempts).toBe(2);
  });

  it('delays the answer by the latency asked for', async () => {
    sim.faults.inject({ kind: 'latency', latencyMs: 300 });
    const started = performance.now();
    await describeSelf();
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('hits only the action it names', async () => {
    sim.faults.inject({ kind: 'throttle', action: 'DescribeImageAttribute' });
    expect((await describeSelf()).$metadata.attempts).toBe(1);
    expect(sim.faults.pending()).toHaveLength(1);
  });

  it('is driven over HTTP too', async () => {
    const created = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'throttle', count: 3, action: 'DescribeImages' }) });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${sim.url}/_sim/faults`)).json()) as { faults: { remaining: number; action: string }[] };
    expect(listed.faults).toMatchObject([{ remaining: 3, action: 'DescribeImages' }]);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    expect((await describeSelf()).$metadata.attempts).toBe(1);
  });

  it('serves a request and then loses its whole answer (drop-response): done, but the caller cannot tell', async () => {
    const autoScaling = autoScalingClient(sim, sim.credentialsFor(PROD), 1);
    const group = 'ci-int-jenkins-worker-centos7-builder';
    const before = sim.world.fleet.refreshesOf(group).length;
    sim.faults.inject({ kind: 'drop-response', action: 'StartInstanceRefresh' });
    const error = await rejection(autoScaling.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: group })));
    expect(error).toHaveProperty('code', 'ECONNRESET');
    expect(sim.world.fleet.refreshesOf(group)).toHaveLength(before + 1);
    expect(sim.faults.requests('StartInstanceRefresh', 'autoscaling')).toBe(1);
    sim.world.fleet.cancelInstanceRefresh(group);
  });

  it('serves a request and cuts its answer in half (truncate), which the SDK cannot parse', async () => {
    sim.faults.inject({ kind: 'truncate', action: 'DescribeImages' });
    const error = await rejection(describeSelf(ec2Client(sim, sim.credentialsFor(BUILD), 1)));
    expect(error.message).toMatch(/aborted|socket hang up|premature|closed|terminated|ECONNRESET/i);
    expect(sim.faults.requests('DescribeImages')).toBeGreaterThan(0);
  });

  it('counts the requests each action got, faulted ones included', async () => {
    const before = sim.faults.requests('DescribeImages', 'ec2');
    sim.faults.inject({ kind: 'throttle', action: 'DescribeImages' });
    await describeSelf();
    expect(sim.faults.requests('DescribeImages', 'ec2') - before).toBe(2);
    expect(sim.faults.requests('DescribeImages', 'sts')).toBe(0);
  });

  it('rewrites the answer of a request it served, once, leaving the next answer as it was', async () => {
    const first = (await describeSelf()).Images![0]!;
    sim.faults.inject({ kind: 'rewrite', action: 'DescribeImages', find: `<imageId>${first.ImageId}</imageId>`, replace: '<imageId>ami-rewritten</imageId>' });
    expect((await describeSelf()).Images![0]!.ImageId).toBe('ami-rewritten');
    expect((await describeSelf()).Images![0]!.ImageId).toBe(first.ImageId);
  });

  it('says what is wrong with a fault it cannot take', async () => {
    const answer = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency' }) });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain('latencyMs');
    const rewrite = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'rewrite' }) });
    expect(((await rewrite.json()) as { error: string }).error).toContain('find');
  });
});
