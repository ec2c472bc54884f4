import { type Playbook, type TaskOutcome } from './ansible-run.ts';

const GIB = 1024 ** 3;

/** What a housekeeping play knows of a node when it starts, and what running it changes there. */
export interface NodeFacts {
  instanceId: string;
  sizeBytes: number;
  usedBytes: number;
  /** Bytes each cleanup task would remove: old workspaces, unused images, stale /tmp files. */
  workspaceBytes: number;
  imageBytes: number;
  tmpBytes: number;
  /** Bytes the tasks so far freed in this run. */
  freed: number;
  caBundleOutdated: boolean;
  /** Live runs change the world as tasks finish; a replayed history does not. */
  effects: NodeEffects | undefined;
}

export interface NodeEffects {
  free(bytes: number): (at: Date) => void;
  trustNewCaBundle(): (at: Date) => void;
}

/** The share of / above which the play's last check fails: someone has to look. */
export const DISK_CHECK_PERCENT = 90;

function cleanup(facts: NodeFacts, bytes: number, baseSeconds: number, secondsPerGib: number): TaskOutcome {
  if (bytes <= 0) return { result: { kind: 'ok' }, seconds: baseSeconds };
  facts.freed += bytes;
  return { result: { kind: 'changed' }, seconds: baseSeconds + (bytes / GIB) * secondsPerGib, effect: facts.effects?.free(bytes) };
}

/** `df --output=pcent /` rounds up, as df does. */
export function usedPercent(facts: NodeFacts): number {
  return Math.ceil(((facts.usedBytes - facts.freed) * 100) / facts.sizeBytes);
}

/** ansible/housekeeping.yml: the nightly disk cleanup of every worker, then a check that / has room again. */
export function housekeepingPlaybook(retentionDays: number): Playbook<NodeFacts> {
  return {
    name: 'Jenkins worker housekeeping',
    tasks: [
      { name: `Remove workspace leftovers older than ${retentionDays} days`, tags: ['workspace'], run: (facts) => cleanup(facts, facts.workspaceBytes, 5, 4) },
      { name: 'Prune unused container images', tags: ['containers'], run: (facts) => cleanup(facts, facts.imageBytes, 10, 8) },
      { name: 'Remove files under /tmp older than a day', tags: ['tmp'], run: (facts) => cleanup(facts, facts.tmpBytes, 2, 1) },
      { name: 'Measure free space on /', tags: ['always'], run: (_facts, random) => ({ result: { kind: 'ok' }, seconds: 0.6 + random.next() * 0.4 }) },
      {
        name: 'Check free space on /',
        tags: ['always'],
        run: (facts) => {
          const percent = usedPercent(facts);
          if (percent < DISK_CHECK_PERCENT) return { result: { kind: 'ok' }, seconds: 0.2 };
          const msg = `/ is ${percent}% full after cleanup: find what fills it (du -xsh /var/lib/jenkins/workspace/*) and free it by hand`;
          return { result: { kind: 'failed', result: { assertion: `root_used_percent | int < ${DISK_CHECK_PERCENT}`, changed: false, evaluated_to: false, msg } }, seconds: 0.2 };
        },
      },
    ],
  };
}

/** ansible/update-ca-certs.yml: the internal CA bundle on every worker, and the trust store rebuilt where it changed. */
export function caCertsPlaybook(): Playbook<NodeFacts> {
  return {
    name: 'Refresh the internal CA bundle on Jenkins workers',
    tasks: [
      {
        name: 'Install the internal CA bundle',
        tags: ['certs'],
        run: (facts, random) =>
          facts.caBundleOutdated ? { result: { kind: 'changed' }, seconds: 1.5 + random.next(), effect: facts.effects?.trustNewCaBundle() } : { result: { kind: 'ok' }, seconds: 1 + random.next() },
      },
      {
        name: 'Rebuild the CA trust store',
        tags: ['certs'],
        run: (facts, random) => (facts.caBundleOutdated ? { result: { kind: 'changed' }, seconds: 2 + random.next() * 2 } : { result: { kind: 'skipped' }, seconds: 0.1 }),
      },
    ],
  };
}
