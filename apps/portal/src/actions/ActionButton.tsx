'use client';

import { Button, type ButtonProps, Tooltip } from '@patternfly/react-core';
import { useId } from 'react';

interface ActionButtonProps {
  label: string;
  variant: ButtonProps['variant'];
  /** Why the button cannot be used now; the reason shows on hover and is read out by screen readers. */
  disabledBecause: string | null;
  isLoading?: boolean;
  onClick: () => void;
}

/**
 * A guarded action's button. Disabled buttons stay focusable (aria-disabled) so the reason can be
 * read on hover or focus, never a grey button that says nothing.
 */
export function ActionButton({ label, variant, disabledBecause, isLoading, onClick }: ActionButtonProps) {
  const describedBy = useId();
  const button = (
    <Button
      variant={variant}
      isAriaDisabled={disabledBecause !== null || isLoading}
      isLoading={isLoading}
      onClick={onClick}
      aria-describedby={disabledBecause ? describedBy : undefined}
    >
      {label}
    </Button>
  );
  if (!disabledBecause) return button;
  // One element, so a Flex around the buttons spaces this one like the others.
  return (
    <span>
      <Tooltip content={disabledBecause}>{button}</Tooltip>
      <span id={describedBy} hidden>
        {disabledBecause}
      </span>
    </span>
  );
}
