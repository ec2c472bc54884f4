import { describe, expect, it } from 'vitest';
import { assessNodeHealth } from './assess.ts';
import { context, healthyNode, minutesAgo, NOW, THRESHOLDS } from './test-fixtures.ts';
import type { HealthContext, NodeObservation } from './types.ts';

function assess(change: (node: NodeObservation) => void = () => {}, overrides: Partial<HealthContext> = {}) {
  const node = healthyNode();
  change(node);
  return assessNodeHealth(node, context(overrides));
}

function codes(change: (node: NodeObservation) => void, overrides: Partial<HealthContext> = {}) {
  return assess(change, overrides).reasons.map((reason) => `${reason.code}:${reason.severity}`);
}

describe('a node in service with every signal fresh', () => {
  it('is healthy with no reasons', () => {
    expect(assess()).toEqual({ status: 'healthy', reasons: [] });
  });
});

describe('Auto Scaling', () => {
  it('makes a node Auto Scaling marks Unhealthy unhealthy', () => {
    const health = assess((node) => (node.asg!.healthStatus = 'Unhealthy'));
    expect(health.status).toBe('unhealthy');
    expect(health.reasons).toEqual([expect.objectContaining({ code: 'asg-unhealthy', signal: 'asg', message: 'Auto Scaling marks it Unhealthy (InService); it will be replaced' })]);
  });

  it('degrades a node out of service and does not blame its agent for going offline', () => {
    const health = assess((node) => {
      node.asg!.lifecycleState = 'Terminating';
      node.agent = { ...node.agent!, offline: true, offlineCauseReason: 'Connection was broken', offlineSince: minutesAgo(20) };
    });
    expect(health.status).toBe('degraded');
    expect(health.reasons.map((reason) => reason.message)).toEqual(['Terminating in its Auto Scaling group: not taking work']);
  });

  it('degrades a node still Pending after the agent online timeout, without calling its agent missing', () => {
    const health = assess((node) => {
      node.launchTime = minutesAgo(12);
      node.asg!.lifecycleState = 'Pending:Wait';
      node.agent = null;
    });
    expect(health.status).toBe('degraded');
    expect(health.reasons[0]).toMatchObject({ code: 'asg-not-in-service', message: 'still Pending:Wait 12 min after launch (expected in service within 3 min)' });
    expect(health.reasons.map((reason) => reason.code)).not.toContain('agent-missing');
  });
});

describe('EC2 status', () => {
  it('makes a failed system status check unhealthy', () => {
    expect(codes((node) => (node.ec2Status!.systemStatus = 'impaired'))).toEqual(['ec2-system-impaired:unhealthy']);
  });

  it('makes a failed instance status check unhealthy', () => {
    expect(codes((node) => (node.ec2Status!.instanceStatus = 'impaired'))).toEqual(['ec2-instance-impaired:unhealthy']);
  });

  it('makes an instance that is not running unhealthy', () => {
    const health = assess((node) => Object.assign(node.ec2Status!, { instanceState: 'stopped', systemStatus: 'not-applicable', instanceStatus: 'not-applicable' }));
    expect(health.status).toBe('unhealthy');
    expect(health.reasons[0]).toMatchObject({ code: 'ec2-not-running', message: 'EC2 instance is stopped' });
  });

  it('lists insufficient data as unknown and keeps the node healthy on its other signals', () => {
    const health = assess((node) => (node.ec2Status!.instanceStatus = 'insufficient-data'));
    expect(health.status).toBe('healthy');
    expect(health.reasons).toEqual([expect.objectContaining({ code: 'ec2-status-unknown', severity: 'unknown' })]);
  });

  it('degrades a node with a scheduled event, from the time the event may start', () => {
    const notBefore = new Date('2026-11-03T10:00:00Z');
    const health = assess((node) => (node.ec2Status!.events = [{ code: 'instance-retirement', description: 'The instance is running on degraded hardware', notBefore }]));
    expect(health.status).toBe('degraded');
    expect(health.reasons).toEqual([
      {
        code: 'ec2-scheduled-event',
        severity: 'degraded',
        signal: 'ec2Status',
        message: 'instance-retirement scheduled from 2026-11-03 10:00 UTC: The instance is running on degraded hardware',
        since: notBefore,
      },
    ]);
  });

  it('ignores scheduled events AWS marks completed or canceled', () => {
    const health = assess((node) => {
      node.ec2Status!.events = [
        { code: 'system-reboot', description: '[Completed] Scheduled reboot' },
        { code: 'system-maintenance', description: '[Canceled] Maintenance' },
      ];
    });
    expect(health).toEqual({ status: 'healthy', reasons: [] });
  });

  it('says so when EC2 has reported nothing for the instance yet', () => {
    expect(codes((node) => (node.ec2Status = null))).toEqual(['signal-missing:unknown']);
  });
});

describe('Jenkins agent', () => {
  const offlineFor = (minutes: number) => (node: NodeObservation) => {
    node.agent = { ...node.agent!, offline: true, offlineCauseReason: 'Connection was broken', offlineSince: minutesAgo(minutes) };
  };

  it('degrades a node whose agent went offline less than agentOfflineAfter ago', () => {
    const health = assess(offlineFor(2));
    expect(health.status).toBe('degraded');
    expect(health.reasons[0]).toEqual({ code: 'agent-offline', severity: 'degraded', signal: 'agent', message: 'Jenkins agent offline for 2 min: Connection was broken', since: minutesAgo(2) });
  });

  it('gives only the first line of a cause that carries a stack trace', () => {
    const health = assess((node) => {
      node.agent = {
        ...node.agent!,
        offline: true,
        offlineCauseReason: 'Connection was broken: java.nio.channels.ClosedChannelException\n\tat org.jenkinsci.remoting.protocol.NetworkLayer.onRecvClosed(NetworkLayer.java:155)\n',
        offlineSince: minutesAgo(2),
      };
    });
    expect(health.reasons[0]!.message).toBe('Jenkins agent offline for 2 min: Connection was broken: java.nio.channels.ClosedChannelException');
  });

  it('still only degrades it at exactly agentOfflineAfter', () => {
    expect(codes(offlineFor(5))).toEqual(['agent-offline:degraded']);
  });

  it('makes it unhealthy once the agent is offline for longer than agentOfflineAfter', () => {
    const health = assess(offlineFor(12));
    expect(health.status).toBe('unhealthy');
    expect(health.reasons[0]!.message).toBe('Jenkins agent offline for 12 min: Connection was broken');
  });

  it('degrades a node whose agent a person took offline, with their reason', () => {
    const health = assess((node) => {
      node.agent = { ...node.agent!, offline: true, temporarilyOffline: true, offlineCauseReason: 'draining for kernel update', offlineSince: minutesAgo(90) };
    });
    expect(health.status).toBe('degraded');
    expect(health.reasons[0]).toMatchObject({ code: 'agent-temporarily-offline', message: 'Jenkins agent taken offline by a person for 1 h 30 min: draining for kernel update' });
  });

  it('makes an instance in service without an agent after the online timeout unhealthy', () => {
    const health = assess((node) => (node.agent = null));
    expect(health.status).toBe('unhealthy');
    expect(health.reasons[0]).toMatchObject({ code: 'agent-missing', message: 'no Jenkins agent for this instance 1 h after launch (expected within 3 min)' });
  });
});

describe('node-exporter', () => {
  it('degrades a node whose exporter Prometheus cannot scrape', () => {
    const health = assess((node) => (node.exporter = { up: false, observedAt: minutesAgo(0.5) }));
    expect(health.status).toBe('degraded');
    expect(health.reasons[0]).toMatchObject({ code: 'exporter-down', message: 'node-exporter is down (Prometheus up = 0)' });
  });

  it('degrades a node Prometheus has no target for', () => {
    expect(assess((node) => (node.exporter = null)).reasons[0]).toMatchObject({
      code: 'exporter-down',
      severity: 'degraded',
      message: 'Prometheus has no node-exporter target for this instance',
    });
  });

  it('passes the resource rules on', () => {
    expect(codes((node) => (node.exporter!.diskUsedPercent = 97))).toEqual(['disk-full:unhealthy']);
  });
});

describe('stale data and missing sources', () => {
  it('counts data older than staleAfter as stale, never healthy, while the others still decide', () => {
    const health = assess((node) => (node.agent!.observedAt = minutesAgo(7)));
    expect(health.status).toBe('healthy');
    expect(health.reasons).toEqual([
      { code: 'signal-stale', severity: 'unknown', signal: 'agent', message: 'Jenkins data is 7 min old (stale after 1 min 30 s)', since: minutesAgo(7) },
    ]);
  });

  it('does not judge stale data: an old offline agent is not an offline agent', () => {
    const health = assess((node) => {
      node.agent = { ...node.agent!, offline: true, offlineCauseReason: 'Connection was broken', offlineSince: minutesAgo(30), observedAt: minutesAgo(10) };
    });
    expect(health.reasons.map((reason) => reason.code)).toEqual(['signal-stale']);
  });

  it('keeps data exactly staleAfter old fresh', () => {
    expect(assess((node) => (node.agent!.observedAt = minutesAgo(1.5)))).toEqual({ status: 'healthy', reasons: [] });
  });

  it('judges Auto Scaling data by the slower group sync', () => {
    const quick = { ...THRESHOLDS, staleAfter: 45_000, asgStaleAfter: 180_000 };
    const read = (minutes: number) => assess((node) => (node.asg!.observedAt = minutesAgo(minutes)), { thresholds: quick, now: NOW });
    // Everything else 30 s old and fresh; the group was read 2 minutes ago, within three of its 60 s syncs.
    expect(read(2)).toEqual({ status: 'healthy', reasons: [] });
    expect(read(4).reasons).toEqual([expect.objectContaining({ code: 'signal-stale', signal: 'asg', message: 'Auto Scaling data is 4 min old (stale after 3 min)' })]);
  });

  it('is unknown when every signal is stale', () => {
    const health = assess((node) => {
      for (const observation of [node.asg!, node.ec2Status!, node.agent!, node.exporter!]) observation.observedAt = minutesAgo(10);
    });
    expect(health.status).toBe('unknown');
    expect(health.reasons.map((reason) => reason.code)).toEqual(['signal-stale', 'signal-stale', 'signal-stale', 'signal-stale']);
  });

  it('is unknown when no source is configured and no group lists the instance', () => {
    const health = assessNodeHealth({ instanceId: 'i-0abc1234def567890' }, context({ sources: { jenkins: 'not-configured', prometheus: 'not-configured', ec2Status: 'not-configured' } }));
    expect(health.status).toBe('unknown');
    expect(health.reasons.map((reason) => reason.message)).toEqual([
      'EC2 status is not configured: no status checks or scheduled events',
      'Jenkins is not configured: no agent state',
      'Prometheus is not configured: no disk, memory or load data',
    ]);
  });

  it('says Prometheus is not configured and judges the node on the rest', () => {
    const health = assess(() => {}, { sources: { jenkins: 'ok', prometheus: 'not-configured', ec2Status: 'ok' } });
    expect(health.status).toBe('healthy');
    expect(health.reasons).toEqual([expect.objectContaining({ code: 'source-missing', signal: 'exporter', severity: 'unknown' })]);
  });

  it('says a failing source could not be read when it has no data for the node', () => {
    const health = assess((node) => (node.agent = null), { sources: { jenkins: 'failing', prometheus: 'ok', ec2Status: 'ok' } });
    expect(health.reasons).toEqual([expect.objectContaining({ code: 'source-missing', message: 'Jenkins could not be read: no agent state' })]);
  });

  it('says a failing source’s stale data is stale because its latest read failed', () => {
    const health = assess((node) => (node.agent!.observedAt = minutesAgo(4)), { sources: { jenkins: 'failing', prometheus: 'ok', ec2Status: 'ok' } });
    expect(health.reasons[0]!.message).toBe('Jenkins data is 4 min old (stale after 1 min 30 s); its latest read failed');
  });
});

describe('a booting node', () => {
  const justLaunched = (node: NodeObservation) => {
    node.launchTime = minutesAgo(1);
    node.asg!.lifecycleState = 'Pending';
    Object.assign(node.ec2Status!, { systemStatus: 'initializing', instanceStatus: 'initializing' });
    node.agent = null;
    node.exporter = null;
  };

  it('is unknown, not unhealthy, while it waits for its agent and exporter', () => {
    expect(assess(justLaunched)).toEqual({
      status: 'unknown',
      reasons: [
        {
          code: 'node-booting',
          severity: 'unknown',
          signal: 'node',
          message: 'booting (launched 1 min ago): waiting for the Jenkins agent and node-exporter, expected within 3 min',
          since: minutesAgo(1),
        },
      ],
    });
  });

  it('does not blame an agent still connecting for being offline', () => {
    const health = assess((node) => {
      justLaunched(node);
      node.agent = { ...healthyNode().agent!, offline: true, offlineCauseReason: '', offlineSince: minutesAgo(1) };
    });
    expect(health.reasons.map((reason) => reason.code)).toEqual(['node-booting']);
  });

  it('counts as booting while Auto Scaling has it Pending, even without a launch time', () => {
    const health = assess((node) => {
      justLaunched(node);
      node.launchTime = null;
    });
    expect(health.status).toBe('unknown');
    expect(health.reasons[0]!.message).toMatch(/^booting \(Auto Scaling lifecycle Pending\)/);
  });

  it('counts as booting while its status checks initialize, past the online timeout', () => {
    const health = assess((node) => {
      node.launchTime = minutesAgo(6);
      node.agent = null;
      node.ec2Status!.instanceStatus = 'initializing';
    });
    expect(health.status).toBe('unknown');
    expect(health.reasons[0]!.message).toBe('booting (EC2 status checks initializing): waiting for the Jenkins agent, expected within 3 min');
  });

  it('is healthy as soon as its agent is online and its exporter up', () => {
    expect(assess((node) => (node.launchTime = minutesAgo(1)))).toEqual({ status: 'healthy', reasons: [] });
  });

  it('is still unhealthy for a failed status check', () => {
    const health = assess((node) => {
      justLaunched(node);
      node.ec2Status!.systemStatus = 'impaired';
    });
    expect(health.status).toBe('unhealthy');
  });
});

describe('precedence', () => {
  it('lets an unhealthy reason beat unknown and degraded ones, and lists the worst first', () => {
    const health = assess((node) => {
      node.exporter!.observedAt = minutesAgo(10);
      node.ec2Status!.events = [{ code: 'system-reboot', description: 'Scheduled reboot' }];
      node.asg!.healthStatus = 'Unhealthy';
    });
    expect(health.status).toBe('unhealthy');
    expect(health.reasons.map((reason) => reason.severity)).toEqual(['unhealthy', 'degraded', 'unknown']);
  });

  it('lets a degraded reason beat an unknown one', () => {
    const health = assess((node) => {
      node.agent!.observedAt = minutesAgo(10);
      node.exporter!.loadPerCore = 3;
    });
    expect(health.status).toBe('degraded');
  });
});
