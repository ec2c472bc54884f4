'use client';

import { Badge, MenuToggle, type MenuToggleElement, Select, SelectList, SelectOption } from '@patternfly/react-core';
import { type Ref, useState } from 'react';

export interface CheckboxOption {
  value: string;
  description?: string;
}

interface CheckboxSelectProps {
  /** What is chosen, e.g. "Worker type"; also names the toggle for assistive technology. */
  label: string;
  options: CheckboxOption[];
  selected: string[];
  onToggle: (value: string) => void;
}

/** A multi-select of checkboxes that stays open while several values are picked. */
export function CheckboxSelect({ label, options, selected, onToggle }: CheckboxSelectProps) {
  const [isOpen, setIsOpen] = useState(false);
  const toggle = (ref: Ref<MenuToggleElement>) => (
    <MenuToggle
      ref={ref}
      onClick={() => setIsOpen((open) => !open)}
      isExpanded={isOpen}
      aria-label={`Filter by ${label.toLowerCase()}`}
      badge={selected.length > 0 ? <Badge isRead>{selected.length}</Badge> : undefined}
      style={{ minWidth: '12rem' }}
    >
      {label}
    </MenuToggle>
  );
  return (
    <Select
      role="menu"
      isOpen={isOpen}
      selected={selected}
      onSelect={(_event, value) => onToggle(String(value))}
      onOpenChange={setIsOpen}
      toggle={toggle}
    >
      <SelectList aria-label={label}>
        {options.map((option) => (
          <SelectOption key={option.value} value={option.value} hasCheckbox isSelected={selected.includes(option.value)} description={option.description}>
            {option.value}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}
