'use client';

import { ExpandableSection } from '@patternfly/react-core';
import { useState } from 'react';

/**
 * The config's reasons behind a refusal (which policy decided, which default applied), folded
 * away under the plain words: for whoever debugs the access policy, not for every reader.
 */
export function RefusalWhy({ detail }: { detail: string | null | undefined }) {
  const [open, setOpen] = useState(false);
  if (!detail) return null;
  return (
    <ExpandableSection
      toggleText={open ? 'Hide the policy behind this' : 'Why: the policy behind this'}
      isExpanded={open}
      onToggle={(_event, expanded) => setOpen(expanded)}
      isIndented
      className="pf-v6-u-font-size-sm"
      data-testid="refusal-why"
    >
      {detail}
    </ExpandableSection>
  );
}
