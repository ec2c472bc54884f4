import { describe, expect, it } from 'vitest';
import { healthThresholdsOf, nodeMetricsUrl } from './health-config.ts';
import { parseWith as parse, problemsWith as problems } from './test-config.ts';

describe('without jenkins, prometheus or health', () => {
  it('has no Jenkins or Prometheus source', () => {
    const config = parse('');
    expect(config.jenkins).toBeUndefined();
    expect(config.prometheus).toBeUndefined();
  });

  it('takes the default thresholds and reads nodes every 30 s', () => {
    const config = parse('');
    expect(config.sync.nodes).toBe(30_000);
    expect(config.health).toEqual({
      disk: { degradedPercent: 85, unhealthyPercent: 95 },
      inodes: { degradedPercent: 85, unhealthyPercent: 95 },
      loadPerCore: { degradedAbove: 2, unhealthyAbove: 4 },
      memoryAvailable: { degradedPercent: 10, unhealthyPercent: 5 },
      fillPrediction: { degradedWithin: 24 * 3_600_000, unhealthyWithin: 4 * 3_600_000, minUsedPercent: 60 },
      agentOfflineAfter: 300_000,
      runbooks: {},
    });
  });

  it('keeps the other sync defaults when only the node interval is set', () => {
    expect(parse('sync: { nodes: 15s }\n').sync).toEqual({
      images: 60_000,
      launchPermissions: 300_000,
      infraRepo: 120_000,
      asgs: 60_000,
      asgsWhileRefreshing: 5_000,
      nodes: 15_000,
      jenkinsJobs: 30_000,
      jenkinsClouds: 60_000,
    });
  });
});

describe('healthThresholdsOf', () => {
  it('counts data as stale after three node sync intervals and waits 3 min for an agent by default', () => {
    const thresholds = healthThresholdsOf(parse('sync: { nodes: 20s }\n'));
    expect(thresholds.staleAfter).toBe(60_000);
    expect(thresholds.agentOnlineTimeout).toBe(180_000);
  });

  it('gives Auto Scaling data three group sync intervals, never less than staleAfter', () => {
    expect(healthThresholdsOf(parse('sync: { nodes: 15s, asgs: 60s }\n')).asgStaleAfter).toBe(180_000);
    expect(healthThresholdsOf(parse('sync: { nodes: 2m, asgs: 30s }\n')).asgStaleAfter).toBe(360_000);
  });

  it('takes staleAfter and the agent online timeout from the config when given', () => {
    const thresholds = healthThresholdsOf(parse('health: { staleAfter: 5m }\njenkins: { controllers: [{ name: ci-int, url: "https://jenkins.example.com" }], agentOnlineTimeout: 10m }\n'));
    expect(thresholds.staleAfter).toBe(300_000);
    expect(thresholds.agentOnlineTimeout).toBe(600_000);
  });
});

describe('prometheus', () => {
  it('defaults the instance label and a 10 s timeout', () => {
    expect(parse('prometheus: { url: "http://127.0.0.1:9090" }\n').prometheus).toEqual({ url: 'http://127.0.0.1:9090', instanceLabel: 'instance', timeout: 10_000 });
  });

  it('refuses an address without a scheme', () => {
    expect(problems('prometheus: { url: "prometheus:9090" }\n')).toEqual([{ key: 'prometheus.url', message: 'must be an http:// or https:// URL' }]);
  });

  it('refuses a console link without {instance}, or one that is no web address', () => {
    expect(problems('prometheus: { url: "http://p:9090", consoleUrl: "{url}/graph" }\n')[0]!.message).toMatch(/must contain \{instance\}/);
    expect(problems('prometheus: { url: "http://p:9090", consoleUrl: "grafana/{instance}" }\n')[0]!.message).toMatch(/http:\/\/ or https:\/\/ URL once/);
  });

  it('refuses a label name Prometheus would not accept', () => {
    expect(problems('prometheus: { url: "http://p:9090", instanceLabel: "ec2-instance" }\n')[0]).toEqual({
      key: 'prometheus.instanceLabel',
      message: 'must be a Prometheus label name such as instance',
    });
  });
});

describe('health thresholds', () => {
  const FIRST = 'a node turns degraded before it turns unhealthy';

  it.each([
    ['disk, degraded not below unhealthy', 'disk: { degradedPercent: 95, unhealthyPercent: 95 }', 'disk.unhealthyPercent', `must be above degradedPercent (95 %): ${FIRST}`],
    ['inodes, one side against the other’s default', 'inodes: { degradedPercent: 97 }', 'inodes.unhealthyPercent', `must be above degradedPercent (97 %): ${FIRST}`],
    ['load the wrong way round', 'loadPerCore: { degradedAbove: 4, unhealthyAbove: 3 }', 'loadPerCore.unhealthyAbove', `must be above degradedAbove (4): ${FIRST}`],
    ['memory, where less available is worse', 'memoryAvailable: { degradedPercent: 5, unhealthyPercent: 10 }', 'memoryAvailable.unhealthyPercent', `must be below degradedPercent (5 %): ${FIRST}`],
    ['fill prediction, where nearer is worse', 'fillPrediction: { degradedWithin: 4h, unhealthyWithin: 24h }', 'fillPrediction.unhealthyWithin', `must be below degradedWithin (4 h): ${FIRST}`],
  ])('refuses a pair in which unhealthy would come first: %s', (_name, yaml, key, message) => {
    expect(problems(`health: { ${yaml} }\n`)).toEqual([{ key: `health.${key}`, message }]);
  });

  it('refuses a percentage over 100 once, without comparing it', () => {
    expect(problems('health: { disk: { degradedPercent: 80, unhealthyPercent: 101 } }\n')).toEqual([
      { key: 'health.disk.unhealthyPercent', message: 'must be between 0 and 100' },
    ]);
  });

  it('refuses a misspelt threshold instead of falling back to its default', () => {
    expect(problems('health: { disk: { degraded: 80 } }\n')).toEqual([
      { key: 'health.disk', message: 'unknown key "degraded"; check the spelling against docs/configuration.md' },
    ]);
  });

  it('refuses a duration without a unit', () => {
    expect(problems('health: { agentOfflineAfter: 300 }\n')).toEqual([{ key: 'health.agentOfflineAfter', message: 'must be a duration such as 30s, 5m or 1h' }]);
  });
});

describe('nodeMetricsUrl', () => {
  it('links to a table of every series of the node by default', () => {
    const prometheus = parse('prometheus: { url: "http://127.0.0.1:9090/" }\n').prometheus!;
    expect(nodeMetricsUrl(prometheus, '127.0.0.12:9100')).toBe(`http://127.0.0.1:9090/graph?g0.expr=${encodeURIComponent('{instance="127.0.0.12:9100"}')}&g0.tab=1`);
  });

  it('fills in a configured link', () => {
    const prometheus = parse('prometheus: { url: "http://p:9090", consoleUrl: "https://grafana.example.com/d/node?var-instance={instance}&src={url}" }\n').prometheus!;
    expect(nodeMetricsUrl(prometheus, '10.0.0.5:9100')).toBe('https://grafana.example.com/d/node?var-instance=10.0.0.5%3A9100&src=http://p:9090');
  });
});

describe('health.runbooks', () => {
  it('takes an https link per health reason', () => {
    const config = parse('health:\n  runbooks:\n    disk-full: https://runbooks.example.com/disk-full\n    agent-offline: https://runbooks.example.com/agent\n');
    expect(config.health.runbooks).toEqual({ 'disk-full': 'https://runbooks.example.com/disk-full', 'agent-offline': 'https://runbooks.example.com/agent' });
  });

  it('names a key that is no health reason, and lists the reasons', () => {
    const [problem] = problems('health: { runbooks: { disk-ful: "https://runbooks.example.com/disk" } }\n');
    expect(problem).toEqual({ key: 'health.runbooks.disk-ful', message: expect.stringMatching(/^is not a health reason; the reasons are asg-unhealthy, .*disk-full, /) });
  });

  it('refuses a link that is not http or https', () => {
    expect(problems('health: { runbooks: { disk-full: "runbooks/disk" } }\n')).toEqual([{ key: 'health.runbooks.disk-full', message: 'must be an http:// or https:// URL' }]);
  });
});
