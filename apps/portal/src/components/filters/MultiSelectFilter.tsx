'use client';

import { ToolbarFilter } from '@patternfly/react-core';
import { type CheckboxOption, CheckboxSelect } from '@/components/CheckboxSelect';
import { toggled } from './url-filter';

interface MultiSelectFilterProps {
  /** Names the chips' group and the select, e.g. "Worker type". */
  category: string;
  options: CheckboxOption[];
  selected: string[];
  onChange: (values: string[]) => void;
}

/** A toolbar filter of several values: a checkbox select, and a chip per chosen value that removes it. */
export function MultiSelectFilter({ category, options, selected, onChange }: MultiSelectFilterProps) {
  return (
    <ToolbarFilter
      categoryName={category}
      labels={selected}
      deleteLabel={(_category, label) => onChange(selected.filter((value) => value !== label))}
      deleteLabelGroup={() => onChange([])}
    >
      <CheckboxSelect label={category} options={options} selected={selected} onToggle={(value) => onChange(toggled(selected, value))} />
    </ToolbarFilter>
  );
}
