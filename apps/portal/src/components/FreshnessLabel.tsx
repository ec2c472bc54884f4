import { Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, InProgressIcon } from '@patternfly/react-icons';
import type { FreshnessState } from '@fleet/core';
import type { ReactNode } from 'react';

const LOOKS: Record<FreshnessState, { color: 'green' | 'orange' | 'red' | 'grey'; word: string; icon: ReactNode }> = {
  fresh: { color: 'green', word: 'fresh', icon: <CheckCircleIcon /> },
  stale: { color: 'orange', word: 'stale', icon: <ExclamationTriangleIcon /> },
  failing: { color: 'red', word: 'failing', icon: <ExclamationCircleIcon /> },
  'never-synced': { color: 'grey', word: 'never synced', icon: <InProgressIcon /> },
};

interface FreshnessStateLabelProps {
  state: FreshnessState;
  children?: ReactNode;
  /** The age of the data, after the state word. */
  age?: ReactNode;
  title?: string;
  'data-source'?: string;
}

/** A source's freshness state: a colour, an icon and the word, never the colour alone. */
export function FreshnessStateLabel({ state, children, age, ...rest }: FreshnessStateLabelProps) {
  const look = LOOKS[state];
  return (
    <Label color={look.color} icon={look.icon} isCompact data-state={state} {...rest}>
      {children}
      <strong>{look.word}</strong>
      {age && <> · {age}</>}
    </Label>
  );
}
