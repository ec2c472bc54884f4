import {
  type CloudDiff,
  diffClouds,
  ec2FleetCloudSchema,
  type Ec2FleetCloudSpec,
  type FleetConfig,
  type JenkinsControllerConfig,
  type NormalizedEc2FleetCloud,
  normalizeCloud,
} from '@fleet/core';
import { type findCloudState } from '@fleet/db';
import { z } from 'zod';

type CloudStateRow = NonNullable<Awaited<ReturnType<typeof findCloudState>>>;

const otherCloudShape = z.object({ kind: z.string(), name: z.string().nullable() });
const statShape = z.object({ fleet: z.string().nullable(), state: z.string(), label: z.string().nullable(), numActive: z.number(), numDesired: z.number() });
const orphanShape = z.object({ agent: z.string(), instanceId: z.string().nullable(), cloud: z.string().nullable() });
const storedShape = z.object({
  method: z.enum(['casc', 'script-console']),
  pluginVersion: z.string().nullable(),
  cascVersion: z.string().nullable(),
  fleetClouds: z.array(ec2FleetCloudSchema),
  otherClouds: z.array(otherCloudShape),
  stats: z.array(statShape),
  orphans: z.array(orphanShape),
});

export type StoredCloudState = z.output<typeof storedShape> & { readAt: Date; changedAt: Date };
export type CloudStat = z.output<typeof statShape>;

/** The stored read, checked again: a row written by another version of the portal is refused rather than misread. */
export function storedCloudState(row: CloudStateRow): StoredCloudState | Error {
  const parsed = storedShape.safeParse(row);
  if (!parsed.success) return new Error(`the stored read of ${row.controller}'s clouds cannot be read (${z.prettifyError(parsed.error)}); it is read again at the next clouds sync`);
  return { ...parsed.data, readAt: row.readAt, changedAt: row.changedAt };
}

/** The declared clouds of a controller; null when the config leaves its clouds alone. */
export function declaredCloudsOf(config: FleetConfig, controller: string): { controller: JenkinsControllerConfig; declared: Ec2FleetCloudSpec[] } | null {
  const found = config.jenkins?.controllers.find((c) => c.name === controller);
  return found?.clouds ? { controller: found, declared: found.clouds } : null;
}

export type CloudsStatus = 'in-sync' | 'drifted' | 'not-read' | 'unreadable' | 'not-managed';

/** The diffs that need a resync: every one but the clouds in sync and the ones the portal does not manage. */
export function driftOf(diffs: readonly CloudDiff[]): CloudDiff[] {
  return diffs.filter((diff) => diff.status === 'added' || diff.status === 'removed' || diff.status === 'changed');
}

export interface CloudRow {
  name: string | null;
  status: CloudDiff['status'];
  /** For `changed`: field by field. */
  changes: Extract<CloudDiff, { status: 'changed' }>['changes'];
  declared: NormalizedEc2FleetCloud | null;
  live: NormalizedEc2FleetCloud | null;
  kind: string | null;
  /** The plugin's FleetStateStats for the cloud's group, when the plugin serves them (4.2.0 and later). */
  stat: CloudStat | null;
}

/** One row per declared, live or other cloud, in diffClouds's order, with what the page shows of each. */
export function cloudRows(declared: readonly Ec2FleetCloudSpec[], state: StoredCloudState): { diffs: CloudDiff[]; rows: CloudRow[] } {
  const diffs = diffClouds(declared, state);
  const declaredByName = new Map(declared.map((cloud) => [cloud.name, normalizeCloud(cloud)]));
  const liveByName = new Map(state.fleetClouds.map((cloud) => [cloud.name, normalizeCloud(cloud)]));
  const statOf = (cloud: NormalizedEc2FleetCloud | null | undefined) => (cloud?.fleet ? (state.stats.find((s) => s.fleet === cloud.fleet) ?? null) : null);
  const rows = diffs.map((diff): CloudRow => {
    if (diff.status === 'unmanaged') return { name: diff.name, status: diff.status, changes: [], declared: null, live: null, kind: diff.kind, stat: null };
    const wanted = declaredByName.get(diff.name) ?? null;
    const live = diff.status === 'removed' ? diff.live : (liveByName.get(diff.name) ?? null);
    return {
      name: diff.name,
      status: diff.status,
      changes: diff.status === 'changed' ? diff.changes : [],
      declared: diff.status === 'removed' ? null : wanted,
      live: diff.status === 'added' ? null : live,
      kind: null,
      stat: statOf(live ?? wanted),
    };
  });
  return { diffs, rows };
}

/** A cloud change as one line: `rhel8-gpu: idleMinutes 10 → 30`, `+ centos7-new`, `− old`. */
export function describeDrift(diffs: readonly CloudDiff[]): string[] {
  return driftOf(diffs).map((diff) => {
    if (diff.status === 'added') return `+ ${diff.name}`;
    if (diff.status === 'removed') return `− ${diff.name}`;
    if (diff.status !== 'changed') return diff.name ?? '';
    return `${diff.name}: ${diff.changes.map((c) => `${c.field} ${show(c.live)} → ${show(c.declared)}`).join(', ')}`;
  });
}

function show(value: unknown): string {
  if (value === undefined) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
