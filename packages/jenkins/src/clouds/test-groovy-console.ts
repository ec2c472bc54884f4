import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * For tests: Debian's groovy 2.4.21, the Groovy Jenkins bundles, running Script Console scripts
 * against stand-ins for Jenkins, the ssh-slaves and structs plugins and EC2FleetCloud as it was
 * at a given release (its constructors copied from the plugin's source at that tag).
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const GROOVY_BINARY = '/usr/bin/groovy';

/** Debian's groovy looks for Java under JAVA_HOME; the machine's java may live elsewhere. */
function javaHome(): string | null {
  for (const candidate of ['/usr/lib/jvm/default-java/bin/java', '/usr/bin/java']) {
    if (existsSync(candidate)) return dirname(dirname(realpathSync(candidate)));
  }
  return null;
}

export const hasGroovy = existsSync(GROOVY_BINARY) && javaHome() !== null;

interface TagConstructors {
  commit: string;
  constructors: string[][];
  setEnvironmentVariables: boolean;
}

export const PLUGIN_TAGS: Record<string, TagConstructors> = JSON.parse(readFileSync(join(FIXTURES, 'ec2-fleet-constructors.json'), 'utf8')).tags;

interface JavaParameter {
  type: string;
  name: string;
}

/** `final @Deprecated String credentialsId` → String credentialsId. */
function javaParameter(declaration: string): JavaParameter {
  const words = declaration.split(' ').filter((word) => word !== 'final' && !word.startsWith('@'));
  return { type: words[0] as string, name: words[1] as string };
}

/** The parameters of the constructor a tag's scripts call: its longest one. */
export function constructorParameters(tag: string): JavaParameter[] {
  const longest = [...(PLUGIN_TAGS[tag]?.constructors ?? [])].sort((a, b) => b.length - a.length)[0] ?? [];
  return longest.map(javaParameter);
}

const GETTER_DEFAULTS: Record<string, string> = { idleMinutes: '?: 0', initOnlineTimeoutSec: '?: 180', initOnlineCheckIntervalSec: '?: 15', cloudStatusIntervalSec: '?: 10' };

/** EC2FleetCloud as at `tag`: each constructor takes the plugin's Java types and keeps what it got. */
function fleetCloudStub(tag: string): string {
  const info = PLUGIN_TAGS[tag] as TagConstructors;
  const all = constructorParameters(tag);
  const names = all.map((p) => p.name).filter((name) => name !== 'name');
  const hasScaler = names.includes('executorScaler');
  // getMaxTotalUses came with 3.0.0 (#403); before it the field is all there is.
  const maxTotalUsesGetter = !tag.startsWith('ec2-fleet-2.');
  const constructors = info.constructors.map((declarations) => {
    const parameters = declarations.map(javaParameter);
    const assignments = parameters.filter((p) => p.name !== 'name').map((p) => `        this.${p.name} = ${p.name}`);
    return `    EC2FleetCloud(${parameters.map((p) => `${p.type} ${p.name}`).join(', ')}) {
        super(name)
        received.putAll([${parameters.map((p) => `${p.name}: ${p.name}`).join(', ')}])
${assignments.join('\n')}
    }`;
  });
  const getter = (name: string, type: string) => {
    if (name === 'credentialsId' || name === 'oldId' || (name === 'maxTotalUses' && !maxTotalUsesGetter)) return '';
    const value =
      name === 'maxTotalUses' ? '(maxTotalUses == null || maxTotalUses.trim().isEmpty()) ? -1 : Integer.parseInt(maxTotalUses)'
      : name === 'awsCredentialsId' ? 'awsCredentialsId ?: credentialsId'
      : name === 'executorScaler' ? 'executorScaler ?: new NoScaler()'
      : `${name} ${GETTER_DEFAULTS[name] ?? ''}`;
    return `    ${type === 'boolean' ? 'boolean is' : 'Object get'}${name[0]?.toUpperCase()}${name.slice(1)}() { ${value} }`;
  };
  return `package com.amazon.jenkins.ec2fleet

import hudson.slaves.ComputerConnector

class EC2FleetCloud extends hudson.slaves.Cloud {
    private final Map received = [:]
    private List environmentVariables = []
${[...new Set(names)].map((name) => `    private ${all.find((p) => p.name === name)?.type === 'boolean' ? 'boolean' : 'Object'} ${name}`).join('\n')}

${constructors.join('\n\n')}

${all.filter((p) => p.name !== 'name').map((p) => getter(p.name, p.type)).filter((line) => line !== '').join('\n')}
${names.includes('oldId') ? '    String getOldId() { "id-of-" + name }' : ''}
${info.setEnvironmentVariables ? '    void setEnvironmentVariables(List value) { environmentVariables = value }\n    List getEnvironmentVariables() { environmentVariables }' : ''}

    Map asRecord() {
        [kind: "EC2FleetCloud", arguments: received.collectEntries { key, value -> [key, value != null && value.metaClass.respondsTo(value, "asRecord") ? value.asRecord() : value] },
         environmentVariables: environmentVariables.collect { variable -> [name: variable.name, value: variable.value] }]
    }
${
  hasScaler
    ? `
    static abstract class ExecutorScaler { Object asRecord() { getClass().simpleName } }
    static class NoScaler extends ExecutorScaler {}
    static class WeightedScaler extends ExecutorScaler {}
    static class NodeHardwareScaler extends ExecutorScaler {
        private int vCpuPerExecutor
        private int memoryGiBPerExecutor
        NodeHardwareScaler(int vCpuPerExecutor, int memoryGiBPerExecutor) { this.vCpuPerExecutor = vCpuPerExecutor; this.memoryGiBPerExecutor = memoryGiBPerExecutor }
        int getvCpuPerExecutor() { vCpuPerExecutor }
        int getMemoryGiBPerExecutor() { memoryGiBPerExecutor }
        Object asRecord() { [NodeHardwareScaler: [vCpuPerExecutor, memoryGiBPerExecutor]] }
    }`
    : ''
}
}
`;
}

const ENVIRONMENT_VARIABLE_STUB = `package com.amazon.jenkins.ec2fleet

class CloudEnvironmentVariable {
    private final String name
    private final String value
    CloudEnvironmentVariable(String name, String value) { this.name = name; this.value = value }
    String getName() { name }
    String getValue() { value }
}
`;

export interface ConsoleRun {
  /** What each script printed, in order. */
  outputs: string[];
  /** The clouds after the last script, as the stand-ins describe them. */
  clouds: Record<string, unknown>[];
  warnings: string[];
  replacements: number;
  raw: string;
}

/** Runs `scripts` in one Groovy process against the stand-ins of the plugin as at `tag`. */
export async function runOnConsole(tag: string, pluginVersion: string, scripts: string[]): Promise<ConsoleRun> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-groovy-'));
  try {
    const classes = join(dir, 'classes');
    cpSync(join(FIXTURES, 'groovy-stubs'), classes, { recursive: true });
    mkdirSync(join(classes, 'com/amazon/jenkins/ec2fleet'), { recursive: true });
    writeFileSync(join(classes, 'com/amazon/jenkins/ec2fleet/EC2FleetCloud.groovy'), fleetCloudStub(tag));
    if (PLUGIN_TAGS[tag]?.setEnvironmentVariables) writeFileSync(join(classes, 'com/amazon/jenkins/ec2fleet/CloudEnvironmentVariable.groovy'), ENVIRONMENT_VARIABLE_STUB);
    const files = scripts.map((script, index) => {
      const file = join(dir, `script${index}.groovy`);
      writeFileSync(file, script);
      return file;
    });
    const env = { ...process.env, JAVA_HOME: javaHome() ?? '', JAVA_OPTS: '-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8' };
    const raw = await new Promise<string>((resolve, reject) => {
      execFile(GROOVY_BINARY, ['-cp', classes, join(FIXTURES, 'groovy-harness.groovy'), pluginVersion, ...files], { env, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`groovy failed: ${error.message}\n${stderr}\n${stdout}`)) : resolve(stdout),
      );
    });
    const sections = raw.split(/^harness:run .*$/m).slice(1);
    const last = sections.at(-1) ?? '';
    const line = (prefix: string) => JSON.parse(last.split('\n').find((l) => l.startsWith(prefix))?.slice(prefix.length) ?? 'null');
    const outputs = sections.map((section, index) => (index === sections.length - 1 ? section.split(/^harness:clouds /m)[0] ?? '' : section));
    return { outputs, clouds: line('harness:clouds '), warnings: line('harness:warnings '), replacements: line('harness:replacements '), raw };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
