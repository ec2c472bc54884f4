import { Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationTriangleIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';
import type { AsgDrift } from './types';

export interface DriftSubject {
  workerType: string | null;
  imageId: string | null;
  imageSource: string | null;
  drift: AsgDrift;
}

export type DriftState = 'up-to-date' | 'behind' | 'unknown';

interface DriftView {
  state: DriftState;
  words: string;
  /** Why, for the hover text (and what to do when it is unknown). */
  why: string;
}

const short = (sha: string) => sha.slice(0, 7);
const commits = (n: number) => `${n} ${n === 1 ? 'commit' : 'commits'}`;

/** Where a group stands against the newest AMI of its worker type, in words. */
export function driftView({ workerType, imageId, imageSource, drift }: DriftSubject): DriftView {
  if (imageId === null) {
    const why =
      imageSource === 'ssm'
        ? 'The launch template takes its AMI from an SSM parameter that AWS could not resolve (missing, or not an AMI id): the AMI it launches is not known here.'
        : 'The group has no launch template AMI the portal could read.';
    return { state: 'unknown', words: 'unknown', why };
  }
  if (!drift.runs) return { state: 'unknown', words: 'unknown', why: `${imageId} is not an AMI the portal has seen in the build account, so its commit is unknown.` };
  if (!drift.newest || drift.upToDate === null) {
    return { state: 'unknown', words: 'unknown', why: `The portal has no current AMI of worker type ${workerType ?? '(none)'} to compare with.` };
  }
  if (drift.upToDate) {
    const head = drift.commitsBehind ? ` (that AMI is ${commits(drift.commitsBehind)} behind the infra repo's head, which is not built yet)` : '';
    return { state: 'up-to-date', words: 'up to date', why: `Runs the newest AMI of ${workerType}${head}.` };
  }
  const runs = drift.runs.currentCommit ? `runs ${short(drift.runs.currentCommit)}` : `runs ${drift.runs.imageId}`;
  const newest = `The newest AMI of ${workerType} is ${drift.newest.imageId}${drift.newest.currentCommit ? ` at ${short(drift.newest.currentCommit)}` : ''}.`;
  if (drift.commitsBehind === null || drift.commitsBehind === 0) {
    return { state: 'behind', words: `${runs}, an older AMI`, why: `${newest} How many commits apart is unknown: the group's commit is not in the infra history read.` };
  }
  return { state: 'behind', words: `${runs}, ${commits(drift.commitsBehind)} behind`, why: `${newest} Commits are counted to the infra repo's head.` };
}

const LOOKS = {
  'up-to-date': { color: 'green', icon: <CheckCircleIcon /> },
  behind: { color: 'orange', icon: <ExclamationTriangleIcon /> },
  unknown: { color: 'grey', icon: <OutlinedQuestionCircleIcon /> },
} as const;

/** "up to date", "runs abc1234, 3 commits behind" (a warning) or "unknown", with the reason on hover. */
export function DriftLabel({ subject }: { subject: DriftSubject }) {
  const view = driftView(subject);
  const look = LOOKS[view.state];
  return (
    <Label color={look.color} icon={look.icon} isCompact title={view.why} data-drift={view.state}>
      {view.words}
    </Label>
  );
}
