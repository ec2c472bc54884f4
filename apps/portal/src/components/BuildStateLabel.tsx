import { Label } from '@patternfly/react-core';
import { BanIcon, CheckCircleIcon, ExclamationCircleIcon, InProgressIcon, OutlinedClockIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';
import type { ReactNode } from 'react';
import type { BakeView } from '@/trpc/types';

interface Look {
  color: 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'purple';
  word: string;
  icon: ReactNode;
  meaning: string;
}

type BuildState = BakeView['state'];

const STATES: Record<BuildState, Look> = {
  queued: { color: 'grey', word: 'queued', icon: <OutlinedClockIcon />, meaning: 'waiting in the Jenkins queue' },
  running: { color: 'blue', word: 'running', icon: <InProgressIcon />, meaning: 'Jenkins is running it' },
  succeeded: { color: 'green', word: 'succeeded', icon: <CheckCircleIcon />, meaning: 'it ended well' },
  failed: { color: 'red', word: 'failed', icon: <ExclamationCircleIcon />, meaning: 'it ended with an error: see what failed' },
  aborted: { color: 'orange', word: 'aborted', icon: <BanIcon />, meaning: 'stopped before the end' },
  cancelled: { color: 'orange', word: 'cancelled', icon: <BanIcon />, meaning: 'left the queue without running, or never reached Jenkins' },
  lost: { color: 'grey', word: 'lost', icon: <OutlinedQuestionCircleIcon />, meaning: 'Jenkins no longer knows the queue item and no build carries it' },
};

/** A followed build's state (a bake, a housekeeping run) as a word, an icon and a colour. */
export function BuildStateLabel({ state }: { state: BuildState }) {
  const look = STATES[state];
  return (
    <Label color={look.color} icon={look.icon} isCompact title={look.meaning} data-build-state={state}>
      {look.word}
    </Label>
  );
}


const CAUSES: Record<string, string> = { portal: 'the portal', scm: 'an SCM push', timer: 'the timer', upstream: 'an upstream job', remote: 'a remote call', user: 'a person in Jenkins', other: 'Jenkins' };

/** Who started a build: the portal user, the Jenkins user, the push or the timer. */
export function startedByWords(startedBy: { kind: string; name: string | null }): string {
  if (startedBy.kind === 'portal') return startedBy.name ? `${startedBy.name} (portal)` : 'the portal';
  if (startedBy.kind === 'user') return startedBy.name ? `${startedBy.name} (in Jenkins)` : CAUSES.user!;
  return CAUSES[startedBy.kind] ?? startedBy.kind;
}
