import { describe, expect, it } from 'vitest';
import { resourceReasons } from './resources.ts';
import { minutesAgo, THRESHOLDS } from './test-fixtures.ts';
import type { ExporterObservation } from './types.ts';

function reasonsFor(values: Partial<ExporterObservation>, thresholds = THRESHOLDS) {
  return resourceReasons({ up: true, diskMountpoint: '/', observedAt: minutesAgo(0), ...values }, thresholds).map((reason) => `${reason.code} ${reason.severity}: ${reason.message}`);
}

describe('disk space', () => {
  it('is fine up to 85 % used', () => {
    expect(reasonsFor({ diskUsedPercent: 85 })).toEqual([]);
  });

  it('degrades above 85 %', () => {
    expect(reasonsFor({ diskUsedPercent: 85.1 })).toEqual(['disk-full degraded: / is 85.1 % full (degraded above 85 %)']);
  });

  it('is still degraded at exactly 95 %', () => {
    expect(reasonsFor({ diskUsedPercent: 95 })).toEqual(['disk-full degraded: / is 95 % full (degraded above 85 %)']);
  });

  it('is unhealthy above 95 %', () => {
    expect(reasonsFor({ diskUsedPercent: 96 })).toEqual(['disk-full unhealthy: / is 96 % full (unhealthy above 95 %)']);
  });

  it('names the disk when the exporter gave no mount point', () => {
    expect(reasonsFor({ diskUsedPercent: 96, diskMountpoint: null })).toEqual(['disk-full unhealthy: disk is 96 % full (unhealthy above 95 %)']);
  });

  it('follows configured thresholds', () => {
    const strict = { ...THRESHOLDS, disk: { degradedPercent: 50, unhealthyPercent: 70 } };
    expect(reasonsFor({ diskUsedPercent: 71 }, strict)).toEqual(['disk-full unhealthy: / is 71 % full (unhealthy above 70 %)']);
  });
});

describe('disk filling up', () => {
  it('degrades a disk predicted full within 24 h', () => {
    expect(reasonsFor({ diskUsedPercent: 70, diskFullInHours: 20 })).toEqual([
      'disk-filling degraded: / will be full in about 20 h at its recent rate (degraded within 24 h)',
    ]);
  });

  it('makes a disk predicted full within exactly 4 h unhealthy', () => {
    expect(reasonsFor({ diskUsedPercent: 70, diskFullInHours: 4 })).toEqual([
      'disk-filling unhealthy: / will be full in about 4 h at its recent rate (unhealthy within 4 h)',
    ]);
  });

  it('ignores a prediction further out than 24 h', () => {
    expect(reasonsFor({ diskUsedPercent: 70, diskFullInHours: 24.5 })).toEqual([]);
  });

  it('ignores a prediction for a disk under 60 % used, where one big checkout looks like a leak', () => {
    expect(reasonsFor({ diskUsedPercent: 59, diskFullInHours: 1 })).toEqual([]);
  });

  it('adds the prediction to a disk that is degraded for being full', () => {
    expect(reasonsFor({ diskUsedPercent: 90, diskFullInHours: 2 })).toEqual([
      'disk-full degraded: / is 90 % full (degraded above 85 %)',
      'disk-filling unhealthy: / will be full in about 2 h at its recent rate (unhealthy within 4 h)',
    ]);
  });

  it('adds nothing to a disk already unhealthy for being full', () => {
    expect(reasonsFor({ diskUsedPercent: 97, diskFullInHours: 1 })).toEqual(['disk-full unhealthy: / is 97 % full (unhealthy above 95 %)']);
  });
});

describe('inodes', () => {
  it('have the same thresholds as disk space', () => {
    expect(reasonsFor({ inodesUsedPercent: 85 })).toEqual([]);
    expect(reasonsFor({ inodesUsedPercent: 90 })).toEqual(['inodes-full degraded: / has 90 % of its inodes used (degraded above 85 %)']);
    expect(reasonsFor({ inodesUsedPercent: 99 })).toEqual(['inodes-full unhealthy: / has 99 % of its inodes used (unhealthy above 95 %)']);
  });

  it('are predicted to run out like disk space', () => {
    expect(reasonsFor({ inodesUsedPercent: 65, inodesFullInHours: 3 })).toEqual([
      'inodes-filling unhealthy: / will run out of inodes in about 3 h at its recent rate (unhealthy within 4 h)',
    ]);
  });
});

describe('load per core', () => {
  it('is fine up to 2', () => {
    expect(reasonsFor({ loadPerCore: 2 })).toEqual([]);
  });

  it('degrades above 2', () => {
    expect(reasonsFor({ loadPerCore: 2.04 })).toEqual(['load-high degraded: load 2.04 per core (degraded above 2)']);
  });

  it('is unhealthy above 4', () => {
    expect(reasonsFor({ loadPerCore: 5.23 })).toEqual(['load-high unhealthy: load 5.23 per core (unhealthy above 4)']);
  });
});

describe('memory available', () => {
  it('is fine down to 10 %', () => {
    expect(reasonsFor({ memoryAvailablePercent: 10 })).toEqual([]);
  });

  it('degrades under 10 %', () => {
    expect(reasonsFor({ memoryAvailablePercent: 9.5 })).toEqual(['memory-low degraded: 9.5 % of memory available (degraded below 10 %)']);
  });

  it('is still degraded at exactly 5 % and unhealthy under it', () => {
    expect(reasonsFor({ memoryAvailablePercent: 5 })).toEqual(['memory-low degraded: 5 % of memory available (degraded below 10 %)']);
    expect(reasonsFor({ memoryAvailablePercent: 4 })).toEqual(['memory-low unhealthy: 4 % of memory available (unhealthy below 5 %)']);
  });
});

it('says nothing about values the exporter did not give', () => {
  expect(reasonsFor({ diskUsedPercent: null, inodesUsedPercent: undefined, loadPerCore: null, memoryAvailablePercent: null, diskFullInHours: 1 })).toEqual([]);
});
