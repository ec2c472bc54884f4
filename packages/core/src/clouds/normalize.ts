import { type DescribableSpec, describable, settingsOf, symbolOf } from './describable.ts';
import { type CloudEnvironmentVariable, EC2_FLEET_CLOUD_FIELDS, type Ec2FleetCloudSpec, EXPORT_ONLY_FIELDS, SSH_CONNECTOR_SYMBOL } from './spec.ts';

/**
 * A cloud with every field filled in the way the plugin fills it: what the controller ends up
 * running whether a field was spelled out or left to its default. Unset text is null.
 */
export interface NormalizedEc2FleetCloud {
  name: string;
  awsCredentialsId: string | null;
  region: string | null;
  endpoint: string | null;
  fleet: string | null;
  labelString: string | null;
  fsRoot: string | null;
  /** One symbol (`sshConnector` or another connector's) mapped to its settings. */
  computerConnector: { [symbol: string]: Record<string, unknown> } | null;
  privateIpUsed: boolean;
  alwaysReconnect: boolean;
  idleMinutes: number;
  minSize: number;
  maxSize: number;
  minSpareSize: number;
  numExecutors: number;
  addNodeOnlyIfRunning: boolean;
  restrictUsage: boolean;
  /** A string only when it is not a number Java's Integer.parseInt reads. */
  maxTotalUses: number | string;
  disableTaskResubmit: boolean;
  initOnlineTimeoutSec: number;
  initOnlineCheckIntervalSec: number;
  cloudStatusIntervalSec: number;
  noDelayProvision: boolean;
  scaleExecutorsByWeight: boolean;
  executorScaler: DescribableSpec;
  environmentVariables: { name: string; value: string }[];
  /** Fields this code does not know (a newer plugin's), kept so a difference in them still shows. */
  otherFields: Record<string, unknown>;
}

/** EC2FleetCloud's constants and the getters' fallbacks for null (plugin 4.3.0). */
export const EC2_FLEET_DEFAULTS = {
  idleMinutes: 0,
  numExecutors: 1,
  maxTotalUses: -1,
  initOnlineTimeoutSec: 180,
  initOnlineCheckIntervalSec: 15,
  cloudStatusIntervalSec: 10,
  executorScaler: 'noScaler',
} as const;

/** SSHLauncher's DEFAULT_* constants, which SSHConnector's setters fall back to. */
export const SSH_CONNECTOR_DEFAULTS = {
  port: 22,
  launchTimeoutSeconds: 60,
  maxNumRetries: 10,
  retryWaitTime: 15,
  tcpNoDelay: true,
  /** SSHLauncher.getSshHostKeyVerificationStrategyDefaulted: no strategy verifies nothing. */
  sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy',
} as const;

const KNOWN_FIELDS = new Set([...EC2_FLEET_CLOUD_FIELDS, ...Object.keys(EXPORT_ONLY_FIELDS)]);

/** JCasC's export leaves blank text out, so blank and unset cannot be told apart on a controller. */
function textOrNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}

/** Applies the defaults EC2FleetCloud's constructor and getters apply (plugin 4.3.0). */
export function normalizeCloud(spec: Ec2FleetCloudSpec): NormalizedEc2FleetCloud {
  return {
    name: spec.name,
    // getAwsCredentialsId(): awsCredentialsId when not blank, else the legacy credentialsId.
    awsCredentialsId: textOrNull(spec.awsCredentialsId) ?? textOrNull(spec.credentialsId),
    region: textOrNull(spec.region),
    endpoint: textOrNull(spec.endpoint),
    fleet: textOrNull(spec.fleet),
    labelString: textOrNull(spec.labelString),
    fsRoot: textOrNull(spec.fsRoot),
    computerConnector: spec.computerConnector === undefined ? null : normalizeConnector(spec.computerConnector),
    privateIpUsed: spec.privateIpUsed ?? false,
    alwaysReconnect: spec.alwaysReconnect ?? false,
    idleMinutes: spec.idleMinutes ?? EC2_FLEET_DEFAULTS.idleMinutes,
    minSize: Math.max(0, spec.minSize ?? 0),
    maxSize: spec.maxSize ?? 0,
    minSpareSize: Math.max(0, spec.minSpareSize ?? 0),
    numExecutors: Math.max(spec.numExecutors ?? 0, EC2_FLEET_DEFAULTS.numExecutors),
    addNodeOnlyIfRunning: spec.addNodeOnlyIfRunning ?? false,
    restrictUsage: spec.restrictUsage ?? false,
    maxTotalUses: normalizeMaxTotalUses(spec.maxTotalUses),
    disableTaskResubmit: spec.disableTaskResubmit ?? false,
    initOnlineTimeoutSec: spec.initOnlineTimeoutSec ?? EC2_FLEET_DEFAULTS.initOnlineTimeoutSec,
    initOnlineCheckIntervalSec: spec.initOnlineCheckIntervalSec ?? EC2_FLEET_DEFAULTS.initOnlineCheckIntervalSec,
    cloudStatusIntervalSec: spec.cloudStatusIntervalSec ?? EC2_FLEET_DEFAULTS.cloudStatusIntervalSec,
    noDelayProvision: spec.noDelayProvision ?? false,
    scaleExecutorsByWeight: spec.scaleExecutorsByWeight ?? false,
    executorScaler: normalizeScaler(spec.executorScaler ?? EC2_FLEET_DEFAULTS.executorScaler),
    environmentVariables: normalizeEnvironmentVariables(spec.environmentVariables ?? []),
    otherFields: Object.fromEntries(Object.entries(spec).filter(([key]) => !KNOWN_FIELDS.has(key))),
  };
}

/** The number Integer.parseInt reads from the text, or null where it throws. */
export function parseJavaInt(value: string): number | null {
  if (!/^[+-]?\d+$/.test(value)) return null;
  const parsed = Number(value);
  return parsed >= -2_147_483_648 && parsed <= 2_147_483_647 ? parsed : null;
}

function normalizeMaxTotalUses(value: number | string | undefined): number | string {
  if (value === undefined) return EC2_FLEET_DEFAULTS.maxTotalUses;
  if (typeof value === 'number') return value;
  if (value.trim() === '') return EC2_FLEET_DEFAULTS.maxTotalUses;
  return parseJavaInt(value) ?? value;
}

function normalizeConnector(spec: DescribableSpec): { [symbol: string]: Record<string, unknown> } {
  const symbol = symbolOf(spec);
  const settings = settingsOf(spec);
  return { [symbol]: symbol === SSH_CONNECTOR_SYMBOL ? normalizeSshConnector(settings) : settings };
}

const optionalNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const optionalText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** SSHConnector's constructor and setters (port 0 → 22, timeouts ≤ 0 → defaults, fixEmpty). */
function normalizeSshConnector(settings: Record<string, unknown>): Record<string, unknown> {
  const port = optionalNumber(settings.port);
  const launchTimeoutSeconds = optionalNumber(settings.launchTimeoutSeconds);
  const maxNumRetries = optionalNumber(settings.maxNumRetries);
  const retryWaitTime = optionalNumber(settings.retryWaitTime);
  const strategy = settings.sshHostKeyVerificationStrategy as DescribableSpec | undefined;
  return {
    ...settings,
    credentialsId: textOrNull(optionalText(settings.credentialsId)),
    port: port === undefined || port === 0 ? SSH_CONNECTOR_DEFAULTS.port : port,
    jvmOptions: textOrNull(optionalText(settings.jvmOptions)),
    javaPath: textOrNull(optionalText(settings.javaPath)),
    prefixStartSlaveCmd: textOrNull(optionalText(settings.prefixStartSlaveCmd)),
    suffixStartSlaveCmd: textOrNull(optionalText(settings.suffixStartSlaveCmd)),
    launchTimeoutSeconds: launchTimeoutSeconds === undefined || launchTimeoutSeconds <= 0 ? SSH_CONNECTOR_DEFAULTS.launchTimeoutSeconds : launchTimeoutSeconds,
    maxNumRetries: maxNumRetries === undefined || maxNumRetries < 0 ? SSH_CONNECTOR_DEFAULTS.maxNumRetries : maxNumRetries,
    retryWaitTime: retryWaitTime === undefined || retryWaitTime < 0 ? SSH_CONNECTOR_DEFAULTS.retryWaitTime : retryWaitTime,
    sshHostKeyVerificationStrategy: normalizeHostKeyStrategy(strategy ?? SSH_CONNECTOR_DEFAULTS.sshHostKeyVerificationStrategy),
    // setWorkDir uses fixEmptyAndTrim.
    workDir: textOrNull(optionalText(settings.workDir)?.trim()),
    tcpNoDelay: typeof settings.tcpNoDelay === 'boolean' ? settings.tcpNoDelay : SSH_CONNECTOR_DEFAULTS.tcpNoDelay,
  };
}

function normalizeHostKeyStrategy(spec: DescribableSpec): DescribableSpec {
  const symbol = symbolOf(spec);
  if (symbol !== 'manuallyTrustedKeyVerificationStrategy') return spec;
  // Its constructor takes a boolean, which JCasC passes as false when it is left out.
  return describable(symbol, { requireInitialManualTrust: settingsOf(spec).requireInitialManualTrust === true });
}

function normalizeScaler(spec: DescribableSpec): DescribableSpec {
  const symbol = symbolOf(spec);
  if (symbol !== 'nodeHardwareScaler') return symbol;
  const settings = settingsOf(spec);
  // NodeHardwareScaler(int, int): a setting left out is 0, which the scaler reads as "not used".
  return { nodeHardwareScaler: { vCpuPerExecutor: optionalNumber(settings.vCpuPerExecutor) ?? 0, memoryGiBPerExecutor: optionalNumber(settings.memoryGiBPerExecutor) ?? 0 } };
}

/**
 * NodeEnvironmentVariables.normalize: blank names are dropped and the last value of a name wins,
 * at the place the name first appeared.
 */
export function normalizeEnvironmentVariables(variables: readonly CloudEnvironmentVariable[]): { name: string; value: string }[] {
  const byName = new Map<string, string>();
  for (const variable of variables) {
    if (variable.name.trim() === '') continue;
    byName.set(variable.name, variable.value ?? '');
  }
  return [...byName].map(([name, value]) => ({ name, value }));
}
