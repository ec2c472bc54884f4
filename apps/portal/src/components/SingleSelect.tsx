'use client';

import { MenuToggle, type MenuToggleElement, Select, SelectList, SelectOption } from '@patternfly/react-core';
import { type ReactNode, type Ref, useState } from 'react';

export interface SingleChoice<T extends string> {
  value: T;
  /** What the option shows; the toggle shows `word`. */
  label: ReactNode;
  word: string;
}

interface SingleSelectProps<T extends string> {
  /** Names the toggle for assistive technology: "Filter by outcome". */
  ariaLabel: string;
  /** What the toggle says when nothing is chosen: "Any outcome". */
  anyWord: string;
  choices: SingleChoice<T>[];
  value: T | null;
  onChange: (value: T | null) => void;
}

/** One value or none, from a short list: a filter such as the outcome or the source. */
export function SingleSelect<T extends string>({ ariaLabel, anyWord, choices, value, onChange }: SingleSelectProps<T>) {
  const [isOpen, setIsOpen] = useState(false);
  const chosen = choices.find((choice) => choice.value === value);
  const toggle = (ref: Ref<MenuToggleElement>) => (
    <MenuToggle ref={ref} onClick={() => setIsOpen((open) => !open)} isExpanded={isOpen} aria-label={ariaLabel} style={{ minWidth: '12rem' }}>
      {chosen ? chosen.word : anyWord}
    </MenuToggle>
  );
  return (
    <Select
      isOpen={isOpen}
      selected={value ?? ''}
      onSelect={(_event, next) => {
        const picked = choices.find((choice) => choice.value === String(next));
        onChange(picked ? picked.value : null);
        setIsOpen(false);
      }}
      onOpenChange={setIsOpen}
      toggle={toggle}
    >
      <SelectList aria-label={ariaLabel}>
        <SelectOption value="">{anyWord}</SelectOption>
        {choices.map((choice) => (
          <SelectOption key={choice.value} value={choice.value}>
            {choice.label}
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}
