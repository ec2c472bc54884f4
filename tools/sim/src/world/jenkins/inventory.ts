import { type InstanceRecord } from '../fleet/instances.ts';

/**
 * How the housekeeping jobs name a host: the infra repo's aws_ec2 inventory (ansible/hosts/aws_ec2.yaml)
 * has `hostnames: [private-ip-address]`, so a host is its instance's private address (127.10.x.y here).
 */
export function housekeepingHostName(instance: InstanceRecord): string {
  return instance.privateIpAddress;
}

/**
 * The groups the inventory puts a host in: `aws_ec2`, and `worker_<worker type>` from its
 * `keyed_groups` (prefix `worker`, key `tags.worker_type`); the sanitized form with `_` for `-` too.
 */
export function inventoryGroups(workerType: string | undefined): string[] {
  if (!workerType) return ['aws_ec2'];
  const group = `worker_${workerType}`;
  return [...new Set(['aws_ec2', group, group.replace(/[^\w]/g, '_')])];
}

/** Inventory order: the plugin lists hosts as EC2 returns them; we sort by address so runs read the same. */
export function byAddress(a: string, b: string): number {
  const parts = (ip: string) => ip.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 4; i += 1) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface Limited<H> {
  hosts: H[];
  /** Patterns that matched no host, which ansible warns about and ignores. */
  unmatched: string[];
}

/**
 * `--limit`: patterns separated by `,` or `:`, each a host, a group, `all` or a glob (`127.10.0.*`);
 * `!pattern` removes what it matches. An empty limit keeps every host.
 */
export function limitHosts<H extends { name: string; groups: string[] }>(hosts: readonly H[], limit: string): Limited<H> {
  const patterns = limit.split(/[,:]/).map((pattern) => pattern.trim()).filter(Boolean);
  const include = patterns.filter((pattern) => !pattern.startsWith('!'));
  const exclude = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const matches = (pattern: string, host: H) => {
    if (pattern === 'all' || pattern === '*') return true;
    const glob = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`);
    return glob.test(host.name) || host.groups.some((group) => glob.test(group));
  };
  const unmatched = include.filter((pattern) => !hosts.some((host) => matches(pattern, host)));
  const kept = hosts.filter((host) => (include.length === 0 || include.some((pattern) => matches(pattern, host))) && !exclude.some((pattern) => matches(pattern, host)));
  return { hosts: kept, unmatched };
}
