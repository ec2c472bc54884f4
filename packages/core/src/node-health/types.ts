import type { HealthThresholds } from '../health-config.ts';
import type { HealthReasonCode } from './reason-codes.ts';

/** An EC2 status check as DescribeInstanceStatus reports it. */
export type StatusCheck = 'ok' | 'impaired' | 'initializing' | 'insufficient-data' | 'not-applicable';

/** Whether a source of node data is configured, and whether its latest read worked. */
export type SourceState = 'ok' | 'not-configured' | 'failing';

export interface NodeSources {
  jenkins: SourceState;
  prometheus: SourceState;
  ec2Status: SourceState;
}

/** The instance as its Auto Scaling group lists it. */
export interface AsgMemberObservation {
  lifecycleState: string;
  healthStatus: string;
  observedAt: Date;
}

export interface Ec2ScheduledEvent {
  code: string;
  /** AWS prefixes it with "[Completed]" or "[Canceled]" once the event is over. */
  description: string;
  notBefore?: Date | null;
  notAfter?: Date | null;
}

export interface Ec2StatusObservation {
  instanceState: string;
  systemStatus: StatusCheck;
  instanceStatus: StatusCheck;
  events: Ec2ScheduledEvent[];
  observedAt: Date;
}

/** The node's Jenkins agent, from /computer/api/json. */
export interface AgentObservation {
  name: string;
  offline: boolean;
  /** Taken offline by a person; Jenkins reports `offline` too. */
  temporarilyOffline: boolean;
  /** "" while online. */
  offlineCauseReason: string;
  /** The first time the portal saw it offline in the current spell. */
  offlineSince?: Date | null;
  numExecutors: number;
  busyExecutors: number;
  observedAt: Date;
}

/** The node's node-exporter, through Prometheus. A value left out was not scraped. */
/** node-exporter's figures of one node, as Prometheus has them; null where there is no reading. */
export interface ExporterFigures {
  /** The fullest filesystem's used space, and where it is mounted. */
  diskUsedPercent: number | null;
  diskMountpoint: string | null;
  inodesUsedPercent: number | null;
  loadPerCore: number | null;
  memoryAvailablePercent: number | null;
  /** Hours until the soonest-filling filesystem is full at its rate over six hours; null when none is filling. */
  diskFullInHours: number | null;
  inodesFullInHours: number | null;
  bootTime: Date | null;
}

/** What one read of Prometheus says of one node, joined to the node by its instance id. */
export interface ExporterRecord extends ExporterFigures {
  instanceId: string;
  /** Every node-exporter target of the node answered its last scrape. */
  up: boolean;
  /** The target's last scrape error while it is down. */
  error: string | null;
}

/** The exporter's part of a node as the health rules read it; a figure left out has no reading. */
export interface ExporterObservation extends Partial<ExporterFigures> {
  up: boolean;
  observedAt: Date;
}

/** Everything known about one instance, joined by its id. */
export interface NodeObservation {
  instanceId: string;
  workerType?: string | null;
  groupName?: string | null;
  availabilityZone?: string | null;
  imageId?: string | null;
  launchTime?: Date | null;
  asg?: AsgMemberObservation | null;
  ec2Status?: Ec2StatusObservation | null;
  agent?: AgentObservation | null;
  exporter?: ExporterObservation | null;
  /** Each housekeeping job's last runs over this node, the newest first. */
  housekeeping?: HousekeepingObservation[] | null;
}

/** One housekeeping job's last runs that covered a node, the newest first. */
export interface HousekeepingObservation {
  job: string;
  runs: { runId: string; at: Date; failed: boolean }[];
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';
export type ReasonSeverity = 'degraded' | 'unhealthy' | 'unknown';
/** Where a reason comes from; `node` for the node as a whole (booting). */
export type NodeSignal = 'asg' | 'ec2Status' | 'agent' | 'exporter' | 'housekeeping' | 'node';

export type { HealthReasonCode };

export interface HealthReason {
  code: HealthReasonCode;
  severity: ReasonSeverity;
  /** Short and specific: "/ is 96 % full (unhealthy above 95 %)". */
  message: string;
  signal: NodeSignal;
  since?: Date;
  /** A page in the portal that shows what the reason is about (the housekeeping run that failed). */
  href?: string;
}

export interface NodeHealth {
  status: HealthStatus;
  /** Worst first. */
  reasons: HealthReason[];
}

export interface HealthContext {
  sources: NodeSources;
  thresholds: HealthThresholds;
  now: Date;
}
