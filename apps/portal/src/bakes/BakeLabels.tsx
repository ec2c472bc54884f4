import { Label } from '@patternfly/react-core';
import { BanIcon, CheckCircleIcon, ExclamationCircleIcon, InProgressIcon, OutlinedClockIcon, OutlinedQuestionCircleIcon, ShareAltIcon, TagIcon } from '@patternfly/react-icons';
import type { ReactNode } from 'react';
import type { BakeView } from '@/trpc/types';

interface Look {
  color: 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'purple';
  word: string;
  icon: ReactNode;
  meaning: string;
}

type Stage = BakeView['workerTypes'][number]['stage'];

const STAGES: Record<Stage, Look> = {
  waiting: { color: 'grey', word: 'waiting', icon: <OutlinedClockIcon />, meaning: 'packer has not started this build yet' },
  building: { color: 'blue', word: 'building', icon: <InProgressIcon />, meaning: 'packer launched the source instance and provisions it' },
  'ami-created': { color: 'blue', word: 'AMI created', icon: <InProgressIcon />, meaning: 'the AMI exists; packer waits for it, tags it and cleans up' },
  sharing: { color: 'purple', word: 'sharing', icon: <ShareAltIcon />, meaning: 'built; waiting for aws-ami-share to share it with the production accounts' },
  done: { color: 'green', word: 'done', icon: <CheckCircleIcon />, meaning: 'built and shared' },
  failed: { color: 'red', word: 'failed', icon: <ExclamationCircleIcon />, meaning: 'packer or ansible failed for this worker type' },
  're-tagged': { color: 'green', word: 're-tagged', icon: <TagIcon />, meaning: 'the newest AMI now carries the commit' },
};

const STOPPED: Look = { color: 'orange', word: 'stopped', icon: <BanIcon />, meaning: 'the build ended (aborted, or failed elsewhere) before this worker type finished' };
const UNFINISHED: readonly Stage[] = ['waiting', 'building', 'ami-created'];

/** A worker type's stage; one left unfinished by a build that has ended says so rather than "building". */
export function BakeStageLabel({ stage, buildEnded = false }: { stage: Stage; buildEnded?: boolean }) {
  const stopped = buildEnded && UNFINISHED.includes(stage);
  const look = stopped ? STOPPED : (STAGES[stage] ?? { color: 'grey', word: stage, icon: <OutlinedQuestionCircleIcon />, meaning: 'a stage the portal does not know' });
  return (
    <Label color={look.color} icon={look.icon} isCompact title={look.meaning} data-stage={stopped ? 'stopped' : stage}>
      {look.word}
    </Label>
  );
}
