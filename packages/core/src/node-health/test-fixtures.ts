import { healthConfigSchema, healthThresholdsOf } from '../health-config.ts';
import type { HealthContext, NodeObservation } from './types.ts';

/** Shared by the node health tests: a healthy node, its time and the default thresholds. */
export const NOW = new Date('2026-11-01T12:00:00Z');

export function minutesAgo(minutes: number): Date {
  return new Date(NOW.getTime() - minutes * 60_000);
}

/** Defaults with `sync.nodes` at 30 s: stale after 90 s, agents due 3 min after launch. */
export const THRESHOLDS = healthThresholdsOf({ health: healthConfigSchema.parse({}), sync: { nodes: 30_000 } });

export function context(overrides: Partial<HealthContext> = {}): HealthContext {
  return { sources: { jenkins: 'ok', prometheus: 'ok', ec2Status: 'ok' }, thresholds: THRESHOLDS, now: NOW, ...overrides };
}

export const INSTANCE_ID = 'i-0abc1234def567890';

/** In service for an hour, every check passing, every reading 30 s old. */
export function healthyNode(): NodeObservation {
  const observedAt = minutesAgo(0.5);
  return {
    instanceId: INSTANCE_ID,
    workerType: 'rhel8-builder',
    groupName: 'ci-int-jenkins-worker-rhel8-builder',
    launchTime: minutesAgo(60),
    asg: { lifecycleState: 'InService', healthStatus: 'Healthy', observedAt },
    ec2Status: { instanceState: 'running', systemStatus: 'ok', instanceStatus: 'ok', events: [], observedAt },
    agent: { name: INSTANCE_ID, offline: false, temporarilyOffline: false, offlineCauseReason: '', numExecutors: 2, busyExecutors: 1, observedAt },
    exporter: { up: true, diskUsedPercent: 40, diskMountpoint: '/', inodesUsedPercent: 10, loadPerCore: 0.5, memoryAvailablePercent: 60, observedAt },
  };
}
