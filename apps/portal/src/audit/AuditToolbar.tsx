'use client';

import {
  MenuToggle,
  type MenuToggleElement,
  Select,
  SelectList,
  SelectOption,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarFilter,
  ToolbarGroup,
  ToolbarItem,
  ToolbarToggleGroup,
} from '@patternfly/react-core';
import { FilterIcon } from '@patternfly/react-icons';
import type { AuditOutcome } from '@fleet/core';
import { type Ref, useState } from 'react';
import { ExactFilterInput } from '@/components/filters/ExactFilterInput';
import { AUDIT_OUTCOME_VALUES, OutcomeLabel, outcomeWord } from './OutcomeLabel';
import type { AuditFilter, TextFilterKey } from './useAuditFilter';

const TEXT_FIELDS: { key: Exclude<TextFilterKey, 'correlationId'>; category: string; placeholder: string }[] = [
  { key: 'user', category: 'User', placeholder: 'User, e.g. oscar' },
  { key: 'action', category: 'Action', placeholder: 'Action, e.g. auth.signIn' },
  { key: 'target', category: 'Target', placeholder: 'Target, e.g. a group name' },
];

function OutcomeSelect({ value, onChange }: { value: AuditOutcome | null; onChange: (value: AuditOutcome | null) => void }) {
  const [isOpen, setIsOpen] = useState(false);
  const toggle = (ref: Ref<MenuToggleElement>) => (
    <MenuToggle ref={ref} onClick={() => setIsOpen((open) => !open)} isExpanded={isOpen} aria-label="Filter by outcome" style={{ minWidth: '12rem' }}>
      {value ? outcomeWord(value) : 'Any outcome'}
    </MenuToggle>
  );
  return (
    <Select
      isOpen={isOpen}
      selected={value ?? ''}
      onSelect={(_event, next) => {
        onChange(next ? (String(next) as AuditOutcome) : null);
        setIsOpen(false);
      }}
      onOpenChange={setIsOpen}
      toggle={toggle}
    >
      <SelectList aria-label="Outcome">
        <SelectOption value="">Any outcome</SelectOption>
        {AUDIT_OUTCOME_VALUES.map((outcome) => (
          <SelectOption key={outcome} value={outcome}>
            <OutcomeLabel outcome={outcome} />
          </SelectOption>
        ))}
      </SelectList>
    </Select>
  );
}

interface AuditToolbarProps {
  filter: AuditFilter;
  isFetching: boolean;
  update: (change: Partial<AuditFilter>) => void;
  clearAll: () => void;
}

export function AuditToolbar({ filter, isFetching, update, clearAll }: AuditToolbarProps) {
  return (
    <Toolbar clearAllFilters={clearAll} collapseListedFiltersBreakpoint="xl" clearFiltersButtonText="Clear all filters">
      <ToolbarContent>
        <ToolbarToggleGroup toggleIcon={<FilterIcon />} breakpoint="xl">
          <ToolbarGroup variant="filter-group">
            {TEXT_FIELDS.map(({ key, category, placeholder }) => (
              <ToolbarFilter key={key} categoryName={category} labels={filter[key] ? [filter[key]] : []} deleteLabel={() => update({ [key]: '' })}>
                <ExactFilterInput value={filter[key]} category={category} placeholder={placeholder} onApply={(value) => update({ [key]: value })} />
              </ToolbarFilter>
            ))}
            <ToolbarFilter categoryName="Outcome" labels={filter.outcome ? [outcomeWord(filter.outcome)] : []} deleteLabel={() => update({ outcome: null })}>
              <OutcomeSelect value={filter.outcome} onChange={(outcome) => update({ outcome })} />
            </ToolbarFilter>
            {/* Set by a row's "Show this action's events"; it has no input of its own, only its chip. */}
            <ToolbarFilter
              categoryName="Correlation id"
              labels={filter.correlationId ? [filter.correlationId] : []}
              deleteLabel={() => update({ correlationId: '' })}
              showToolbarItem={false}
            >
              {null}
            </ToolbarFilter>
          </ToolbarGroup>
        </ToolbarToggleGroup>
        {isFetching && (
          <ToolbarItem alignSelf="center">
            <Spinner size="md" aria-label="Loading the events for this filter" />
          </ToolbarItem>
        )}
      </ToolbarContent>
    </Toolbar>
  );
}
