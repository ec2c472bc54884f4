import { formatDuration } from '../duration.ts';
import type { HealthThresholds } from '../health-config.ts';
import type { ExporterObservation, HealthReason, HealthReasonCode } from './types.ts';

type Level = 'degraded' | 'unhealthy';
type Limits = Record<Level, number>;

const HOUR = 3_600_000;

/** Strictly past a limit: a value exactly at it still has the milder level. */
function levelAbove(value: number, limits: Limits): Level | null {
  if (value > limits.unhealthy) return 'unhealthy';
  return value > limits.degraded ? 'degraded' : null;
}

function levelBelow(value: number, limits: Limits): Level | null {
  if (value < limits.unhealthy) return 'unhealthy';
  return value < limits.degraded ? 'degraded' : null;
}

function percent(value: number): string {
  return `${Number(value.toFixed(1))} %`;
}

function reason(code: HealthReasonCode, severity: Level, message: string): HealthReason {
  return { code, severity, signal: 'exporter', message };
}

interface Filesystem {
  used: number | null | undefined;
  fullInHours: number | null | undefined;
  limits: Limits;
  full: { code: HealthReasonCode; says: (used: string) => string };
  filling: { code: HealthReasonCode; says: (within: string) => string };
}

/**
 * How full a filesystem is, and how soon it will be full at its recent rate. The prediction only
 * counts above `fillPrediction.minUsedPercent` (the mixin's 40 % available), and adds nothing once
 * the filesystem is already unhealthy for being full.
 */
function filesystemReasons(fs: Filesystem, thresholds: HealthThresholds): HealthReason[] {
  if (fs.used === null || fs.used === undefined) return [];
  const reasons: HealthReason[] = [];
  const level = levelAbove(fs.used, fs.limits);
  if (level) reasons.push(reason(fs.full.code, level, `${fs.full.says(percent(fs.used))} (${level} above ${fs.limits[level]} %)`));
  const prediction = thresholds.fillPrediction;
  if (level === 'unhealthy' || fs.used < prediction.minUsedPercent || fs.fullInHours === null || fs.fullInHours === undefined || fs.fullInHours < 0) {
    return reasons;
  }
  const fullInMs = fs.fullInHours * HOUR;
  const within: Limits = { unhealthy: prediction.unhealthyWithin, degraded: prediction.degradedWithin };
  const fillLevel = fullInMs <= within.unhealthy ? 'unhealthy' : fullInMs <= within.degraded ? 'degraded' : null;
  if (fillLevel) {
    reasons.push(reason(fs.filling.code, fillLevel, `${fs.filling.says(formatDuration(fullInMs))} (${fillLevel} within ${formatDuration(within[fillLevel])})`));
  }
  return reasons;
}

/** Disk, inodes, load and memory against the thresholds, for an exporter that is up. */
export function resourceReasons(exporter: ExporterObservation, thresholds: HealthThresholds): HealthReason[] {
  const where = exporter.diskMountpoint || 'disk';
  const reasons = [
    ...filesystemReasons(
      {
        used: exporter.diskUsedPercent,
        fullInHours: exporter.diskFullInHours,
        limits: { degraded: thresholds.disk.degradedPercent, unhealthy: thresholds.disk.unhealthyPercent },
        full: { code: 'disk-full', says: (used) => `${where} is ${used} full` },
        filling: { code: 'disk-filling', says: (within) => `${where} will be full in about ${within} at its recent rate` },
      },
      thresholds,
    ),
    ...filesystemReasons(
      {
        used: exporter.inodesUsedPercent,
        fullInHours: exporter.inodesFullInHours,
        limits: { degraded: thresholds.inodes.degradedPercent, unhealthy: thresholds.inodes.unhealthyPercent },
        full: { code: 'inodes-full', says: (used) => `${where} has ${used} of its inodes used` },
        filling: { code: 'inodes-filling', says: (within) => `${where} will run out of inodes in about ${within} at its recent rate` },
      },
      thresholds,
    ),
  ];
  if (exporter.loadPerCore !== null && exporter.loadPerCore !== undefined) {
    const limits = { degraded: thresholds.loadPerCore.degradedAbove, unhealthy: thresholds.loadPerCore.unhealthyAbove };
    const level = levelAbove(exporter.loadPerCore, limits);
    if (level) reasons.push(reason('load-high', level, `load ${Number(exporter.loadPerCore.toFixed(2))} per core (${level} above ${limits[level]})`));
  }
  const memory = exporter.memoryAvailablePercent;
  if (memory !== null && memory !== undefined) {
    const limits = { degraded: thresholds.memoryAvailable.degradedPercent, unhealthy: thresholds.memoryAvailable.unhealthyPercent };
    const level = levelBelow(memory, limits);
    if (level) reasons.push(reason('memory-low', level, `${percent(memory)} of memory available (${level} below ${limits[level]} %)`));
  }
  return reasons;
}
