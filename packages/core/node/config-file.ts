import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type FleetConfig, fleetConfigFromFile } from '../src/config.ts';

const DEMO_CONFIG = path.join('config', 'demo.yaml');

/** FLEET_CONFIG, or the demo config of the checkout the process runs in. */
export function fleetConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLEET_CONFIG) return path.resolve(env.FLEET_CONFIG);
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, DEMO_CONFIG);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(DEMO_CONFIG);
  }
}

/** Reads and validates the fleet config; a bad file throws a ConfigError listing every problem. */
export function readFleetConfig(file = fleetConfigPath()): FleetConfig {
  let text: string;
  try {
    // The path comes from the environment at run time: nothing for the bundler to trace.
    text = readFileSync(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : String(error);
    throw new ConfigError(file, [{ key: '(file)', message: `cannot be read: ${reason}; set FLEET_CONFIG to the config file` }]);
  }
  return fleetConfigFromFile(text, file, path.dirname(file));
}
