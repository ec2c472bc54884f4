import { Label } from '@patternfly/react-core';
import { BanIcon, CheckCircleIcon, ExclamationCircleIcon, OutlinedQuestionCircleIcon, PendingIcon, ThumbsUpIcon, TimesCircleIcon } from '@patternfly/react-icons';
import type { AuditOutcome } from '@fleet/core';
import type { ReactNode } from 'react';

interface Look {
  color: 'blue' | 'teal' | 'green' | 'orange' | 'orangered' | 'red' | 'grey';
  word: string;
  icon: ReactNode;
  meaning: string;
}

// A refusal is the guard doing its job (orange); a failure is something that went wrong (red).
const LOOKS = {
  allowed: { color: 'green', word: 'allowed', icon: <CheckCircleIcon />, meaning: 'the guard let the attempt through' },
  succeeded: { color: 'green', word: 'succeeded', icon: <CheckCircleIcon />, meaning: 'it was done' },
  denied: { color: 'orange', word: 'denied', icon: <BanIcon />, meaning: 'the guard refused it; the error says which check and why' },
  failed: { color: 'red', word: 'failed', icon: <ExclamationCircleIcon />, meaning: 'it was let through but did not work' },
  'pending-approval': { color: 'blue', word: 'waiting for approval', icon: <PendingIcon />, meaning: 'a four-eyes action waits for a second person' },
  approved: { color: 'teal', word: 'approved', icon: <ThumbsUpIcon />, meaning: 'a second person approved the request; it runs next' },
  rejected: { color: 'orangered', word: 'rejected', icon: <TimesCircleIcon />, meaning: 'the request was turned down or withdrawn' },
} satisfies Record<AuditOutcome, Look>;

export const AUDIT_OUTCOME_VALUES = Object.keys(LOOKS) as AuditOutcome[];

export function isAuditOutcome(value: string | null): value is AuditOutcome {
  return value !== null && value in LOOKS;
}

export function outcomeWord(outcome: AuditOutcome): string {
  return LOOKS[outcome].word;
}

/** An outcome as a word, an icon and a colour; the hover says what it means. */
export function OutcomeLabel({ outcome }: { outcome: string }) {
  const look: Look = isAuditOutcome(outcome)
    ? LOOKS[outcome]
    : { color: 'grey', word: outcome, icon: <OutlinedQuestionCircleIcon />, meaning: 'an outcome this portal does not know' };
  return (
    <Label color={look.color} icon={look.icon} isCompact title={look.meaning} data-outcome={outcome}>
      {look.word}
    </Label>
  );
}
