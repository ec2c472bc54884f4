import { type Ec2FleetCloudSpec, HOST_KEY_STRATEGY_SYMBOLS, type NormalizedEc2FleetCloud, normalizeCloud, SSH_CONNECTOR_SYMBOL, settingsOf, symbolOf } from '@fleet/core';
import { asciiJson, GROOVY_STRING_CONSTANT_LIMIT, groovyJsonLiteral } from './groovy-literal.ts';
import { type Ec2FleetConstructorParameter, type Ec2FleetSignature, ec2FleetSignatureFor } from './plugin-versions.ts';
import { type ScriptOutputResult, scriptFailure } from './script-output.ts';

/** The first line of every sync script, by which a controller stand-in recognises it. */
export const CLOUD_SYNC_MARKER = '// fleet-portal:clouds-sync';
export const CLOUD_SYNC_APPLIED = /^fleet-portal: applied (\d+) EC2 Fleet clouds$/m;

export type CloudSyncScriptError =
  | 'unknown-plugin-version'
  | 'unsupported-plugin-version'
  | 'unsupported-field'
  | 'unsupported-connector'
  | 'bad-max-total-uses'
  | 'declaration-too-large';

export type CloudSyncScriptResult = { ok: true; script: string } | { ok: false; code: CloudSyncScriptError; message: string };

/** How the Groovy reads each constructor argument from the parsed declaration `c`; no argument holds a comma. */
const ARGUMENTS: Record<Ec2FleetConstructorParameter, string> = {
  name: 'c.name as String',
  oldId: 'previousCloudId(c.name as String)',
  awsCredentialsId: 'c.awsCredentialsId as String',
  credentialsId: 'null',
  region: 'c.region as String',
  endpoint: 'c.endpoint as String',
  fleet: 'c.fleet as String',
  labelString: 'c.labelString as String',
  fsRoot: 'c.fsRoot as String',
  computerConnector: 'computerConnectorFrom(c.computerConnector)',
  privateIpUsed: 'c.privateIpUsed as boolean',
  alwaysReconnect: 'c.alwaysReconnect as boolean',
  idleMinutes: 'c.idleMinutes as Integer',
  minSize: 'c.minSize as int',
  maxSize: 'c.maxSize as int',
  minSpareSize: 'c.minSpareSize as int',
  numExecutors: 'c.numExecutors as int',
  addNodeOnlyIfRunning: 'c.addNodeOnlyIfRunning as boolean',
  restrictUsage: 'c.restrictUsage as boolean',
  maxTotalUses: 'String.valueOf(c.maxTotalUses)',
  disableTaskResubmit: 'c.disableTaskResubmit as boolean',
  initOnlineTimeoutSec: 'c.initOnlineTimeoutSec as Integer',
  initOnlineCheckIntervalSec: 'c.initOnlineCheckIntervalSec as Integer',
  cloudStatusIntervalSec: 'c.cloudStatusIntervalSec as Integer',
  noDelayProvision: 'c.noDelayProvision as boolean',
  scaleExecutorsByWeight: 'c.scaleExecutorsByWeight as boolean',
  executorScaler: 'executorScalerFrom(c.executorScaler)',
};

const FLEET_CLOUD_CLASS = 'com.amazon.jenkins.ec2fleet.EC2FleetCloud';

const DESCRIBABLE_HELPERS = `def symbolOf(spec) {
    return spec instanceof Map ? spec.keySet().iterator().next() : spec
}

def settingsOf(spec) {
    return spec instanceof Map ? spec.values().iterator().next() : [:]
}

def hostKeyVerificationStrategyFrom(spec) {
    def types = [
        nonVerifyingKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.NonVerifyingKeyVerificationStrategy,
        knownHostsFileKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.KnownHostsFileKeyVerificationStrategy,
        manuallyProvidedKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.ManuallyProvidedKeyVerificationStrategy,
        manuallyTrustedKeyVerificationStrategy: hudson.plugins.sshslaves.verifiers.ManuallyTrustedKeyVerificationStrategy,
    ]
    def type = types[symbolOf(spec)]
    if (type == null) throw new IllegalArgumentException("unknown host key verification strategy " + symbolOf(spec))
    return org.jenkinsci.plugins.structs.describable.DescribableModel.of(type).instantiate(settingsOf(spec))
}

// The connector is built from its settings by name, as JCasC builds it, so settings the portal
// does not model still reach the setters of SSHConnector.
def computerConnectorFrom(spec) {
    if (symbolOf(spec) != "${SSH_CONNECTOR_SYMBOL}") throw new IllegalArgumentException("cannot build a " + symbolOf(spec) + " connector")
    def settings = new LinkedHashMap(settingsOf(spec))
    settings.sshHostKeyVerificationStrategy = hostKeyVerificationStrategyFrom(settings.sshHostKeyVerificationStrategy)
    settings.entrySet().removeIf { entry -> entry.value == null }
    return org.jenkinsci.plugins.structs.describable.DescribableModel.of(hudson.plugins.sshslaves.SSHConnector).instantiate(settings)
}
`;

const EXECUTOR_SCALER_HELPER = `
def executorScalerFrom(spec) {
    def symbol = symbolOf(spec)
    def settings = settingsOf(spec)
    if (symbol == "noScaler") return new ${FLEET_CLOUD_CLASS}.NoScaler()
    if (symbol == "weightedScaler") return new ${FLEET_CLOUD_CLASS}.WeightedScaler()
    if (symbol == "nodeHardwareScaler") return new ${FLEET_CLOUD_CLASS}.NodeHardwareScaler(settings.vCpuPerExecutor as int, settings.memoryGiBPerExecutor as int)
    throw new IllegalArgumentException("unknown executor scaler " + symbol)
}
`;

// Before 3.0.0 a replacing cloud takes over the nodes of the cloud whose id it is given.
const PREVIOUS_CLOUD_ID_HELPER = `
def previousCloudId(String name) {
    def previous = Jenkins.instance.clouds.find { cloud -> cloud.getClass().name == "${FLEET_CLOUD_CLASS}" && cloud.name == name }
    return previous == null ? null : previous.getOldId()
}
`;

const ENVIRONMENT_VARIABLES = `
    cloud.setEnvironmentVariables(c.environmentVariables.collect { variable -> new com.amazon.jenkins.ec2fleet.CloudEnvironmentVariable(variable.name as String, variable.value as String) })`;

function script(signature: Ec2FleetSignature, literal: string): string {
  const parameters = signature.parameters;
  return `${CLOUD_SYNC_MARKER}
// Replaces the EC2 Fleet clouds of this controller with the declared ones and keeps every other cloud.
// The declaration below is data, parsed as JSON; nothing of it is ever run as code.
// Written for ec2-fleet plugin ${signature.from}${signature.until ? ` up to ${signature.until}` : ' and later'}: ${parameters.length} constructor arguments.
import jenkins.model.Jenkins

def declaration = new groovy.json.JsonSlurper().parseText(${literal})

${DESCRIBABLE_HELPERS}${parameters.includes('executorScaler') ? EXECUTOR_SCALER_HELPER : ''}${parameters.includes('oldId') ? PREVIOUS_CLOUD_ID_HELPER : ''}
// Every cloud is built before any is replaced, so a refused one leaves the controller as it was.
def fleetClouds = declaration.clouds.collect { c ->
    def cloud = new ${FLEET_CLOUD_CLASS}(
        ${parameters.map((parameter) => ARGUMENTS[parameter]).join(',\n        ')}
    )${signature.environmentVariables ? ENVIRONMENT_VARIABLES : ''}
    cloud
}
def jenkins = Jenkins.instance
def otherClouds = jenkins.clouds.findAll { cloud -> cloud.getClass().name != "${FLEET_CLOUD_CLASS}" }
jenkins.clouds.replaceBy(fleetClouds + otherClouds)
jenkins.save()
println("fleet-portal: applied " + fleetClouds.size() + " EC2 Fleet clouds")
`;
}

type Refusal = Extract<CloudSyncScriptResult, { ok: false }>;

/** What the installed plugin cannot take, or what the Groovy cannot build, in one declared cloud. */
function refusal(cloud: NormalizedEc2FleetCloud, signature: Ec2FleetSignature, pluginVersion: string): Refusal | null {
  const has = (parameter: Ec2FleetConstructorParameter) => signature.parameters.includes(parameter);
  const refuse = (code: CloudSyncScriptError, message: string): Refusal => ({ ok: false, code, message: `cloud "${cloud.name}": ${message}` });
  const tooOld = (field: string, since: string, hint = '') => refuse('unsupported-field', `ec2-fleet plugin ${pluginVersion} has no ${field} (added in ${since})${hint}`);
  const connector = cloud.computerConnector;
  if (!connector || symbolOf(connector) !== SSH_CONNECTOR_SYMBOL) {
    return refuse('unsupported-connector', 'the Script Console sync builds sshConnector connectors only; apply this cloud through Configuration as Code');
  }
  const strategy = settingsOf(connector).sshHostKeyVerificationStrategy as string | Record<string, Record<string, unknown>>;
  if (!(HOST_KEY_STRATEGY_SYMBOLS as readonly string[]).includes(symbolOf(strategy))) {
    return refuse('unsupported-connector', `host key verification strategy "${symbolOf(strategy)}" is not one the ssh-slaves plugin has`);
  }
  if (typeof cloud.maxTotalUses === 'string') return refuse('bad-max-total-uses', `maxTotalUses "${cloud.maxTotalUses}" is not a whole number`);
  if (!has('maxTotalUses') && cloud.maxTotalUses !== -1) return tooOld('maxTotalUses', '2.3.0');
  if (!has('minSpareSize') && cloud.minSpareSize !== 0) return tooOld('minSpareSize', '2.5.0');
  if (!has('executorScaler') && cloud.executorScaler !== 'noScaler') {
    return tooOld('executorScaler', '3.2.0', '; declare scaleExecutorsByWeight: true to scale by weight on it');
  }
  if (!signature.environmentVariables && cloud.environmentVariables.length > 0) return tooOld('environmentVariables', '4.3.0');
  const unknown = Object.keys(cloud.otherFields);
  if (unknown.length > 0) return refuse('unsupported-field', `the Script Console sync cannot set ${unknown.join(', ')}`);
  return null;
}

/**
 * The Script Console fallback for a controller without the configuration-as-code plugin: Groovy
 * that replaces the EC2 Fleet clouds with the declared ones through the constructor of the
 * installed plugin version, keeping every other cloud, and prints `fleet-portal: applied <n> EC2
 * Fleet clouds`.
 */
export function renderCloudSyncScript(declared: readonly Ec2FleetCloudSpec[], options: { pluginVersion: string }): CloudSyncScriptResult {
  const found = ec2FleetSignatureFor(options.pluginVersion);
  if (!found.ok) return found;
  const clouds = declared.map(normalizeCloud);
  for (const cloud of clouds) {
    const refused = refusal(cloud, found.signature, options.pluginVersion);
    if (refused) return refused;
  }
  const payload = { clouds: clouds.map(({ otherFields: _ignored, ...cloud }) => cloud) };
  const size = asciiJson(payload).length;
  if (size > GROOVY_STRING_CONSTANT_LIMIT) {
    return {
      ok: false,
      code: 'declaration-too-large',
      message: `the declaration is ${size} characters of JSON, more than the ${GROOVY_STRING_CONSTANT_LIMIT} a Groovy string constant holds; apply it through Configuration as Code`,
    };
  }
  return { ok: true, script: script(found.signature, groovyJsonLiteral(payload)) };
}

/** How many clouds a sync script applied, from the Script Console's answer. */
export function parseCloudSyncOutput(text: string): ScriptOutputResult<{ applied: number }> {
  const applied = CLOUD_SYNC_APPLIED.exec(text);
  if (applied) return { ok: true, value: { applied: Number(applied[1]) } };
  return scriptFailure('sync', text);
}
