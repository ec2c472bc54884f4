import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, type TestDatabaseTarget } from '@fleet/db/testing';
import { type Simulator, startSimulator } from '@fleet/sim';
import { afterAll, beforeAll } from 'vitest';

/** The demo config the embedded portal runs with (config/demo.yaml), parsed afresh. */
export function demoConfig(): FleetConfig {
  const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error(`config/demo.yaml: ${JSON.stringify(parsed.problems)}`);
  return parsed.config;
}

export interface DemoWorld {
  readonly db: TestDatabase;
  readonly sim: Simulator;
  readonly config: FleetConfig;
}

/**
 * The simulated demo world and a fresh database for the tests of one block: started before them,
 * removed after (a block's own hooks run inside these). The world's clock stands still an hour
 * after its history, so every pass asks exactly the same until a test moves it.
 */
export function useDemoWorld(target: TestDatabaseTarget): DemoWorld {
  const parts: { db?: TestDatabase; sim?: Simulator; config?: FleetConfig; dataDir?: string } = {};
  beforeAll(async () => {
    parts.dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-demo-world-'));
    parts.db = await target.open();
    parts.config = demoConfig();
    const historyEnd = new Date(Date.UTC(2025, 2, 14));
    const frozenAt = new Date(historyEnd.getTime() + 3_600_000);
    parts.sim = await startSimulator({ config: parts.config, dataDir: parts.dataDir, port: 0, historyEnd, clock: () => frozenAt, timeScale: 1 });
  }, TEST_DATABASE_TIMEOUT_MS);
  afterAll(async () => {
    await parts.sim?.close();
    await parts.db?.cleanup();
    if (parts.dataDir) await rm(parts.dataDir, { recursive: true, force: true });
  });
  const started = <T>(part: T | undefined): T => {
    if (part === undefined) throw new Error('the demo world starts in beforeAll; use it inside tests and hooks');
    return part;
  };
  return {
    get db() {
      return started(parts.db);
    },
    get sim() {
      return started(parts.sim);
    },
    get config() {
      return started(parts.config);
    },
  };
}
