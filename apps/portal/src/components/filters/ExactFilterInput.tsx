'use client';

import { SearchInput } from '@patternfly/react-core';
import { useState } from 'react';

/** Applies on Enter: the API matches whole values, so filtering on every key press would only flash "no match". */
export function ExactFilterInput({ value, category, placeholder, onApply }: { value: string; category: string; placeholder: string; onApply: (value: string) => void }) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // The URL changed under us (a chip removed, a cell clicked, the back button): show what it says.
    setLastValue(value);
    setText(value);
  }
  return (
    <SearchInput
      aria-label={`Filter by ${category.toLowerCase()}`}
      placeholder={placeholder}
      value={text}
      onChange={(_event, next) => setText(next)}
      onSearch={(_event, next) => onApply(next.trim())}
      onClear={() => {
        setText('');
        onApply('');
      }}
    />
  );
}
