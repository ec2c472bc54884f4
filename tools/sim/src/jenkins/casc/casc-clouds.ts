import { EC2_FLEET_CLOUD_CLASS } from '../../world/jenkins/clouds/ec2-fleet-release.ts';
import { type Cloud, type ConstructorArguments, type Describable, JavaException, OTHER_CLOUD_CLASSES, type SshConnector } from '../../world/jenkins/clouds/fleet-cloud.ts';
import { buildHostKeyStrategy, buildSshConnector, canonicalStrategy, HOST_KEY_STRATEGIES, SSH_CONNECTOR_CLASS } from '../../world/jenkins/clouds/ssh-connector.ts';
import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';
import { type CNode, entry } from './casc-tree.ts';
import { atAttribute, ConfiguratorError, constructionFailed, unknownAttributes, unknownSymbol, wrongKind } from './configurator-error.ts';

type Mapping = CNode & { type: 'mapping' };
const EMPTY: Mapping = { type: 'mapping', entries: [], line: -1 };

/** How JCasC reads one value: the configurator of a type, given where the YAML came from. */
interface Reader {
  source: (node: CNode) => string;
  controller: SimulatedJenkins;
}

function asMapping(node: CNode | null, reader: Reader): Mapping {
  if (node === null) return EMPTY;
  if (node.type !== 'mapping') throw wrongKind('Mapping', reader.source(node));
  return node;
}

function scalar(node: CNode, reader: Reader): string {
  if (node.type !== 'scalar') throw wrongKind('Scalar', reader.source(node));
  // SecretSourceResolver reads an escaped `^${` as a literal `${`.
  return node.value.replaceAll('^${', '${');
}

/** Stapler's converters for primitives (commons-beanutils with defaults): what they cannot read is the default. */
function primitive(type: string, node: CNode, reader: Reader): string | number | boolean | null {
  const text = scalar(node, reader).trim();
  if (type === 'java.lang.String') return scalar(node, reader);
  if (type === 'boolean' || type === 'java.lang.Boolean') {
    if (/^(true|yes|y|on|1)$/i.test(text)) return true;
    if (/^(false|no|n|off|0)$/i.test(text)) return false;
    return type === 'boolean' ? false : null;
  }
  const number = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  const fits = Number.isSafeInteger(number) && number >= -2_147_483_648 && number <= 2_147_483_647;
  return fits ? number : type === 'int' ? 0 : null;
}

/** A Describable-valued attribute: the symbol alone, or a mapping of one symbol to its settings. */
function heteroEntry(node: CNode, api: string): { symbol: string; config: CNode | null } {
  if (node.type === 'scalar') return { symbol: node.value, config: null };
  if (node.type === 'sequence') throw new JavaException('java.lang.IllegalArgumentException', `Unexpected configuration type ${node.type}`);
  if (node.entries.length !== 1) {
    throw new JavaException('java.lang.IllegalArgumentException', `Single entry map expected to configure a ${api} but found multiple entries: [${node.entries.map(([key]) => key).join(', ')}]`);
  }
  const [symbol, config] = node.entries[0] as [string, CNode];
  return { symbol, config };
}

function hostKeyStrategy(node: CNode, reader: Reader): Describable {
  const { symbol, config } = heteroEntry(node, 'hudson.plugins.sshslaves.verifiers.SshHostKeyVerificationStrategy');
  const canonical = canonicalStrategy(symbol);
  if (!canonical) throw unknownSymbol('sshHostKeyVerificationStrategy', 'hudson.plugins.sshslaves.verifiers.SshHostKeyVerificationStrategy', symbol);
  const settings = Object.fromEntries(asMapping(config, reader).entries.map(([key, value]) => [key, primitive(key === 'key' ? 'java.lang.String' : 'boolean', value, reader)]));
  try {
    return buildHostKeyStrategy(canonical, settings);
  } catch (error) {
    if (!(error instanceof JavaException)) throw error;
    throw constructionFailed(canonical, HOST_KEY_STRATEGIES[canonical] ?? canonical, [{ name: 'key', type: 'java.lang.String' }], ['java.lang.String']);
  }
}

const SSH_SETTERS: Record<string, string> = {
  jvmOptions: 'java.lang.String',
  javaPath: 'java.lang.String',
  prefixStartSlaveCmd: 'java.lang.String',
  suffixStartSlaveCmd: 'java.lang.String',
  launchTimeoutSeconds: 'java.lang.Integer',
  maxNumRetries: 'java.lang.Integer',
  retryWaitTime: 'java.lang.Integer',
  workDir: 'java.lang.String',
  tcpNoDelay: 'java.lang.Boolean',
};

/** `computerConnector: {sSHConnector: {…}}`: SSHConnector(int port, String credentialsId) and its setters. */
function computerConnector(node: CNode, reader: Reader): SshConnector {
  const { symbol, config } = heteroEntry(node, 'hudson.slaves.ComputerConnector');
  if (symbol.toLowerCase() !== 'sshconnector') throw unknownSymbol('computerConnector', 'hudson.slaves.ComputerConnector', symbol);
  const mapping = asMapping(config, reader);
  const settings: Record<string, unknown> = {};
  const port = entry(mapping, 'port');
  const credentials = entry(mapping, 'credentialsId');
  settings.port = port ? primitive('int', port, reader) : 0;
  if (credentials) settings.credentialsId = primitive('java.lang.String', credentials, reader);
  let strategy: Describable | null = null;
  const unknown: string[] = [];
  for (const [key, value] of mapping.entries) {
    if (key === 'port' || key === 'credentialsId') continue;
    const setter = Object.keys(SSH_SETTERS).find((name) => name.toLowerCase() === key.toLowerCase());
    if (key.toLowerCase() === 'sshhostkeyverificationstrategy') strategy = atAttribute('sshHostKeyVerificationStrategy', reader.source(value), () => hostKeyStrategy(value, reader));
    else if (setter) settings[setter] = atAttribute(setter, reader.source(value), () => primitive(SSH_SETTERS[setter] ?? '', value, reader));
    else unknown.push(key);
  }
  if (unknown.length > 0) throw unknownAttributes('sSHConnector', SSH_CONNECTOR_CLASS, unknown, ['port', 'credentialsId', 'sshHostKeyVerificationStrategy', ...Object.keys(SSH_SETTERS)]);
  return buildSshConnector(settings, strategy);
}

function executorScaler(node: CNode, reader: Reader): Describable {
  const type = `${EC2_FLEET_CLOUD_CLASS}$ExecutorScaler`;
  const { symbol, config } = heteroEntry(node, type);
  const canonical = ['noScaler', 'weightedScaler', 'nodeHardwareScaler'].find((known) => known.toLowerCase() === symbol.toLowerCase());
  if (!canonical) throw unknownSymbol('executorScaler', type, symbol);
  const mapping = asMapping(config, reader);
  const fields = canonical === 'nodeHardwareScaler' ? ['vCpuPerExecutor', 'memoryGiBPerExecutor'] : [];
  const unknown = mapping.entries.map(([key]) => key).filter((key) => !fields.includes(key));
  if (unknown.length > 0) throw unknownAttributes(canonical, `${EC2_FLEET_CLOUD_CLASS}$${canonical[0]?.toUpperCase()}${canonical.slice(1)}`, unknown, fields);
  const settings = Object.fromEntries(
    fields.map((field) => {
      const value = entry(mapping, field);
      return [field, value ? primitive('int', value, reader) : 0];
    }),
  );
  return { symbol: canonical, settings: canonical === 'nodeHardwareScaler' ? settings : {} };
}

function environmentVariables(node: CNode, reader: Reader): { name: string; value: string }[] {
  if (node.type !== 'sequence') throw wrongKind('Sequence', reader.source(node));
  return node.items.map((item) => {
    const mapping = asMapping(item, reader);
    const unknown = mapping.entries.map(([key]) => key).filter((key) => key !== 'name' && key !== 'value');
    if (unknown.length > 0) throw unknownAttributes('cloudEnvironmentVariable', 'com.amazon.jenkins.ec2fleet.CloudEnvironmentVariable', unknown, ['name', 'value']);
    const text = (key: string) => {
      const value = entry(mapping, key);
      return value ? String(primitive('java.lang.String', value, reader)) : '';
    };
    return { name: text('name'), value: text('value') };
  });
}

/** The runtime class of a constructor argument, as DataBoundConfigurator names them when the constructor fails. */
function runtimeType(value: ConstructorArguments[string]): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') return 'java.lang.Integer';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  return 'port' in value ? SSH_CONNECTOR_CLASS : `${EC2_FLEET_CLOUD_CLASS}$${value.symbol[0]?.toUpperCase()}${value.symbol.slice(1)}`;
}

/**
 * `eC2Fleet: {…}` as DataBoundConfigurator builds it: the constructor's parameters by exact name
 * (missing primitives are 0 and false; from 3.0.0 the name is @Nonnull), the constructor itself
 * (which reads the fleet from AWS), then the setters, then whatever is left is an unknown attribute.
 */
function fleetCloud(config: CNode | null, reader: Reader): Cloud {
  const { release, clouds } = reader.controller;
  const mapping = asMapping(config, reader);
  const args: ConstructorArguments = {};
  for (const parameter of release.parameters) {
    const value = entry(mapping, parameter.name);
    if (value) args[parameter.name] = parameter.name === 'computerConnector' ? computerConnector(value, reader) : parameter.name === 'executorScaler' ? executorScaler(value, reader) : primitive(parameter.type, value, reader);
    else if (parameter.name === 'name' && release.nodesFollow === 'cloud-name') throw new ConfiguratorError(`name is required to configure class ${EC2_FLEET_CLOUD_CLASS}`);
    else if (parameter.type === 'int') args[parameter.name] = 0;
    else if (parameter.type === 'boolean') args[parameter.name] = false;
  }
  const attributes = [...release.parameters.map((parameter) => parameter.name), ...(release.environmentVariables ? ['environmentVariables'] : [])];
  const rest = mapping.entries.filter(([key]) => !release.parameters.some((parameter) => parameter.name === key));
  const unknown = rest.map(([key]) => key).filter((key) => !attributes.some((attribute) => attribute.toLowerCase() === key.toLowerCase()));
  const variablesNode = rest.find(([key]) => key.toLowerCase() === 'environmentvariables' && release.environmentVariables)?.[1];
  let cloud;
  try {
    cloud = clouds.construct(args);
  } catch (error) {
    if (!(error instanceof JavaException)) throw error;
    throw constructionFailed('eC2Fleet', EC2_FLEET_CLOUD_CLASS, release.parameters, release.parameters.map((parameter) => runtimeType(args[parameter.name])));
  }
  if (variablesNode) cloud.fields.environmentVariables = atAttribute('environmentVariables', reader.source(variablesNode), () => environmentVariables(variablesNode, reader));
  if (unknown.length > 0) throw unknownAttributes('eC2Fleet', EC2_FLEET_CLOUD_CLASS, unknown, attributes);
  return cloud;
}

/** A cloud of another installed plugin, kept as its settings. */
function otherCloud(symbol: string, config: CNode | null, reader: Reader): Cloud {
  const settings = toSettings(asMapping(config, reader)) as Record<string, unknown>;
  return { kind: 'other', symbol, className: OTHER_CLOUD_CLASSES[symbol] ?? symbol, name: typeof settings.name === 'string' ? settings.name : null, settings };
}

/** Plain JavaScript values of a node: unquoted numbers and booleans as such, everything else as text. */
export function toSettings(node: CNode): unknown {
  if (node.type === 'mapping') return Object.fromEntries(node.entries.map(([key, value]) => [key, toSettings(value)]));
  if (node.type === 'sequence') return node.items.map(toSettings);
  if (node.plain && /^-?\d+$/.test(node.value)) return Number(node.value);
  if (node.plain && (node.value === 'true' || node.value === 'false')) return node.value === 'true';
  return node.value;
}

/**
 * `jenkins.clouds`: every entry built as JCasC builds it, Cloud being a heterogeneous Describable
 * (a symbol per kind). What fails is reported the way JenkinsConfigurator's attribute loop reports
 * it: unknown attributes and symbols as they are, anything else wrapped as a failure of `clouds`
 * at the line the list starts on.
 */
export function configureClouds(node: CNode, controller: SimulatedJenkins, sourceName: string): Cloud[] {
  const reader: Reader = { source: (at) => `${sourceName}:${at.line}`, controller };
  const symbols: Record<string, (config: CNode | null) => Cloud> = { eC2Fleet: (config) => fleetCloud(config, reader), eC2FleetCloud: (config) => fleetCloud(config, reader), eC2FleetLabel: (config) => otherCloud('eC2FleetLabel', config, reader) };
  if (controller.plugins.some((plugin) => plugin.shortName === 'kubernetes')) symbols.kubernetes = (config) => otherCloud('kubernetes', config, reader);
  try {
    if (node.type !== 'sequence') throw wrongKind('Sequence', reader.source(node));
    return node.items.map((item) => {
      const { symbol, config } = heteroEntry(item, 'hudson.slaves.Cloud');
      const kind = Object.keys(symbols).find((known) => known.toLowerCase() === symbol.toLowerCase());
      if (!kind) throw unknownSymbol('cloud', 'hudson.slaves.Cloud', symbol);
      return (symbols[kind] as (config: CNode | null) => Cloud)(config);
    });
  } catch (error) {
    const at = { source: reader.source(node), path: 'clouds' };
    if (error instanceof ConfiguratorError && error.unknown) throw error;
    if (error instanceof ConfiguratorError) throw new ConfiguratorError(`Failed to configure 'clouds': ${error.errorMessage}`, { configurator: 'cloud', ...at });
    if (error instanceof JavaException) throw new ConfiguratorError("Failed to set attribute 'clouds'", { configurator: 'jenkins', ...at });
    throw error;
  }
}
