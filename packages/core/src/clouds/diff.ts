import { isPlainObject } from './describable.ts';
import { type NormalizedEc2FleetCloud, normalizeCloud } from './normalize.ts';
import type { Ec2FleetCloudSpec } from './spec.ts';
import { labelsOf } from './validate.ts';

/** A cloud of another kind on the controller (Kubernetes, the label-based EC2 Fleet cloud, …). */
export interface UnmanagedCloud {
  /** Its JCasC symbol or Java class. */
  kind: string;
  name: string | null;
}

export interface LiveClouds {
  fleetClouds: readonly Ec2FleetCloudSpec[];
  otherClouds: readonly UnmanagedCloud[];
}

export interface CloudFieldChange {
  /** Dotted path: `maxSize`, `computerConnector.sshConnector.port`, `environmentVariables[JAVA_OPTS]`. */
  field: string;
  /** Undefined where that side has no such field. */
  declared: unknown;
  live: unknown;
}

export type CloudDiff =
  | { status: 'in-sync'; name: string }
  | { status: 'added'; name: string; declared: NormalizedEc2FleetCloud }
  | { status: 'removed'; name: string; live: NormalizedEc2FleetCloud }
  | { status: 'changed'; name: string; changes: CloudFieldChange[] }
  /** Not the portal's: shown, never removed. */
  | { status: 'unmanaged'; name: string | null; kind: string };

/**
 * Declared EC2 Fleet clouds against a controller's, by name, after applying the plugin's defaults
 * to both sides: declared order first, then clouds only the controller has, then other kinds.
 */
export function diffClouds(declared: readonly Ec2FleetCloudSpec[], live: LiveClouds): CloudDiff[] {
  const liveByName = new Map<string, NormalizedEc2FleetCloud>();
  const extraLive: NormalizedEc2FleetCloud[] = [];
  for (const cloud of live.fleetClouds.map(normalizeCloud)) {
    if (liveByName.has(cloud.name)) extraLive.push(cloud);
    else liveByName.set(cloud.name, cloud);
  }
  const matched = new Set<string>();
  const declaredDiffs = declared.map(normalizeCloud).map((cloud): CloudDiff => {
    const current = matched.has(cloud.name) ? undefined : liveByName.get(cloud.name);
    if (!current) return { status: 'added', name: cloud.name, declared: cloud };
    matched.add(cloud.name);
    const changes = diffCloud(cloud, current);
    return changes.length === 0 ? { status: 'in-sync', name: cloud.name } : { status: 'changed', name: cloud.name, changes };
  });
  const removed = [...[...liveByName.values()].filter((cloud) => !matched.has(cloud.name)), ...extraLive].map(
    (cloud): CloudDiff => ({ status: 'removed', name: cloud.name, live: cloud }),
  );
  const unmanaged = live.otherClouds.map((cloud): CloudDiff => ({ status: 'unmanaged', name: cloud.name, kind: cloud.kind }));
  return [...declaredDiffs, ...removed, ...unmanaged];
}

/** Every field of two normalized clouds, in the constructor's order, nested settings included. */
export function diffCloud(declared: NormalizedEc2FleetCloud, live: NormalizedEc2FleetCloud): CloudFieldChange[] {
  const changes: CloudFieldChange[] = [];
  for (const field of Object.keys(declared) as (keyof NormalizedEc2FleetCloud)[]) {
    if (field === 'labelString') diffLabels(declared.labelString, live.labelString, changes);
    else if (field === 'environmentVariables') diffVariables(declared.environmentVariables, live.environmentVariables, changes);
    else if (field === 'otherFields') {
      for (const key of unionOfKeys(declared.otherFields, live.otherFields)) diffValues(key, declared.otherFields[key], live.otherFields[key], changes);
    } else diffValues(field, declared[field], live[field], changes);
  }
  return changes;
}

/** Jenkins reads a labelString as a set of labels: order and spacing do not matter. */
function diffLabels(declared: string | null, live: string | null, changes: CloudFieldChange[]): void {
  const set = (labels: string | null) => [...new Set(labelsOf(labels))].sort().join(' ');
  if (set(declared) !== set(live)) changes.push({ field: 'labelString', declared, live });
}

/** Environment variables are applied to nodes as a map, so they are compared by name. */
function diffVariables(declared: NormalizedEc2FleetCloud['environmentVariables'], live: NormalizedEc2FleetCloud['environmentVariables'], changes: CloudFieldChange[]): void {
  const declaredValues = new Map(declared.map((variable) => [variable.name, variable.value]));
  const liveValues = new Map(live.map((variable) => [variable.name, variable.value]));
  for (const name of new Set([...declaredValues.keys(), ...liveValues.keys()])) {
    const [a, b] = [declaredValues.get(name), liveValues.get(name)];
    if (a !== b) changes.push({ field: `environmentVariables[${name}]`, declared: a, live: b });
  }
}

function unionOfKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

/**
 * Descends into mappings so a change names the innermost field; a Describable whose symbol
 * changed (`noScaler` → `nodeHardwareScaler: {…}`) is one change of the whole value.
 */
function diffValues(path: string, declared: unknown, live: unknown, changes: CloudFieldChange[]): void {
  if (sameValue(declared, live)) return;
  if (isPlainObject(declared) && isPlainObject(live) && !symbolChanged(declared, live)) {
    for (const key of unionOfKeys(declared, live)) diffValues(`${path}.${key}`, declared[key], live[key], changes);
    return;
  }
  changes.push({ field: path, declared, live });
}

function symbolChanged(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const [keysA, keysB] = [Object.keys(a), Object.keys(b)];
  return keysA.length === 1 && keysB.length === 1 && keysA[0] !== keysB[0];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = unionOfKeys(a, b);
    return keys.every((key) => sameValue(a[key], b[key]));
  }
  return false;
}
