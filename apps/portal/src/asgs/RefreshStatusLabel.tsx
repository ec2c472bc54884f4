import { Label } from '@patternfly/react-core';
import {
  BanIcon,
  CheckCircleIcon,
  ExclamationCircleIcon,
  InProgressIcon,
  OutlinedQuestionCircleIcon,
  PendingIcon,
  UndoIcon,
} from '@patternfly/react-icons';
import type { RefreshStatus } from '@fleet/core';
import type { ReactNode } from 'react';

interface Look {
  color: 'blue' | 'green' | 'orange' | 'red' | 'purple' | 'grey';
  word: string;
  icon: ReactNode;
  /** What the status means for the group, for the hover text. */
  meaning: string;
}

// A cancelled or rolled-back refresh did not do what it was started for: it warns, it is not an error.
const LOOKS = {
  Pending: { color: 'blue', word: 'pending', icon: <PendingIcon />, meaning: 'AWS accepted the refresh and will start replacing instances' },
  InProgress: { color: 'blue', word: 'in progress', icon: <InProgressIcon />, meaning: 'instances are being replaced' },
  Baking: { color: 'blue', word: 'baking', icon: <InProgressIcon />, meaning: 'every instance is replaced; AWS waits for the bake time before calling it done' },
  Successful: { color: 'green', word: 'successful', icon: <CheckCircleIcon />, meaning: 'every instance that needed it was replaced' },
  Failed: { color: 'red', word: 'failed', icon: <ExclamationCircleIcon />, meaning: 'the refresh stopped; instances may run different AMIs' },
  Cancelling: { color: 'orange', word: 'cancelling', icon: <InProgressIcon />, meaning: 'AWS is stopping the refresh after the instances in flight' },
  Cancelled: { color: 'orange', word: 'cancelled', icon: <BanIcon />, meaning: 'stopped before the end; instances replaced so far keep the new AMI' },
  RollbackInProgress: { color: 'purple', word: 'rolling back', icon: <UndoIcon />, meaning: 'replaced instances are being put back on the previous configuration' },
  RollbackSuccessful: { color: 'orange', word: 'rolled back', icon: <UndoIcon />, meaning: 'the group is back on the configuration it had before the refresh' },
  RollbackFailed: { color: 'red', word: 'rollback failed', icon: <ExclamationCircleIcon />, meaning: 'the rollback stopped; instances may run different AMIs' },
} satisfies Record<RefreshStatus, Look>;

export function refreshLook(status: string): Look {
  if (status in LOOKS) return LOOKS[status as RefreshStatus];
  return { color: 'grey', word: status, icon: <OutlinedQuestionCircleIcon />, meaning: 'a status the portal does not know' };
}

/** A refresh status as a word, an icon and a colour; the hover says what it means and, if AWS said, why. */
export function RefreshStatusLabel({ status, reason }: { status: string; reason?: string | null }) {
  const look = refreshLook(status);
  return (
    <Label color={look.color} icon={look.icon} isCompact data-status={status} title={reason ? `${look.meaning}. AWS: ${reason}` : look.meaning}>
      {look.word}
    </Label>
  );
}
