import { describe, expect, it } from 'vitest';
import { healthyNode, minutesAgo, NOW, THRESHOLDS } from './node-health/test-fixtures.ts';
import { fleetInstanceOfAgent, isFleetAgentName, type ReconcileAgent, type ReconcileInstance, reconcileNodes } from './node-reconcile.ts';

const ID = 'i-0abc1234def567890';

function instance(change: (instance: ReconcileInstance) => void = () => {}): ReconcileInstance {
  const { instanceId, launchTime, asg, ec2Status } = healthyNode();
  const result = { instanceId, launchTime, asg: { ...asg! }, ec2Status: { ...ec2Status! } };
  change(result);
  return result;
}

function agent(change: Partial<ReconcileAgent> = {}): ReconcileAgent {
  return { name: ID, offline: false, temporarilyOffline: false, offlineCauseReason: '', ...change };
}

function reconcile(instances: ReconcileInstance[], agents: ReconcileAgent[]) {
  return reconcileNodes({ instances, agents, now: NOW, thresholds: THRESHOLDS });
}

const offline = (minutes: number, more: Partial<ReconcileAgent> = {}) =>
  agent({ offline: true, offlineCauseReason: 'Connection was broken', offlineSince: minutesAgo(minutes), ...more });

describe('reconcileNodes', () => {
  it('finds nothing when every instance has its online agent', () => {
    expect(reconcile([instance()], [agent()])).toEqual([]);
  });

  it('finds an agent whose instance AWS does not list', () => {
    expect(reconcile([], [offline(30)])).toEqual([
      {
        kind: 'agent-without-instance',
        instanceId: ID,
        agentName: ID,
        since: minutesAgo(30),
        lastedMs: 30 * 60_000,
        message: `Jenkins agent ${ID} is still there, but AWS lists no such instance in the configured accounts`,
      },
    ]);
  });

  it('finds an agent whose instance is terminated', () => {
    const [found] = reconcile([instance((i) => (i.ec2Status!.instanceState = 'terminated'))], [agent()]);
    expect(found).toMatchObject({ kind: 'agent-without-instance', since: null, lastedMs: null, message: `Jenkins agent ${ID} is still there, but its instance is terminated` });
  });

  it('ignores agents that are not fleet nodes: the built-in node and names that are no instance id', () => {
    expect(['built-in', 'mac-mini-01', 'i-123', 'i-0ABC1234DEF567890'].some(isFleetAgentName)).toBe(false);
  });

  it('reads the instance from an EC2 Fleet agent’s display name, its cloud before it and its builds left after', () => {
    expect(fleetInstanceOfAgent('i-0abc1234def567890')).toBe('i-0abc1234def567890');
    expect(fleetInstanceOfAgent('ci-int-rhel8-builder i-0abc1234def567890')).toBe('i-0abc1234def567890');
    expect(fleetInstanceOfAgent('ci-int-rhel8-builder i-0abc1234def567890 Builds left: 3 ')).toBe('i-0abc1234def567890');
    expect(['Built-In Node', 'mac-mini-01', 'rhel8 i-123', 'i-0abc1234def567890 spare'].map(fleetInstanceOfAgent)).toEqual([null, null, null, null]);
    expect(reconcile([], [agent({ name: 'built-in' }), agent({ name: 'mac-mini-01' })])).toEqual([]);
  });

  it('finds an instance in service with no agent after the online timeout', () => {
    expect(reconcile([instance((i) => (i.launchTime = minutesAgo(10)))], [])).toEqual([
      {
        kind: 'instance-without-agent',
        instanceId: ID,
        agentName: null,
        since: minutesAgo(10),
        lastedMs: 10 * 60_000,
        message: `${ID} is InService with no Jenkins agent, later than 3 min after launch`,
      },
    ]);
  });

  it('gives a new instance the online timeout, to the millisecond, before missing its agent', () => {
    expect(reconcile([instance((i) => (i.launchTime = minutesAgo(3)))], [])).toEqual([]);
  });

  it('does not expect an agent on an instance that is not in service', () => {
    expect(reconcile([instance((i) => (i.asg!.lifecycleState = 'Pending:Wait'))], [])).toEqual([]);
    expect(reconcile([instance((i) => (i.asg = null))], [])).toEqual([]);
  });

  it('finds an agent offline longer than agentOfflineAfter on an instance AWS finds healthy', () => {
    expect(reconcile([instance()], [offline(12)])).toEqual([
      {
        kind: 'agent-offline-instance-healthy',
        instanceId: ID,
        agentName: ID,
        since: minutesAgo(12),
        lastedMs: 12 * 60_000,
        message: `Jenkins agent ${ID} offline while EC2 status checks pass and Auto Scaling says Healthy: Connection was broken`,
      },
    ]);
  });

  it('leaves a short disconnect alone', () => {
    expect(reconcile([instance()], [offline(5)])).toEqual([]);
  });

  it('leaves an agent a person took offline alone', () => {
    expect(reconcile([instance()], [offline(60, { temporarilyOffline: true })])).toEqual([]);
  });

  it('leaves an offline agent alone when AWS sees a problem too', () => {
    expect(reconcile([instance((i) => (i.ec2Status!.instanceStatus = 'impaired'))], [offline(60)])).toEqual([]);
    expect(reconcile([instance((i) => (i.asg!.healthStatus = 'Unhealthy'))], [offline(60)])).toEqual([]);
  });

  it('lists the longest-standing mismatch first', () => {
    const other = 'i-0fedcba9876543210';
    const found = reconcile([instance((i) => Object.assign(i, { instanceId: other, launchTime: minutesAgo(20) }))], [offline(45)]);
    expect(found.map((f) => [f.kind, f.lastedMs])).toEqual([
      ['agent-without-instance', 45 * 60_000],
      ['instance-without-agent', 20 * 60_000],
    ]);
  });
});
