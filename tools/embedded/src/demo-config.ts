import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';

export interface DemoServices {
  infraRepoPath: string;
  /** The config's `jenkins` section: the simulator's controllers with their jobs. */
  jenkins: Record<string, unknown>;
  /** Absent when no Prometheus runs: the portal then says disk, load and memory are not known. */
  prometheusUrl?: string;
}

/**
 * The config the demo's portal and worker read: the user's file with the simulator's addresses
 * filled in, written next to the demo data so both processes see the same thing. Sections the
 * file sets itself are left as they are.
 */
export function writeDemoConfig(source: string, target: string, services: DemoServices): string {
  const document = parseDocument(readFileSync(source, 'utf8'));
  document.setIn(['infraRepo', 'localClone'], services.infraRepoPath);
  if (!document.has('jenkins')) document.set('jenkins', services.jenkins);
  if (services.prometheusUrl && !document.has('prometheus')) document.set('prometheus', { url: services.prometheusUrl });
  // Node health moves faster in the demo than in production, so its failures show within seconds.
  if (!document.hasIn(['sync', 'nodes'])) document.setIn(['sync', 'nodes'], '15s');
  const header = `# Written by the embedded launcher from ${path.relative(path.dirname(target), source)} at each start; edit that file instead.\n`;
  writeFileSync(target, header + document.toString());
  return target;
}
