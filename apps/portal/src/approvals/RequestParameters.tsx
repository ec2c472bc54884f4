'use client';

import { List, ListItem } from '@patternfly/react-core';
import styles from '@/audit/audit.module.css';
import { parameterLines } from './request-parameters';

/** What a request asked for beyond its target (a refresh's preferences), one setting a line. */
export function RequestParameters({ parameters }: { parameters: unknown }) {
  const lines = parameterLines(parameters);
  if (lines.length === 0) return <span className={styles.note}>none</span>;
  return (
    <List isPlain className={`pf-v6-u-font-size-sm ${styles.tight}`} data-testid="request-parameters">
      {lines.map((line) => (
        <ListItem key={line.label}>
          {line.label}: <strong>{line.value}</strong>
        </ListItem>
      ))}
    </List>
  );
}
