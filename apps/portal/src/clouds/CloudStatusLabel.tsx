import { Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, InProgressIcon, MinusCircleIcon } from '@patternfly/react-icons';
import type { ReactNode } from 'react';
import type { CloudsController } from '@/trpc/types';

type Status = CloudsController['status'];

const LOOKS: Record<Status, { color: 'green' | 'orange' | 'red' | 'grey'; icon: ReactNode; meaning: string }> = {
  'in-sync': { color: 'green', icon: <CheckCircleIcon />, meaning: 'the controller has exactly the declared EC2 Fleet clouds' },
  drifted: { color: 'orange', icon: <ExclamationTriangleIcon />, meaning: 'the controller differs from the declaration: a resync sets it right' },
  'not-read': { color: 'grey', icon: <InProgressIcon />, meaning: 'the clouds sync has not read this controller yet' },
  unreadable: { color: 'red', icon: <ExclamationCircleIcon />, meaning: 'the last read could not be understood' },
  'not-managed': { color: 'grey', icon: <MinusCircleIcon />, meaning: 'the config declares no clouds for this controller, so the portal leaves them alone' },
};

/** A controller's clouds against the config: a colour, an icon and words, never the colour alone. */
export function CloudStatusLabel({ status, drift }: { status: Status; drift: number }) {
  const look = LOOKS[status];
  const word = status === 'drifted' ? `${drift} cloud${drift === 1 ? '' : 's'} drifted` : status === 'in-sync' ? 'in sync' : status === 'not-read' ? 'not read yet' : status === 'unreadable' ? 'unreadable' : 'not managed';
  return (
    <Label color={look.color} icon={look.icon} title={look.meaning} data-clouds-status={status}>
      {word}
    </Label>
  );
}
