/** Every reason the health rules give, in the order of the rules that give them. */
export const HEALTH_REASON_CODES = [
  'asg-unhealthy',
  'asg-not-in-service',
  'ec2-not-running',
  'ec2-system-impaired',
  'ec2-instance-impaired',
  'ec2-status-unknown',
  'ec2-scheduled-event',
  'agent-offline',
  'agent-temporarily-offline',
  'agent-missing',
  'exporter-down',
  'disk-full',
  'disk-filling',
  'inodes-full',
  'inodes-filling',
  'load-high',
  'memory-low',
  'node-booting',
  'signal-stale',
  'signal-missing',
  'source-missing',
  'housekeeping-failing',
] as const;

export type HealthReasonCode = (typeof HEALTH_REASON_CODES)[number];

export function isHealthReasonCode(code: string): code is HealthReasonCode {
  return (HEALTH_REASON_CODES as readonly string[]).includes(code);
}
