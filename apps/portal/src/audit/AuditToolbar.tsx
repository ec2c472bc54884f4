'use client';

import { DatePicker, Spinner, Switch, Toolbar, ToolbarContent, ToolbarFilter, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { ExactFilterInput } from '@/components/filters/ExactFilterInput';
import { SingleSelect } from '@/components/SingleSelect';
import { AUDIT_OUTCOME_VALUES, OutcomeLabel, outcomeWord } from './OutcomeLabel';
import { SOURCE_WORDS, SourceLabel } from './SourceLabel';
import type { AuditFilter, AuditSource } from './useAuditFilter';

const TEXT_FIELDS = [
  { key: 'user', category: 'User', placeholder: 'User, e.g. oscar' },
  { key: 'action', category: 'Action', placeholder: 'Action, e.g. asg.refresh.start' },
  { key: 'target', category: 'Target', placeholder: 'Target, e.g. a group name' },
  { key: 'search', category: 'Reason', placeholder: 'Words of the reason' },
] as const;

const OUTCOMES = AUDIT_OUTCOME_VALUES.map((outcome) => ({ value: outcome, word: outcomeWord(outcome), label: <OutcomeLabel outcome={outcome} /> }));
const SOURCES = (Object.keys(SOURCE_WORDS) as AuditSource[]).map((source) => ({ value: source, word: SOURCE_WORDS[source], label: <SourceLabel source={source} /> }));

interface AuditToolbarProps {
  filter: AuditFilter;
  isFetching: boolean;
  update: (change: Partial<AuditFilter>) => void;
  clearAll: () => void;
}

function DayFilter({ which, value, update }: { which: 'from' | 'to'; value: string; update: AuditToolbarProps['update'] }) {
  const words = which === 'from' ? 'From day' : 'To day (included)';
  return (
    <ToolbarFilter categoryName={words} labels={value ? [value] : []} deleteLabel={() => update({ [which]: '' })}>
      <DatePicker
        value={value}
        placeholder="YYYY-MM-DD"
        aria-label={`Filter ${which === 'from' ? 'from' : 'to'} day`}
        onChange={(_event, text) => {
          if (text === '' || /^\d{4}-\d{2}-\d{2}$/.test(text)) update({ [which]: text });
        }}
      />
    </ToolbarFilter>
  );
}

export function AuditToolbar({ filter, isFetching, update, clearAll }: AuditToolbarProps) {
  // Two rows: what was done and by whom, then how it ended, where and when.
  return (
    <Toolbar clearAllFilters={clearAll} clearFiltersButtonText="Clear all filters">
      <ToolbarContent>
        <ToolbarGroup variant="filter-group">
          {TEXT_FIELDS.map(({ key, category, placeholder }) => (
            <ToolbarFilter key={key} categoryName={category} labels={filter[key] ? [filter[key]] : []} deleteLabel={() => update({ [key]: '' })}>
              <ExactFilterInput value={filter[key]} category={category} placeholder={placeholder} onApply={(value) => update({ [key]: value })} />
            </ToolbarFilter>
          ))}
        </ToolbarGroup>
      </ToolbarContent>
      <ToolbarContent>
        <ToolbarGroup variant="filter-group">
          <ToolbarFilter categoryName="Outcome" labels={filter.outcome ? [outcomeWord(filter.outcome)] : []} deleteLabel={() => update({ outcome: null })}>
            <SingleSelect ariaLabel="Filter by outcome" anyWord="Any outcome" choices={OUTCOMES} value={filter.outcome} onChange={(outcome) => update({ outcome })} />
          </ToolbarFilter>
          <ToolbarFilter categoryName="Where" labels={filter.source ? [SOURCE_WORDS[filter.source]] : []} deleteLabel={() => update({ source: null })}>
            <SingleSelect ariaLabel="Filter by where it happened" anyWord="In the portal or outside" choices={SOURCES} value={filter.source} onChange={(source) => update({ source })} />
          </ToolbarFilter>
          <DayFilter which="from" value={filter.from} update={update} />
          <DayFilter which="to" value={filter.to} update={update} />
          {/* Set by "See its audit trail" links; it has no input of its own, only its chip. */}
          <ToolbarFilter categoryName="Correlation id" labels={filter.correlationId ? [filter.correlationId] : []} deleteLabel={() => update({ correlationId: '' })} showToolbarItem={false}>
            {null}
          </ToolbarFilter>
        </ToolbarGroup>
        <ToolbarItem alignSelf="center">
          <Switch id="audit-noise" label="Show sign-ins" isChecked={filter.noise} onChange={(_event, noise) => update({ noise })} />
        </ToolbarItem>
        {isFetching && (
          <ToolbarItem alignSelf="center">
            <Spinner size="md" aria-label="Loading the attempts for this filter" />
          </ToolbarItem>
        )}
      </ToolbarContent>
    </Toolbar>
  );
}
