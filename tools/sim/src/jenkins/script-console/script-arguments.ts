import { EC2_FLEET_CLOUD_CLASS } from '../../world/jenkins/clouds/ec2-fleet-release.ts';
import { type Describable, FleetCloud, JavaException, type SshConnector } from '../../world/jenkins/clouds/fleet-cloud.ts';
import { buildHostKeyStrategy, buildSshConnector, SSH_CONNECTOR_CLASS } from '../../world/jenkins/clouds/ssh-connector.ts';
import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';

/** A value as the JVM holds it: its runtime class (null for null), as Groovy names it in a constructor mismatch. */
export interface JavaValue {
  value: string | number | boolean | SshConnector | Describable | null;
  type: string | null;
}

const NULL: JavaValue = { value: null, type: null };
const SCALERS = ['noScaler', 'weightedScaler', 'nodeHardwareScaler'];

/** Groovy truth, as `x as boolean` reads any value. */
function truth(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

function groovyTypeOf(value: unknown): string {
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Integer' : 'java.math.BigDecimal';
  return Array.isArray(value) ? 'java.util.ArrayList' : 'groovy.json.internal.LazyMap';
}

/** `x as int` / `x as Integer`: a whole number stays, text of digits is read, anything else cannot be cast. */
function asInteger(value: unknown, target: string): JavaValue {
  if (value === null || value === undefined) return NULL;
  if (typeof value === 'number') return { value: Math.trunc(value), type: 'java.lang.Integer' };
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return { value: Number(value), type: 'java.lang.Integer' };
  throw new JavaException('org.codehaus.groovy.runtime.typehandling.GroovyCastException', `Cannot cast object '${String(value)}' with class '${groovyTypeOf(value)}' to class '${target}'`);
}

function describable(spec: unknown): { symbol: string; settings: Record<string, unknown> } {
  if (typeof spec === 'string') return { symbol: spec, settings: {} };
  const [entry] = Object.entries((spec ?? {}) as Record<string, unknown>);
  return { symbol: entry?.[0] ?? 'null', settings: (entry?.[1] ?? {}) as Record<string, unknown> };
}

/** The script's computerConnectorFrom: an SSHConnector built from its settings by name, nulls dropped. */
function computerConnectorFrom(spec: unknown): JavaValue {
  const { symbol, settings } = describable(spec);
  if (symbol !== 'sshConnector') throw new JavaException('java.lang.IllegalArgumentException', `cannot build a ${symbol} connector`);
  const strategySpec = settings.sshHostKeyVerificationStrategy;
  const strategy = strategySpec === null || strategySpec === undefined ? null : buildHostKeyStrategy(describable(strategySpec).symbol, describable(strategySpec).settings);
  return { value: buildSshConnector(settings, strategy), type: SSH_CONNECTOR_CLASS };
}

/** The script's executorScalerFrom. */
function executorScalerFrom(spec: unknown): JavaValue {
  const { symbol, settings } = describable(spec);
  if (!SCALERS.includes(symbol)) throw new JavaException('java.lang.IllegalArgumentException', `unknown executor scaler ${symbol}`);
  const className = `${EC2_FLEET_CLOUD_CLASS}$${symbol[0]?.toUpperCase()}${symbol.slice(1)}`;
  if (symbol !== 'nodeHardwareScaler') return { value: { symbol, settings: {} }, type: className };
  const vCpu = asInteger(settings.vCpuPerExecutor, 'int').value ?? 0;
  const memory = asInteger(settings.memoryGiBPerExecutor, 'int').value ?? 0;
  return { value: { symbol, settings: { vCpuPerExecutor: vCpu, memoryGiBPerExecutor: memory } }, type: className };
}

/** The script's previousCloudId: the oldId of the cloud of that name (getOldId exists before 3.0.0 only). */
function previousCloudId(controller: SimulatedJenkins, name: unknown): JavaValue {
  const previous = controller.clouds.all().find((cloud) => cloud instanceof FleetCloud && cloud.name === name);
  if (!(previous instanceof FleetCloud)) return NULL;
  if (controller.release.nodesFollow !== 'cloud-object') {
    throw new JavaException('groovy.lang.MissingMethodException', `No signature of method: ${EC2_FLEET_CLOUD_CLASS}.getOldId() is applicable for argument types: () values: []`);
  }
  return { value: previous.oldId, type: 'java.lang.String' };
}

/**
 * One constructor argument of the sync script, as Groovy evaluates it for the declared cloud `c`:
 * the forms the portal's script uses (`c.x as T`, `String.valueOf(c.x)`, `null` and its helpers).
 */
export function evaluateArgument(expression: string, cloud: Record<string, unknown>, controller: SimulatedJenkins): JavaValue {
  if (expression === 'null') return NULL;
  const cast = /^c\.(\w+) as (String|boolean|int|Integer)$/.exec(expression);
  if (cast) {
    const value = cloud[cast[1] ?? ''];
    switch (cast[2]) {
      case 'String':
        return value === null || value === undefined ? NULL : { value: String(value), type: 'java.lang.String' };
      case 'boolean':
        return { value: truth(value), type: 'java.lang.Boolean' };
      default:
        return asInteger(value, cast[2] ?? 'int');
    }
  }
  const valueOf = /^String\.valueOf\(c\.(\w+)\)$/.exec(expression);
  if (valueOf) return { value: String(cloud[valueOf[1] ?? ''] ?? 'null'), type: 'java.lang.String' };
  if (expression === 'previousCloudId(c.name as String)') return previousCloudId(controller, cloud.name);
  if (expression === 'computerConnectorFrom(c.computerConnector)') return computerConnectorFrom(cloud.computerConnector);
  if (expression === 'executorScalerFrom(c.executorScaler)') return executorScalerFrom(cloud.executorScaler);
  throw new JavaException('java.lang.UnsupportedOperationException', `the simulated Script Console cannot evaluate the argument ${expression}`);
}

/** Whether Groovy passes a value of this runtime class to a parameter of that type. */
export function assignable(parameterType: string, argumentType: string | null): boolean {
  if (argumentType === null) return !['boolean', 'int'].includes(parameterType);
  switch (parameterType) {
    case 'boolean':
      return argumentType === 'java.lang.Boolean';
    case 'int':
    case 'java.lang.Integer':
      return argumentType === 'java.lang.Integer';
    case 'hudson.slaves.ComputerConnector':
      return argumentType === SSH_CONNECTOR_CLASS;
    case `${EC2_FLEET_CLOUD_CLASS}$ExecutorScaler`:
      return argumentType.startsWith(`${EC2_FLEET_CLOUD_CLASS}$`) && argumentType.endsWith('Scaler');
    default:
      return parameterType === argumentType;
  }
}
