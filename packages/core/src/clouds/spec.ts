import { z } from 'zod';
import { canonicalSymbol, describableSchema, withoutNulls } from './describable.ts';

/**
 * The EC2 Fleet plugin's cloud (`com.amazon.jenkins.ec2fleet.EC2FleetCloud`, JCasC symbol
 * `eC2Fleet`) with its Configuration-as-Code field names, so a declaration in the portal's config
 * reads like the `eC2Fleet:` entry of a JCasC export and maps to it one to one.
 */

const JAVA_INT_MIN = -2_147_483_648;
const JAVA_INT_MAX = 2_147_483_647;

const javaInt = z
  .number()
  .int('must be a whole number')
  .min(JAVA_INT_MIN, 'must fit a Java int')
  .max(JAVA_INT_MAX, 'must fit a Java int (at most 2147483647)');

/** The symbols Jenkins exports; any spelling that differs only in case is read as these. */
export const FLEET_CLOUD_SYMBOLS = ['eC2Fleet', 'eC2FleetCloud'] as const;
export const SSH_CONNECTOR_SYMBOL = 'sshConnector';
export const HOST_KEY_STRATEGY_SYMBOLS = [
  'nonVerifyingKeyVerificationStrategy',
  'knownHostsFileKeyVerificationStrategy',
  'manuallyProvidedKeyVerificationStrategy',
  'manuallyTrustedKeyVerificationStrategy',
] as const;
export const EXECUTOR_SCALER_SYMBOLS = ['noScaler', 'weightedScaler', 'nodeHardwareScaler'] as const;

export const hostKeyVerificationStrategySchema = describableSchema({
  label: 'host key verification strategy',
  known: HOST_KEY_STRATEGY_SYMBOLS,
  settings: {
    manuallyProvidedKeyVerificationStrategy: z.strictObject({ key: z.string() }),
    manuallyTrustedKeyVerificationStrategy: z.strictObject({ requireInitialManualTrust: z.boolean().optional() }),
  },
  allowUnknownSymbols: true,
});

/**
 * `hudson.plugins.sshslaves.SSHConnector` (ssh-slaves plugin): the fields the fleet uses are
 * checked; any other field is kept as it is, so a newer plugin's setting survives a round trip.
 */
export const sshConnectorSchema = z.preprocess(
  withoutNulls,
  z.looseObject({
    credentialsId: z.string().optional(),
    port: javaInt.min(0, 'must be a TCP port').max(65_535, 'must be a TCP port').optional(),
    jvmOptions: z.string().optional(),
    javaPath: z.string().optional(),
    prefixStartSlaveCmd: z.string().optional(),
    suffixStartSlaveCmd: z.string().optional(),
    launchTimeoutSeconds: javaInt.optional(),
    maxNumRetries: javaInt.optional(),
    retryWaitTime: javaInt.optional(),
    sshHostKeyVerificationStrategy: hostKeyVerificationStrategySchema.optional(),
    workDir: z.string().optional(),
    tcpNoDelay: z.boolean().optional(),
  }),
);

export const computerConnectorSchema = describableSchema({
  label: 'computer connector',
  known: [SSH_CONNECTOR_SYMBOL],
  settings: { [SSH_CONNECTOR_SYMBOL]: sshConnectorSchema },
  allowUnknownSymbols: true,
});

export const executorScalerSchema = describableSchema({
  label: 'executor scaler',
  known: EXECUTOR_SCALER_SYMBOLS,
  settings: {
    noScaler: z.strictObject({}),
    weightedScaler: z.strictObject({}),
    nodeHardwareScaler: z.strictObject({
      vCpuPerExecutor: javaInt.min(0, 'must be 0 (not used) or more').optional(),
      memoryGiBPerExecutor: javaInt.min(0, 'must be 0 (not used) or more').optional(),
    }),
  },
  allowUnknownSymbols: false,
});

export const cloudEnvironmentVariableSchema = z.strictObject({ name: z.string(), value: z.string().optional() });

const text = z.string().optional();
const flag = z.boolean().optional();
const count = javaInt.optional();

/** Every field of the cloud; what a declaration must give and what ranges it may use are added below. */
const cloudFields = {
  name: z.string(),
  awsCredentialsId: text,
  region: text,
  endpoint: text,
  /** The ASG name, Spot Fleet request id (`sfr-…`) or EC2 Fleet id (`fleet-…`). */
  fleet: text,
  labelString: text,
  fsRoot: text,
  computerConnector: computerConnectorSchema.optional(),
  privateIpUsed: flag,
  alwaysReconnect: flag,
  /** 0 (the default) never scales idle nodes down. */
  idleMinutes: count,
  minSize: count,
  maxSize: count,
  minSpareSize: count,
  numExecutors: count,
  addNodeOnlyIfRunning: flag,
  restrictUsage: flag,
  /** A String in Java (parsed with Integer.parseInt), an int in JCasC; blank means -1, unlimited. */
  maxTotalUses: z.union([javaInt, z.string()]).optional(),
  disableTaskResubmit: flag,
  initOnlineTimeoutSec: count,
  initOnlineCheckIntervalSec: count,
  cloudStatusIntervalSec: count,
  noDelayProvision: flag,
  /** Before plugin 3.2.0 the only way to scale executors by weight; later superseded by executorScaler. */
  scaleExecutorsByWeight: flag,
  executorScaler: executorScalerSchema.optional(),
  /** A setter since plugin 4.3.0. */
  environmentVariables: z.array(cloudEnvironmentVariableSchema).optional(),
};

/** Every field of the cloud in the order of the plugin's constructor, then the setter. */
export const EC2_FLEET_CLOUD_FIELDS: readonly string[] = Object.keys(cloudFields);

/** Fields an export can hold that say nothing of the configuration. */
export const EXPORT_ONLY_FIELDS = {
  /** 2.x: the id a replacing cloud takes over, a UUID Jenkins generates. */
  oldId: text,
  /** ≤ 1.1.9: the AWS credentials, read by getAwsCredentialsId when awsCredentialsId is blank. */
  credentialsId: text,
};

/** A cloud as a controller has it: every field optional, unknown fields kept. */
export const ec2FleetCloudSchema = z.preprocess(withoutNulls, z.looseObject({ ...cloudFields, ...EXPORT_ONLY_FIELDS }));

const required = (what: string) =>
  z.string({ error: `is required (${what})` }).refine((value) => value.trim() !== '', `must not be blank (${what})`);
const atLeast = (minimum: number, why: string) => javaInt.min(minimum, why).optional();

/**
 * A cloud as the portal's config declares it, under `jenkins.controllers[].clouds`. Unknown fields
 * are refused (a typo would otherwise silently fall back to the plugin's default).
 */
export const declaredEc2FleetCloudSchema = z.preprocess(
  withoutNulls,
  z.strictObject({
    ...cloudFields,
    name: required('the cloud name Jenkins shows'),
    region: required('an AWS region such as us-east-1'),
    fleet: required('the Auto Scaling group name'),
    labelString: required('the Jenkins labels, separated by spaces'),
    computerConnector: computerConnectorSchema,
    idleMinutes: atLeast(0, 'must be 0 (never scale down) or more'),
    minSize: atLeast(0, 'must be 0 or more'),
    maxSize: atLeast(0, 'must be 0 or more'),
    minSpareSize: atLeast(0, 'must be 0 or more'),
    numExecutors: atLeast(1, 'must be 1 or more'),
    initOnlineTimeoutSec: atLeast(1, 'must be 1 second or more'),
    initOnlineCheckIntervalSec: atLeast(1, 'must be 1 second or more'),
    cloudStatusIntervalSec: atLeast(1, 'must be 1 second or more'),
  }),
);

export const declaredCloudsSchema = z.array(declaredEc2FleetCloudSchema);

export type Ec2FleetCloudSpec = z.output<typeof ec2FleetCloudSchema>;
export type DeclaredEc2FleetCloud = z.output<typeof declaredEc2FleetCloudSchema>;
export type CloudEnvironmentVariable = z.output<typeof cloudEnvironmentVariableSchema>;

/** Whether a JCasC `jenkins.clouds` entry's symbol names an EC2 Fleet cloud (not the label-based one). */
export function isFleetCloudSymbol(symbol: string): boolean {
  return (FLEET_CLOUD_SYMBOLS as readonly string[]).includes(canonicalSymbol(symbol, FLEET_CLOUD_SYMBOLS));
}
