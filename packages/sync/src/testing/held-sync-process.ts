/**
 * A worker process for the lease tests: it claims one sync source, says `running` on stdout, and
 * keeps the run going until it is killed. Run with `node --import tsx <this file> <database url> <key>`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFleetConfig } from '@fleet/core';
import { createDatabase } from '@fleet/db';
import { SyncScheduler } from '../scheduler.ts';

const [url, key] = process.argv.slice(2);
if (!url || !key) throw new Error('usage: held-sync-process.ts <database url> <sync key>');
const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the demo config must be valid');
const { prisma } = createDatabase(url, { maxConnections: 2 });
const scheduler = new SyncScheduler({ prisma, config: parsed.config, now: () => new Date() }, [
  {
    key,
    kind: 'test.held',
    intervalMs: 30_000,
    run: () => {
      process.stdout.write('running\n');
      // Waits as a sync waits on a slow source: with a socket open, so the process stays up.
      return new Promise(() => setInterval(() => undefined, 60_000));
    },
  },
], { owner: `held-${process.pid}` });
const outcome = await scheduler.runNow(key);
if (!outcome) throw new Error(`could not claim ${key}: another process holds it`);
