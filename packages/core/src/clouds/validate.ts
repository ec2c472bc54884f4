import { normalizeCloud, parseJavaInt } from './normalize.ts';
import type { Ec2FleetCloudSpec } from './spec.ts';

/** What the cloud checks need of a worker type from the fleet config. */
export interface CloudWorkerType {
  key: string;
  asgs: readonly string[];
  jenkinsLabels: readonly string[];
}

export type CloudProblemCode =
  | 'duplicate-name'
  | 'unknown-fleet'
  | 'unknown-label'
  | 'min-size-above-max-size'
  | 'min-spare-size-above-max-size'
  | 'bad-max-total-uses'
  | 'blank-environment-variable'
  | 'duplicate-environment-variable';

export interface CloudProblem {
  /** Where in the declared list, e.g. `[2, 'minSize']`; the config adds its own prefix. */
  path: (string | number)[];
  code: CloudProblemCode;
  message: string;
}

/** Labels as Jenkins parses a labelString: separated by whitespace. */
export function labelsOf(labelString: string | null | undefined): string[] {
  return (labelString ?? '').split(/\s+/).filter((label) => label !== '');
}

/**
 * The checks a declaration needs beyond its shape: each cloud manages one of the fleet's Auto
 * Scaling groups under labels the fleet uses, its sizes are consistent, and names are unique.
 */
export function validateDeclaredClouds(clouds: readonly Ec2FleetCloudSpec[], workerTypes: readonly CloudWorkerType[]): CloudProblem[] {
  const groups = new Set(workerTypes.flatMap((type) => type.asgs));
  const labels = new Set(workerTypes.flatMap((type) => type.jenkinsLabels));
  const firstIndexOfName = new Map<string, number>();
  return clouds.flatMap((cloud, index) => {
    const problems: CloudProblem[] = [];
    const add = (field: (string | number)[], code: CloudProblemCode, message: string) => problems.push({ path: [index, ...field], code, message });
    const normalized = normalizeCloud(cloud);

    const first = firstIndexOfName.get(cloud.name);
    if (first === undefined) firstIndexOfName.set(cloud.name, index);
    else add(['name'], 'duplicate-name', `cloud "${cloud.name}" is declared twice (first at index ${first}); Jenkins needs each cloud name once`);

    if (normalized.fleet !== null && !groups.has(normalized.fleet)) {
      add(['fleet'], 'unknown-fleet', `"${normalized.fleet}" is not an Auto Scaling group of any worker type (known: ${[...groups].join(', ') || 'none'}); list it under a worker type's asgs`);
    }
    for (const label of labelsOf(normalized.labelString)) {
      if (!labels.has(label)) {
        add(['labelString'], 'unknown-label', `label "${label}" is not a Jenkins label of any worker type; add it to a worker type's jenkinsLabels or drop it`);
      }
    }
    if (normalized.minSize > normalized.maxSize) {
      add(['minSize'], 'min-size-above-max-size', `minSize ${normalized.minSize} is above maxSize ${normalized.maxSize} (maxSize defaults to 0)`);
    }
    if (normalized.minSpareSize > normalized.maxSize) {
      add(['minSpareSize'], 'min-spare-size-above-max-size', `minSpareSize ${normalized.minSpareSize} is above maxSize ${normalized.maxSize}; the plugin would keep only maxSize`);
    }
    const maxTotalUses = maxTotalUsesProblem(cloud.maxTotalUses);
    if (maxTotalUses) add(['maxTotalUses'], 'bad-max-total-uses', maxTotalUses);
    problems.push(...environmentVariableProblems(cloud, index));
    return problems;
  });
}

function maxTotalUsesProblem(value: number | string | undefined): string | null {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const uses = typeof value === 'number' ? value : parseJavaInt(value);
  if (uses === null) return `"${value}" is not a whole number; the plugin would fail to read it (use -1 for unlimited)`;
  if (uses === 0) return '0 would let a node run no build at all; use -1 for unlimited or 1 or more';
  if (uses < -1) return `${uses} is not a number of builds; use -1 for unlimited or 1 or more`;
  return null;
}

function environmentVariableProblems(cloud: Ec2FleetCloudSpec, index: number): CloudProblem[] {
  const seen = new Set<string>();
  return (cloud.environmentVariables ?? []).flatMap((variable, position): CloudProblem[] => {
    const path = [index, 'environmentVariables', position, 'name'];
    if (variable.name.trim() === '') {
      return [{ path, code: 'blank-environment-variable', message: 'an environment variable needs a name; the plugin drops it silently' }];
    }
    if (seen.has(variable.name)) {
      return [{ path, code: 'duplicate-environment-variable', message: `environment variable "${variable.name}" is set twice; the plugin keeps only the last value` }];
    }
    seen.add(variable.name);
    return [];
  });
}
