import { replaceInfraHistory } from '@fleet/db';
import { readInfraHistory } from './infra-history.ts';
import type { SyncJob } from '../job.ts';

export function infraRepoJob(clonePath: string, intervalMs: number): SyncJob {
  return {
    key: 'git.infra-repo',
    kind: 'git.infra-repo',
    intervalMs,
    async run({ prisma, config }) {
      const history = await readInfraHistory({
        clonePath,
        branch: config.infraRepo.branch,
        depth: config.infraRepo.historyDepth,
        packerPath: config.infraRepo.packerPath,
      });
      await replaceInfraHistory(prisma, history);
      return { itemCount: history.length };
    },
  };
}
