import { readFleetConfig } from '@fleet/core/config-file';
import { ConfigError, type FleetConfig } from '@fleet/core';
import { getDatabase, type PrismaClient } from '@fleet/db';

/** Why the portal cannot answer at all: a person can act on the message. */
export class PortalSetupError extends Error {
  constructor(
    readonly code: 'config' | 'database',
    message: string,
  ) {
    super(message);
    this.name = 'PortalSetupError';
  }
}

// Next evaluates server modules once per bundle (pages, route handlers); the config is read once
// per process, so every route sees the same one and a broken file is reported the same way.
const CONFIG = Symbol.for('@fleet/portal.fleet-config');

export function fleetConfig(): FleetConfig {
  const holder = globalThis as typeof globalThis & { [CONFIG]?: FleetConfig };
  if (holder[CONFIG]) return holder[CONFIG];
  try {
    holder[CONFIG] = readFleetConfig();
    return holder[CONFIG];
  } catch (error) {
    // Not cached: the next request reads the file again and says what is still wrong with it.
    if (error instanceof ConfigError) throw new PortalSetupError('config', error.message);
    throw error;
  }
}

export function database(): PrismaClient {
  try {
    return getDatabase().prisma;
  } catch (error) {
    throw new PortalSetupError('database', error instanceof Error ? error.message : String(error));
  }
}
