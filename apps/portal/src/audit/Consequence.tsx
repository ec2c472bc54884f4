import type { AttemptView } from '@fleet/api';
import { Label } from '@patternfly/react-core';
import Link from 'next/link';
import { asgHref } from '@/components/links';
import styles from './audit.module.css';

type Consequence = NonNullable<AttemptView['consequence']>;

const REFRESH_COLORS: Record<string, 'green' | 'red' | 'orange' | 'blue' | 'grey'> = {
  Successful: 'green',
  Failed: 'red',
  Cancelled: 'orange',
  RollbackSuccessful: 'orange',
  RollbackFailed: 'red',
};

function buildWord(build: NonNullable<Consequence['build']>): { word: string; color: 'green' | 'red' | 'orange' | 'blue' | 'grey' } {
  if (build.building) return { word: 'building', color: 'blue' };
  if (build.number === null) return { word: build.queueState ?? 'queued', color: 'blue' };
  if (build.result === 'SUCCESS') return { word: 'succeeded', color: 'green' };
  if (build.result === 'ABORTED') return { word: 'aborted', color: 'orange' };
  return { word: build.result?.toLowerCase() ?? 'unknown', color: build.result ? 'red' : 'grey' };
}

/** What an attempt set going at its source, and how that went: the AWS refresh, the Jenkins build. */
export function ConsequenceCell({ consequence }: { consequence: AttemptView['consequence'] }) {
  if (!consequence || (!consequence.refresh && !consequence.build)) return <span className={styles.note}>—</span>;
  const { refresh, build } = consequence;
  return (
    <div className={styles.stacked}>
      {refresh && (
        <span data-testid="caused-refresh" title={`instance refresh ${refresh.id}`}>
          refresh <Link href={asgHref(refresh.asgName)}>{refresh.id.slice(0, 8)}</Link>{' '}
          <Label isCompact color={REFRESH_COLORS[refresh.status] ?? 'blue'}>
            {refresh.status}
            {refresh.percentageComplete !== null && refresh.status !== 'Successful' ? ` ${refresh.percentageComplete}%` : ''}
          </Label>
        </span>
      )}
      {build && (
        <span data-testid="caused-build" title={`Jenkins build ${build.id}`}>
          {build.job}
          {build.number !== null ? ` #${build.number}` : ''} <Label isCompact color={buildWord(build).color}>{buildWord(build).word}</Label>
        </span>
      )}
    </div>
  );
}
