import { randomBytes, randomUUID } from 'node:crypto';
import { type Ec2FleetRelease } from './ec2-fleet-release.ts';

/** A Describable without settings is its symbol; one with settings maps its symbol to them. */
export interface Describable {
  symbol: string;
  settings: Record<string, unknown>;
}

/** hudson.plugins.sshslaves.SSHConnector: its constructor's port and credentials, and whatever its setters were given. */
export interface SshConnector {
  port: number;
  credentialsId: string | null;
  /** jvmOptions, launchTimeoutSeconds, workDir, …: the setters' values, by name. */
  settings: Record<string, string | number | boolean>;
  sshHostKeyVerificationStrategy: Describable | null;
}

/** EC2FleetCloud as the plugin holds it after its constructor ran: Java's values, by the JCasC names. */
export interface FleetCloudFields {
  name: string;
  awsCredentialsId: string | null;
  credentialsId: string | null;
  region: string | null;
  endpoint: string | null;
  fleet: string | null;
  labelString: string | null;
  fsRoot: string | null;
  computerConnector: SshConnector | null;
  privateIpUsed: boolean;
  alwaysReconnect: boolean;
  /** An Integer: null until given; the getter reads null as 0. */
  idleMinutes: number | null;
  minSize: number;
  maxSize: number;
  minSpareSize: number;
  numExecutors: number;
  addNodeOnlyIfRunning: boolean;
  restrictUsage: boolean;
  /** Parsed by the constructor (Integer.parseInt); -1 is unlimited. */
  maxTotalUses: number;
  disableTaskResubmit: boolean;
  initOnlineTimeoutSec: number | null;
  initOnlineCheckIntervalSec: number | null;
  cloudStatusIntervalSec: number | null;
  noDelayProvision: boolean;
  scaleExecutorsByWeight: boolean;
  /** Null on releases before 3.2.0, which have none. */
  executorScaler: Describable | null;
  environmentVariables: { name: string; value: string }[];
}

/** What the getters answer for null Integers (EC2FleetCloud's DEFAULT_* constants). */
export const GETTER_DEFAULTS = { idleMinutes: 0, initOnlineTimeoutSec: 180, initOnlineCheckIntervalSec: 15, cloudStatusIntervalSec: 10 } as const;

/** A Java exception a constructor throws, with its class and message. */
export class JavaException extends Error {
  constructor(
    readonly className: string,
    message: string,
  ) {
    super(message);
  }

  /** Throwable#toString. */
  describe(): string {
    return this.message ? `${this.className}: ${this.message}` : this.className;
  }
}

/**
 * One EC2FleetCloud object. Identity matters: before 3.0.0 a node holds the object itself, so a
 * node whose object is no longer in Jenkins.clouds is orphaned even when another cloud has its name.
 */
export class FleetCloud {
  readonly kind = 'ec2-fleet';
  /** LazyUuid before 3.0.0: what getOldId answers. */
  readonly oldId = randomUUID();

  constructor(readonly fields: FleetCloudFields) {}

  get name(): string {
    return this.fields.name;
  }

  /** The same fields in a new object, as a re-created cloud (a reload, a save in the UI) is. */
  copy(changes: Partial<FleetCloudFields> = {}): FleetCloud {
    return new FleetCloud({ ...this.fields, ...changes });
  }
}

/** A cloud of another plugin, kept as its JCasC settings. */
export interface OtherCloud {
  readonly kind: 'other';
  /** The JCasC symbol (`kubernetes`). */
  symbol: string;
  /** Its Java class, as the Script Console names it. */
  className: string;
  name: string | null;
  settings: Record<string, unknown>;
}

export type Cloud = FleetCloud | OtherCloud;

export const OTHER_CLOUD_CLASSES: Record<string, string> = {
  kubernetes: 'org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud',
  eC2FleetLabel: 'com.amazon.jenkins.ec2fleet.EC2FleetLabelCloud',
};

/** A constructor argument's value as Java holds it: a boxed primitive, a String, an object, or null. */
export type ConstructorArguments = Partial<Record<string, string | number | boolean | SshConnector | Describable | null>>;

/** Where the constructor looks its fleet up, as EC2Fleets.get(fleet).getState does. */
export type FleetLookup = (fleet: string, region: string | null) => boolean;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const flag = (value: unknown): boolean => value === true;

/** Integer.parseInt: an optional sign and decimal digits that fit an int, or NumberFormatException. */
export function parseJavaInt(value: string): number {
  const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < -2_147_483_648 || parsed > 2_147_483_647) {
    throw new JavaException('java.lang.NumberFormatException', `For input string: "${value}"`);
  }
  return parsed;
}

/**
 * EC2FleetCloud's constructor: the clamps and defaults it applies, the maxTotalUses it parses, and
 * the state it reads from AWS for its fleet, which throws for a group AWS does not have.
 */
export function constructFleetCloud(release: Ec2FleetRelease, args: ConstructorArguments, lookup: FleetLookup): FleetCloud {
  const name = text(args.name);
  const fleet = text(args.fleet);
  const region = text(args.region);
  const maxTotalUses = text(args.maxTotalUses);
  const numExecutors = Math.max(integer(args.numExecutors) ?? 0, 1);
  const cloud = new FleetCloud({
    name: name && name.trim() !== '' ? name : release.nodesFollow === 'cloud-object' ? 'FleetCloud' : `FleetCloud-${randomBytes(4).toString('hex')}`,
    awsCredentialsId: text(args.awsCredentialsId),
    credentialsId: text(args.credentialsId),
    region,
    endpoint: text(args.endpoint),
    fleet,
    labelString: text(args.labelString),
    fsRoot: text(args.fsRoot),
    computerConnector: (args.computerConnector as SshConnector | null | undefined) ?? null,
    privateIpUsed: flag(args.privateIpUsed),
    alwaysReconnect: flag(args.alwaysReconnect),
    idleMinutes: integer(args.idleMinutes),
    minSize: Math.max(0, integer(args.minSize) ?? 0),
    maxSize: integer(args.maxSize) ?? 0,
    minSpareSize: Math.max(0, integer(args.minSpareSize) ?? 0),
    numExecutors,
    addNodeOnlyIfRunning: flag(args.addNodeOnlyIfRunning),
    restrictUsage: flag(args.restrictUsage),
    maxTotalUses: maxTotalUses === null || maxTotalUses.trim() === '' ? -1 : parseJavaInt(maxTotalUses),
    disableTaskResubmit: flag(args.disableTaskResubmit),
    initOnlineTimeoutSec: integer(args.initOnlineTimeoutSec),
    initOnlineCheckIntervalSec: integer(args.initOnlineCheckIntervalSec),
    cloudStatusIntervalSec: integer(args.cloudStatusIntervalSec),
    noDelayProvision: flag(args.noDelayProvision),
    scaleExecutorsByWeight: flag(args.scaleExecutorsByWeight),
    executorScaler: release.executorScalers ? ((args.executorScaler as Describable | null | undefined) ?? { symbol: 'noScaler', settings: {} }) : null,
    environmentVariables: [],
  });
  if (fleet !== null && !lookup(fleet, region)) {
    throw new JavaException('java.lang.IllegalArgumentException', `Cannot find auto scaling group with name ${fleet} in region ${region}`);
  }
  return cloud;
}

/** The getter's value of a field, as the read script and the export see it. */
export function getterValue(cloud: FleetCloud, field: keyof FleetCloudFields): unknown {
  const value = cloud.fields[field];
  if (value === null && field in GETTER_DEFAULTS) return GETTER_DEFAULTS[field as keyof typeof GETTER_DEFAULTS];
  return value;
}
