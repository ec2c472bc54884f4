import { EC2_FLEET_CLOUD_CLASS } from '../../world/jenkins/clouds/ec2-fleet-release.ts';
import { type ConstructorArguments, type FleetCloud, JavaException } from '../../world/jenkins/clouds/fleet-cloud.ts';
import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';
import { closureFrame, COLLECT_FRAMES, COMPILE_FRAMES, CONSTRUCTOR_FRAMES, lineAt, readStringLiteral, RUN_FRAME, scriptFrame, sourceSample, stackTrace } from './groovy-text.ts';
import { assignable, evaluateArgument, type JavaValue } from './script-arguments.ts';

/** The first line of the portal's sync script (packages/jenkins renders it). */
export const CLOUD_SYNC_MARKER = '// fleet-portal:clouds-sync';

const CONSTRUCTOR_CALL = `new ${EC2_FLEET_CLOUD_CLASS}(`;

interface Argument {
  expression: string;
  line: number;
}

/** The arguments of the one `new …EC2FleetCloud(` call, split at the commas outside parentheses and strings. */
function constructorArguments(script: string): { arguments: Argument[]; callLine: number } | undefined {
  const start = script.indexOf(CONSTRUCTOR_CALL);
  if (start < 0) return undefined;
  const args: Argument[] = [];
  let depth = 0;
  let from = start + CONSTRUCTOR_CALL.length;
  const push = (to: number) => {
    const raw = script.slice(from, to);
    const expression = raw.trim();
    if (expression !== '') args.push({ expression, line: lineAt(script, from + raw.indexOf(expression)) });
    from = to + 1;
  };
  for (let index = from; index < script.length; index += 1) {
    const char = script[index];
    if (char === "'" || char === '"') {
      const literal = readStringLiteral(script, index);
      index = literal.ok ? literal.end - 1 : index;
    } else if (char === '(') depth += 1;
    else if (char === ')' && depth > 0) depth -= 1;
    else if (char === ')') {
      push(index);
      return { arguments: args, callLine: lineAt(script, start) };
    } else if (char === ',' && depth === 0) push(index);
  }
  return undefined;
}

/** Classes of the plugin the script names with `new`, and whether the installed release has them. */
function unresolvedClasses(script: string, controller: SimulatedJenkins): string[] {
  const known = new Set([EC2_FLEET_CLOUD_CLASS]);
  if (controller.release.executorScalers) for (const scaler of ['NoScaler', 'WeightedScaler', 'NodeHardwareScaler']) known.add(`${EC2_FLEET_CLOUD_CLASS}.${scaler}`);
  if (controller.release.environmentVariables) known.add('com.amazon.jenkins.ec2fleet.CloudEnvironmentVariable');
  const lines = script.split('\n');
  const found: { line: number; inMethod: boolean; text: string }[] = [];
  let inMethod = false;
  lines.forEach((text, index) => {
    if (/^def \w+\(.*\) \{$/.test(text)) inMethod = true;
    for (const match of text.matchAll(/new (com\.amazon\.jenkins\.ec2fleet\.[\w.]+)\(/g)) {
      const className = match[1] ?? '';
      if (known.has(className)) continue;
      const column = (match.index ?? 0) + 1;
      found.push({ line: index + 1, inMethod, text: `Script1.groovy: ${index + 1}: unable to resolve class ${className} \n @ line ${index + 1}, column ${column}.\n${sourceSample(text, column)}\n` });
    }
    if (text === '}') inMethod = false;
  });
  // Groovy resolves the script's body (its closures included) before the methods it declares.
  return [...found.filter((error) => !error.inMethod), ...found.filter((error) => error.inMethod)].map((error) => error.text);
}

function compileFailure(errors: string[]): string {
  const exception = `org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\n${errors.join('\n')}\n${errors.length} error${errors.length === 1 ? '' : 's'}\n`;
  return stackTrace(exception, COMPILE_FRAMES);
}

/**
 * Runs the portal's sync script as the Script Console would with the installed ec2-fleet plugin:
 * the script must compile against the release's classes, and Groovy must find a constructor for the
 * arguments it passes (their number and runtime classes); every declared cloud is built before any
 * replaces the old ones, so a failure leaves Jenkins.clouds as it was.
 */
export function runCloudSyncScript(controller: SimulatedJenkins, script: string): string {
  const unresolved = unresolvedClasses(script, controller);
  if (unresolved.length > 0) return compileFailure(unresolved);
  const literalAt = script.indexOf("parseText('");
  const literal = literalAt < 0 ? undefined : readStringLiteral(script, literalAt + 'parseText('.length);
  const call = constructorArguments(script);
  if (!literal?.ok || !call) throw new Error('the sync script does not follow the contract: one parseText(\'…\') literal and one EC2FleetCloud constructor call');
  let declaration: { clouds?: Record<string, unknown>[] };
  try {
    declaration = JSON.parse(literal.value) as { clouds?: Record<string, unknown>[] };
  } catch (error) {
    return stackTrace(`groovy.json.JsonException: ${(error as Error).message}`, [scriptFrame(lineAt(script, literalAt)), RUN_FRAME]);
  }
  // `def fleetClouds = declaration.clouds.collect { c ->` opens the closure the constructor runs in.
  const collectLine = call.callLine - 1;
  const lastCall = [...call.arguments].reverse().find((argument) => argument.expression.includes('('))?.line ?? call.callLine;
  const inClosure = (line: number) => [closureFrame(line), ...COLLECT_FRAMES, scriptFrame(collectLine), RUN_FRAME];
  const withEnvironment = script.includes('cloud.setEnvironmentVariables(');
  const built: FleetCloud[] = [];
  for (const cloud of declaration.clouds ?? []) {
    const values: JavaValue[] = [];
    for (const argument of call.arguments) {
      try {
        values.push(evaluateArgument(argument.expression, cloud, controller));
      } catch (error) {
        if (!(error instanceof JavaException)) throw error;
        return stackTrace(error.describe(), inClosure(argument.line));
      }
    }
    const parameters = controller.release.parameters;
    if (values.length !== parameters.length || values.some((value, index) => !assignable(parameters[index]?.type ?? '', value.type))) {
      const types = values.map((value) => value.type ?? 'null').join(', ');
      return stackTrace(`groovy.lang.GroovyRuntimeException: Could not find matching constructor for: ${EC2_FLEET_CLOUD_CLASS}(${types})`, [...CONSTRUCTOR_FRAMES, ...inClosure(lastCall)]);
    }
    const args: ConstructorArguments = Object.fromEntries(parameters.map((parameter, index) => [parameter.name, values[index]?.value ?? null]));
    const variables = withEnvironment ? (cloud.environmentVariables as { name: unknown; value: unknown }[] | null | undefined) : [];
    if (!variables) return stackTrace('java.lang.NullPointerException: Cannot invoke method collect() on null object', inClosure(call.callLine));
    try {
      built.push(controller.clouds.construct(args, variables.map((variable) => ({ name: String(variable.name), value: variable.value === null || variable.value === undefined ? '' : String(variable.value) }))));
    } catch (error) {
      if (!(error instanceof JavaException)) throw error;
      return stackTrace(error.describe(), [`${EC2_FLEET_CLOUD_CLASS}.<init>(EC2FleetCloud.java:223)`, ...CONSTRUCTOR_FRAMES, ...inClosure(lastCall)]);
    }
  }
  const others = controller.clouds.all().filter((cloud) => cloud.kind === 'other');
  controller.clouds.replaceAll([...built, ...others]);
  return `fleet-portal: applied ${built.length} EC2 Fleet clouds\n`;
}
