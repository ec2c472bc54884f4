import type { HealthReasonCode } from '@fleet/core';

/** A reason code as a filter chip reads it. */
export const REASON_WORDS: Record<HealthReasonCode, string> = {
  'asg-unhealthy': 'Auto Scaling: unhealthy',
  'asg-not-in-service': 'Auto Scaling: not in service',
  'ec2-not-running': 'EC2: not running',
  'ec2-system-impaired': 'EC2: system check impaired',
  'ec2-instance-impaired': 'EC2: instance check impaired',
  'ec2-status-unknown': 'EC2: status unknown',
  'ec2-scheduled-event': 'EC2: scheduled event',
  'agent-offline': 'agent offline',
  'agent-temporarily-offline': 'agent taken offline',
  'agent-missing': 'no Jenkins agent',
  'exporter-down': 'exporter down',
  'disk-full': 'disk full',
  'disk-filling': 'disk filling up',
  'inodes-full': 'inodes exhausted',
  'inodes-filling': 'inodes filling up',
  'load-high': 'load high',
  'memory-low': 'memory low',
  'node-booting': 'booting',
  'signal-stale': 'stale data',
  'signal-missing': 'signal missing',
  'source-missing': 'source missing',
  'housekeeping-failing': 'housekeeping failing',
};

export function reasonWords(code: string): string {
  return REASON_WORDS[code as HealthReasonCode] ?? code;
}

export const AGENT_WORDS: Record<string, string> = {
  online: 'online',
  offline: 'offline',
  'temporarily-offline': 'temporarily offline',
  missing: 'no agent',
  unknown: 'not read',
};

export const FINDING_WORDS: Record<string, string> = {
  'agent-without-instance': 'agent without instance',
  'instance-without-agent': 'instance without agent',
  'agent-offline-instance-healthy': 'agent offline, instance healthy',
};

/** Which source a reason comes from, in the words of the node's page. */
export const SIGNAL_WORDS: Record<string, string> = {
  asg: 'Auto Scaling',
  ec2Status: 'EC2 status',
  agent: 'Jenkins agent',
  exporter: 'node-exporter',
  housekeeping: 'housekeeping',
  node: 'the node',
};
