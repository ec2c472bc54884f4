/**
 * The positional constructors of `com.amazon.jenkins.ec2fleet.EC2FleetCloud` across releases of
 * jenkinsci/ec2-fleet-plugin, read from EC2FleetCloud.java at every release tag. A Script Console
 * call written for one of them fails on the others ("Could not find matching constructor").
 */

export type Ec2FleetConstructorParameter =
  | 'name' | 'oldId' | 'awsCredentialsId' | 'credentialsId' | 'region' | 'endpoint' | 'fleet' | 'labelString' | 'fsRoot'
  | 'computerConnector' | 'privateIpUsed' | 'alwaysReconnect' | 'idleMinutes' | 'minSize' | 'maxSize' | 'minSpareSize'
  | 'numExecutors' | 'addNodeOnlyIfRunning' | 'restrictUsage' | 'maxTotalUses' | 'disableTaskResubmit'
  | 'initOnlineTimeoutSec' | 'initOnlineCheckIntervalSec' | 'cloudStatusIntervalSec' | 'noDelayProvision'
  | 'scaleExecutorsByWeight' | 'executorScaler';

export interface Ec2FleetSignature {
  /** The first release with this constructor (inclusive) and the first without it (exclusive). */
  from: string;
  until: string | null;
  parameters: readonly Ec2FleetConstructorParameter[];
  /** Whether `setEnvironmentVariables` exists. */
  environmentVariables: boolean;
  /** Where in the plugin's history this was read. */
  source: string;
}

const HEAD = ['name', 'awsCredentialsId', 'credentialsId', 'region', 'endpoint', 'fleet', 'labelString', 'fsRoot', 'computerConnector', 'privateIpUsed', 'alwaysReconnect', 'idleMinutes', 'minSize', 'maxSize'] as const;
const withOldId = (parameters: readonly Ec2FleetConstructorParameter[]) => ['name', 'oldId', ...parameters.slice(1)] as const;

const BEFORE_MAX_TOTAL_USES = [...HEAD, 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage', 'disableTaskResubmit', 'initOnlineTimeoutSec', 'initOnlineCheckIntervalSec', 'scaleExecutorsByWeight', 'cloudStatusIntervalSec', 'noDelayProvision'] as const;
const WITH_MAX_TOTAL_USES = [...HEAD, 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage', 'maxTotalUses', 'disableTaskResubmit', 'initOnlineTimeoutSec', 'initOnlineCheckIntervalSec', 'scaleExecutorsByWeight', 'cloudStatusIntervalSec', 'noDelayProvision'] as const;
const WITH_MIN_SPARE_SIZE = [...HEAD, 'minSpareSize', 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage', 'maxTotalUses', 'disableTaskResubmit', 'initOnlineTimeoutSec', 'initOnlineCheckIntervalSec', 'scaleExecutorsByWeight', 'cloudStatusIntervalSec', 'noDelayProvision'] as const;
const WITH_EXECUTOR_SCALER = [...HEAD, 'minSpareSize', 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage', 'maxTotalUses', 'disableTaskResubmit', 'initOnlineTimeoutSec', 'initOnlineCheckIntervalSec', 'cloudStatusIntervalSec', 'noDelayProvision', 'scaleExecutorsByWeight', 'executorScaler'] as const;

export const EC2_FLEET_SIGNATURES: readonly Ec2FleetSignature[] = [
  {
    from: '2.0.0',
    until: '2.3.0',
    parameters: withOldId(BEFORE_MAX_TOTAL_USES),
    environmentVariables: false,
    source: 'tags ec2-fleet-2.0.0 … ec2-fleet-2.2.2 (the same 24 parameters since 1.13.0, #142)',
  },
  {
    from: '2.3.0',
    until: '2.5.0',
    parameters: withOldId(WITH_MAX_TOTAL_USES),
    environmentVariables: false,
    source: 'commit 2138f1d "Add maxTotalUses to cap builds for each instance" (2021-01-14); tags ec2-fleet-2.3.0 … ec2-fleet-2.4.1',
  },
  {
    from: '2.5.0',
    until: '3.0.0',
    parameters: withOldId(WITH_MIN_SPARE_SIZE),
    environmentVariables: false,
    source: 'commit 70475c1 "Add minimum spare instances feature (#321)" (2022-02-03); tags ec2-fleet-2.5.0 … ec2-fleet-2.7.1',
  },
  {
    from: '3.0.0',
    until: '3.1.0',
    // 3.0.1's @DataBoundConstructor takes 6 parameters, but it keeps this order as a public
    // (deprecated) 25-parameter constructor, which Groovy picks by the number of arguments.
    parameters: WITH_MIN_SPARE_SIZE,
    environmentVariables: false,
    source: 'commit a0d67cf "Fix cloud tracking (#383)" (2023-07-17) dropped oldId; tags ec2-fleet-3.0.0 … ec2-fleet-3.0.2',
  },
  {
    from: '3.2.0',
    until: '4.3.0',
    parameters: WITH_EXECUTOR_SCALER,
    environmentVariables: false,
    source: 'commits 903fcfd (#415, executorScaler) and 9617537 (#424, scaleExecutorsByWeight kept before it); tags ec2-fleet-3.2.0 … 4.2.3.540',
  },
  {
    from: '4.3.0',
    until: null,
    parameters: WITH_EXECUTOR_SCALER,
    environmentVariables: true,
    source: 'commit f2adaad "Add ability to configure environment variables (#579)" (2026-07-13); tag 4.3.0.549.vf2a_da_a_d19b_5e',
  },
];

export type SignatureResult = { ok: true; signature: Ec2FleetSignature } | { ok: false; code: 'unknown-plugin-version' | 'unsupported-plugin-version'; message: string };

type Version = [number, number, number];

/** Reads `2.5.0`, `3.2.0` and incremental versions such as `4.3.0.549.vf2a_da_a_d19b_5e`. */
export function parsePluginVersion(text: string): Version | null {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]|$)/.exec(text.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

const at = (text: string): Version => parsePluginVersion(text) as Version;

/** Whether an installed plugin is at least a release; null when its version cannot be read. */
export function pluginVersionAtLeast(installed: string, release: string): boolean | null {
  const version = parsePluginVersion(installed);
  return version ? compare(version, at(release)) >= 0 : null;
}

/** The constructor the installed plugin has, or why a Script Console sync cannot be written for it. */
export function ec2FleetSignatureFor(pluginVersion: string): SignatureResult {
  const version = parsePluginVersion(pluginVersion);
  if (!version) {
    return { ok: false, code: 'unknown-plugin-version', message: `"${pluginVersion}" is not an ec2-fleet plugin version; read it from /pluginManager/api/json?tree=plugins[shortName,version]` };
  }
  const oldest = EC2_FLEET_SIGNATURES[0] as Ec2FleetSignature;
  if (compare(version, at(oldest.from)) < 0) {
    return { ok: false, code: 'unsupported-plugin-version', message: `ec2-fleet plugin ${pluginVersion} is older than ${oldest.from}, the oldest the portal can configure; upgrade the plugin` };
  }
  if (compare(version, at('3.1.0')) >= 0 && compare(version, at('3.2.0')) < 0) {
    return {
      ok: false,
      code: 'unsupported-plugin-version',
      message: `ec2-fleet plugin ${pluginVersion} renamed EC2FleetCloud to FleetCloud (#410), which 3.2.0 undid (#423); upgrade the plugin to 3.2.0 or later`,
    };
  }
  const signature = EC2_FLEET_SIGNATURES.find((s) => compare(version, at(s.from)) >= 0 && (s.until === null || compare(version, at(s.until)) < 0));
  return { ok: true, signature: signature as Ec2FleetSignature };
}
