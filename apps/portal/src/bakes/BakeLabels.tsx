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

const STATES: Record<BakeView['state'], Look> = {
  queued: { color: 'grey', word: 'queued', icon: <OutlinedClockIcon />, meaning: 'waiting in the Jenkins queue' },
  running: { color: 'blue', word: 'running', icon: <InProgressIcon />, meaning: 'Jenkins is running build_images.sh' },
  succeeded: { color: 'green', word: 'succeeded', icon: <CheckCircleIcon />, meaning: 'every worker type it built or re-tagged is done' },
  failed: { color: 'red', word: 'failed', icon: <ExclamationCircleIcon />, meaning: 'a worker type failed or the script stopped' },
  aborted: { color: 'orange', word: 'aborted', icon: <BanIcon />, meaning: 'stopped before the end; AMIs already made stay' },
  cancelled: { color: 'orange', word: 'cancelled', icon: <BanIcon />, meaning: 'left the queue without running, or never reached Jenkins' },
  lost: { color: 'grey', word: 'lost', icon: <OutlinedQuestionCircleIcon />, meaning: 'Jenkins no longer knows the queue item and no build carries it' },
};

export function BakeStateLabel({ state }: { state: BakeView['state'] }) {
  const look = STATES[state];
  return (
    <Label color={look.color} icon={look.icon} isCompact title={look.meaning} data-bake-state={state}>
      {look.word}
    </Label>
  );
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

export function BakeStageLabel({ stage }: { stage: Stage }) {
  const look = STAGES[stage] ?? { color: 'grey', word: stage, icon: <OutlinedQuestionCircleIcon />, meaning: 'a stage the portal does not know' };
  return (
    <Label color={look.color} icon={look.icon} isCompact title={look.meaning} data-stage={stage}>
      {look.word}
    </Label>
  );
}

const CAUSES: Record<string, string> = { portal: 'the portal', scm: 'an SCM push', timer: 'the timer', upstream: 'an upstream job', remote: 'a remote call', user: 'a person in Jenkins', other: 'Jenkins' };

/** Who started a build: the portal user, the Jenkins user, the push or the timer. */
export function startedByWords(startedBy: BakeView['startedBy']): string {
  if (startedBy.kind === 'portal') return startedBy.name ? `${startedBy.name} (portal)` : 'the portal';
  if (startedBy.kind === 'user') return startedBy.name ? `${startedBy.name} (in Jenkins)` : CAUSES.user!;
  return CAUSES[startedBy.kind] ?? startedBy.kind;
}
