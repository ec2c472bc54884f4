import { describe, expect, it } from 'vitest';
import { type AssessedNode, healthCounts, NO_WORKER_TYPE, worstNodes } from './overview.ts';
import { minutesAgo } from './test-fixtures.ts';
import type { HealthReason, HealthStatus, ReasonSeverity } from './types.ts';

function reason(severity: ReasonSeverity, sinceMinutes?: number): HealthReason {
  const result: HealthReason = { code: 'signal-stale', severity, signal: 'agent', message: severity };
  return sinceMinutes === undefined ? result : { ...result, since: minutesAgo(sinceMinutes) };
}

function node(instanceId: string, status: HealthStatus, reasons: HealthReason[] = [], workerType: string | null = 'rhel8-builder'): AssessedNode {
  return { instanceId, workerType, health: { status, reasons } };
}

describe('healthCounts', () => {
  it('counts each status per worker type, nodes without one under their own key', () => {
    const counts = healthCounts([
      node('i-1', 'healthy'),
      node('i-2', 'healthy'),
      node('i-3', 'unhealthy'),
      node('i-4', 'unknown', [], 'centos7-tester'),
      node('i-5', 'degraded', [], null),
    ]);
    expect(counts).toEqual({
      'rhel8-builder': { healthy: 2, degraded: 0, unhealthy: 1, unknown: 0 },
      'centos7-tester': { healthy: 0, degraded: 0, unhealthy: 0, unknown: 1 },
      [NO_WORKER_TYPE]: { healthy: 0, degraded: 1, unhealthy: 0, unknown: 0 },
    });
  });
});

describe('worstNodes', () => {
  const ids = (nodes: AssessedNode[]) => nodes.map((n) => n.instanceId);

  it('puts unhealthy before degraded before unknown and leaves healthy nodes out', () => {
    const nodes = [node('i-h', 'healthy'), node('i-u', 'unknown', [reason('unknown')]), node('i-d', 'degraded', [reason('degraded')]), node('i-x', 'unhealthy', [reason('unhealthy')])];
    expect(ids(worstNodes(nodes, 10))).toEqual(['i-x', 'i-d', 'i-u']);
  });

  it('puts the node with more unhealthy reasons first, then more degraded ones', () => {
    const nodes = [
      node('i-a', 'unhealthy', [reason('unhealthy'), reason('degraded'), reason('degraded')]),
      node('i-b', 'unhealthy', [reason('unhealthy'), reason('unhealthy')]),
      node('i-c', 'unhealthy', [reason('unhealthy'), reason('degraded'), reason('degraded'), reason('degraded')]),
    ];
    expect(ids(worstNodes(nodes, 10))).toEqual(['i-b', 'i-c', 'i-a']);
  });

  it('puts the longest-standing trouble first among equals, undated trouble last', () => {
    const nodes = [node('i-a', 'degraded', [reason('degraded')]), node('i-b', 'degraded', [reason('degraded', 5)]), node('i-c', 'degraded', [reason('degraded', 50)])];
    expect(ids(worstNodes(nodes, 10))).toEqual(['i-c', 'i-b', 'i-a']);
  });

  it('returns at most n nodes', () => {
    const nodes = ['i-1', 'i-2', 'i-3'].map((id) => node(id, 'unhealthy', [reason('unhealthy')]));
    expect(ids(worstNodes(nodes, 2))).toEqual(['i-1', 'i-2']);
  });
});
