import { Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';
import type { HealthStatus, ReasonSeverity } from '@fleet/core';
import type { ReactNode } from 'react';

type Look = { color: 'green' | 'orange' | 'red' | 'grey'; icon: ReactNode };

export const STATUS_LOOKS: Record<HealthStatus, Look> = {
  healthy: { color: 'green', icon: <CheckCircleIcon /> },
  degraded: { color: 'orange', icon: <ExclamationTriangleIcon /> },
  unhealthy: { color: 'red', icon: <ExclamationCircleIcon /> },
  unknown: { color: 'grey', icon: <OutlinedQuestionCircleIcon /> },
};

/** Worst first, the order of every list of statuses. */
export const STATUSES_WORST_FIRST: HealthStatus[] = ['unhealthy', 'degraded', 'unknown', 'healthy'];

/** A node's derived status: colour, icon and the word. */
export function NodeStatusLabel({ status, children }: { status: HealthStatus; children?: ReactNode }) {
  const look = STATUS_LOOKS[status];
  return (
    <Label color={look.color} icon={look.icon} isCompact data-status={status}>
      {children ?? status}
    </Label>
  );
}

/** How bad one reason is: it takes its status's look, with the word. */
export function SeverityLabel({ severity }: { severity: ReasonSeverity }) {
  return <NodeStatusLabel status={severity}>{severity}</NodeStatusLabel>;
}
