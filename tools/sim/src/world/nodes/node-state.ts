/** EC2's summary of a status check; `initializing` while a fresh instance's checks run, `not-applicable` when it is not running. */
export type CheckStatus = 'ok' | 'impaired' | 'insufficient-data' | 'initializing' | 'not-applicable';
/** What a check settles on once it has run; the other statuses follow from the instance's state. */
export type SettledCheck = 'ok' | 'impaired' | 'insufficient-data';

export type EventCode = 'instance-reboot' | 'system-reboot' | 'system-maintenance' | 'instance-retirement' | 'instance-stop';

/** A scheduled event EC2 announces for an instance, as DescribeInstanceStatus lists it. */
export interface ScheduledEvent {
  instanceEventId: string;
  code: EventCode;
  description: string;
  notBefore: Date;
  notAfter: Date | undefined;
}

/** The root filesystem (`/`, xfs), which also holds the agent's workspace under /var/lib/jenkins. */
export interface DiskState {
  sizeBytes: number;
  availBytes: number;
  files: number;
  filesFree: number;
  /** Bytes written per second of clock time, as jobs leave workspaces behind; negative frees space. */
  fillBytesPerSecond: number;
  fillInodesPerSecond: number;
}

export interface MemoryState {
  totalBytes: number;
  availableBytes: number;
}

export interface StatusChecks {
  system: CheckStatus;
  instance: CheckStatus;
  /** When the failing check started failing. */
  impairedSince: Date | undefined;
}

/** Someone took the agent out of service from Jenkins (toggleOffline), whatever its connection. */
export interface TemporarilyOffline {
  /** The Jenkins user id. */
  by: string;
  message: string;
  since: Date;
}

/**
 * The agent's channel to the controller: `connecting` from the moment the EC2 Fleet plugin adds the
 * node until the agent is up; `absent` when Jenkins has no node for the instance.
 */
export type AgentConnection = 'online' | 'connecting' | 'disconnected' | 'absent';

export interface AgentState {
  connection: AgentConnection;
  /** Why the channel went down, for a disconnected agent. */
  disconnectCause: string | undefined;
  disconnectedAt: Date | undefined;
  temporarilyOffline: TemporarilyOffline | undefined;
  numExecutors: number;
  busyExecutors: number;
  /** The controller's round trip to the agent, in milliseconds. */
  responseTimeMs: number;
}

/** One instance as its own operating system, EC2's status checks and Jenkins see it at an instant. */
export interface NodeState {
  instanceId: string;
  disk: DiskState;
  cpus: number;
  load1: number;
  load5: number;
  load15: number;
  memory: MemoryState;
  bootTime: Date;
  /** Whether node-exporter answers a scrape; false when it stopped or the instance is not up. */
  exporterAnswers: boolean;
  statusChecks: StatusChecks;
  events: ScheduledEvent[];
  agent: AgentState;
}

/**
 * What a test or the demo's story sets on a node. Disk values are taken as of now and move on from
 * there at the fill rates; load and busy executors given here stay put instead of drifting.
 */
export interface NodePatch {
  disk?: Partial<DiskState>;
  cpus?: number;
  load1?: number;
  memory?: Partial<MemoryState>;
  bootTime?: Date;
  exporterAnswers?: boolean;
  statusChecks?: { system?: SettledCheck; instance?: SettledCheck };
  events?: ScheduledEvent[];
  agent?: {
    /** `disconnected` drops the channel (with `disconnectCause` or a broken connection); `absent` removes the node from Jenkins. */
    connection?: 'online' | 'disconnected' | 'absent';
    disconnectCause?: string;
    temporarilyOffline?: TemporarilyOffline | null;
    numExecutors?: number;
    busyExecutors?: number;
  };
}

/** What Jenkins says when an agent's channel drops under it. */
export const CONNECTION_BROKEN =
  'Connection was broken: java.nio.channels.ClosedChannelException\n\tat org.jenkinsci.remoting.protocol.NetworkLayer.onRecvClosed(NetworkLayer.java:155)\n\tat org.jenkinsci.remoting.protocol.impl.NIONetworkLayer.ready(NIONetworkLayer.java:143)\n\tat java.base/java.lang.Thread.run(Thread.java:840)';
