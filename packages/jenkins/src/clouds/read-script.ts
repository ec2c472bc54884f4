import { EC2_FLEET_CLOUD_FIELDS, ec2FleetCloudSchema, type Ec2FleetCloudSpec, type UnmanagedCloud } from '@fleet/core';
import { z } from 'zod';
import { type ScriptOutputResult, scriptFailure } from './script-output.ts';

/** The first line of the read script, by which a controller stand-in recognises it. */
export const CLOUD_READ_MARKER = '// fleet-portal:clouds-read';
/** The read script prints one line: this prefix, then JSON. */
export const CLOUD_READ_PREFIX = 'fleet-portal:clouds ';

/** Read as they are; the Describables and the environment variables are described apart. */
const DESCRIBED_APART = ['computerConnector', 'executorScaler', 'environmentVariables'];
const CLOUD_FIELDS = EC2_FLEET_CLOUD_FIELDS.filter((field) => !DESCRIBED_APART.includes(field));const SSH_CONNECTOR_FIELDS = [
  'credentialsId', 'port', 'jvmOptions', 'javaPath', 'prefixStartSlaveCmd', 'suffixStartSlaveCmd', 'launchTimeoutSeconds',
  'maxNumRetries', 'retryWaitTime', 'workDir', 'tcpNoDelay',
];

const groovyList = (names: readonly string[]) => `[${names.map((name) => `"${name}"`).join(', ')}]`;

// No class of the plugin is named in code, so the script compiles, and answers, on any version
// (and without the plugin). A field is read through its getter where there is one, as JCasC's
// export reads it, else from the field itself (maxTotalUses has a getter only since 3.0.0).
const READ_SCRIPT = `${CLOUD_READ_MARKER}
// Prints the EC2 Fleet clouds of this controller as one line of JSON, with the JCasC field names.
import jenkins.model.Jenkins

def valueOf(Object target, String name) {
    def getters = ["get" + name.capitalize(), "is" + name.capitalize(), "get" + name]
    def getter = target.getClass().getMethods().find { method -> method.getParameterCount() == 0 && getters.contains(method.getName()) }
    if (getter != null) return getter.invoke(target)
    for (def type = target.getClass(); type != null; type = type.getSuperclass()) {
        def field = type.getDeclaredFields().find { candidate -> candidate.getName() == name }
        if (field != null) {
            field.setAccessible(true)
            return field.get(target)
        }
    }
    return null
}

// JCasC names a Describable without a symbol after its class: SSHConnector is sSHConnector.
def symbolFor(Object value) {
    def simpleName = value.getClass().getSimpleName()
    return simpleName.substring(0, 1).toLowerCase() + simpleName.substring(1)
}

def describeStrategy(strategy) {
    if (strategy == null) return null
    def symbol = symbolFor(strategy)
    if (symbol == "manuallyProvidedKeyVerificationStrategy") return [(symbol): [key: valueOf(strategy, "key")]]
    if (symbol == "manuallyTrustedKeyVerificationStrategy") return [(symbol): [requireInitialManualTrust: valueOf(strategy, "requireInitialManualTrust")]]
    return symbol
}

def describeConnector(connector) {
    if (connector == null) return null
    def settings = [:]
    if (connector.getClass().name == "hudson.plugins.sshslaves.SSHConnector") {
        for (name in ${groovyList(SSH_CONNECTOR_FIELDS)}) settings[name] = valueOf(connector, name)
        settings.sshHostKeyVerificationStrategy = describeStrategy(valueOf(connector, "sshHostKeyVerificationStrategy"))
    }
    return [(symbolFor(connector)): settings]
}

def describeScaler(scaler) {
    if (scaler == null) return null
    def symbol = symbolFor(scaler)
    if (symbol == "nodeHardwareScaler") return [(symbol): [vCpuPerExecutor: valueOf(scaler, "vCpuPerExecutor"), memoryGiBPerExecutor: valueOf(scaler, "memoryGiBPerExecutor")]]
    return symbol
}

def describeCloud(cloud) {
    def fields = [:]
    for (name in ${groovyList(CLOUD_FIELDS)}) fields[name] = valueOf(cloud, name)
    fields.computerConnector = describeConnector(valueOf(cloud, "computerConnector"))
    fields.executorScaler = describeScaler(valueOf(cloud, "executorScaler"))
    def variables = valueOf(cloud, "environmentVariables")
    fields.environmentVariables = variables == null ? null : variables.collect { variable -> [name: variable.getName(), value: variable.getValue()] }
    return fields
}

def isFleetCloud(cloud) {
    return cloud.getClass().name == "com.amazon.jenkins.ec2fleet.EC2FleetCloud"
}

// A fleet node belongs to the cloud its getCloud() finds while that cloud is in Jenkins.clouds:
// before 3.0.0 the node holds the cloud object, which a replaced cloud leaves outside the list;
// from 3.0.0 it holds the name, which a renamed or removed cloud no longer answers to.
def liveCloudOf(node) {
    try {
        def cloud = node.getCloud()
        return cloud != null && Jenkins.instance.clouds.any { candidate -> candidate.is(cloud) } ? cloud.name : null
    } catch (Exception ignored) {
        return null
    }
}

def jenkins = Jenkins.instance
def plugin = jenkins.pluginManager.getPlugin("ec2-fleet")
def answer = [
    pluginVersion: plugin == null ? null : plugin.getVersion(),
    fleetClouds: jenkins.clouds.findAll { cloud -> isFleetCloud(cloud) }.collect { cloud -> describeCloud(cloud) },
    otherClouds: jenkins.clouds.findAll { cloud -> !isFleetCloud(cloud) }.collect { cloud -> [kind: cloud.getClass().name, name: cloud.name] },
    nodes: jenkins.nodes.findAll { node -> node.getClass().name == "com.amazon.jenkins.ec2fleet.EC2FleetNode" }.collect { node -> [name: node.getNodeName(), cloud: liveCloudOf(node)] },
]
println("${CLOUD_READ_PREFIX}" + groovy.json.JsonOutput.toJson(answer))
`;

/** Groovy that prints the controller's EC2 Fleet clouds as one line: `fleet-portal:clouds {json}`. */
export function renderCloudReadScript(): string {
  return READ_SCRIPT;
}

const readAnswerSchema = z.object({
  pluginVersion: z.string().nullable(),
  fleetClouds: z.array(ec2FleetCloudSchema),
  otherClouds: z.array(z.object({ kind: z.string(), name: z.string().nullable() })),
  nodes: z.array(z.object({ name: z.string(), cloud: z.string().nullable() })).optional(),
});

/** An EC2 Fleet node and the live cloud it belongs to; `cloud` is null for an orphan, whose cloud Jenkins no longer has. */
export interface FleetNodeOfCloud {
  name: string;
  cloud: string | null;
}

export interface CloudReadAnswer {
  /** The installed ec2-fleet plugin's version; null without the plugin. */
  pluginVersion: string | null;
  fleetClouds: Ec2FleetCloudSpec[];
  otherClouds: UnmanagedCloud[];
  /** Every EC2 Fleet node (absent from the output of scripts before the field existed). */
  nodes?: FleetNodeOfCloud[];
}

/** Reads the read script's answer from the Script Console's output. */
export function parseCloudReadOutput(text: string): ScriptOutputResult<CloudReadAnswer> {
  const line = text.split(/\r?\n/).find((candidate) => candidate.startsWith(CLOUD_READ_PREFIX));
  if (line === undefined) return scriptFailure('read', text);
  let json: unknown;
  try {
    json = JSON.parse(line.slice(CLOUD_READ_PREFIX.length));
  } catch (error) {
    return { ok: false, code: 'bad-output', message: `the clouds read script printed something that is not JSON: ${(error as Error).message}` };
  }
  const parsed = readAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: 'bad-output', message: `the clouds read script printed an unexpected shape at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? ''}` };
  }
  return { ok: true, value: parsed.data };
}
