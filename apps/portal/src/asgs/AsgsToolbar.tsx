'use client';

import { Checkbox, Flex, Toolbar, ToolbarContent, ToolbarFilter, ToolbarGroup, ToolbarItem, ToolbarToggleGroup } from '@patternfly/react-core';
import { FilterIcon } from '@patternfly/react-icons';
import { MultiSelectFilter } from '@/components/filters/MultiSelectFilter';
import type { FleetSettings } from '@/trpc/types';
import type { AsgFilter } from './useAsgFilter';

interface AsgsToolbarProps {
  filter: AsgFilter;
  settings: FleetSettings | undefined;
  shown: number;
  total: number;
  update: (change: Partial<AsgFilter>) => void;
  clearAll: () => void;
}

const DRIFTED = 'drifted only';
const REFRESHING = 'refreshing';

export function AsgsToolbar({ filter, settings, shown, total, update, clearAll }: AsgsToolbarProps) {
  const workerTypeOptions = (settings?.workerTypes ?? []).map((w) => ({ value: w.key, description: `${w.baseOs} × ${w.role}` }));
  const flags = [filter.drifted && DRIFTED, filter.refreshing && REFRESHING].filter((flag) => flag !== false);
  const clearFlag = (flag: string) => update(flag === DRIFTED ? { drifted: false } : { refreshing: false });
  return (
    <Toolbar clearAllFilters={clearAll} collapseListedFiltersBreakpoint="xl" clearFiltersButtonText="Clear all filters">
      <ToolbarContent>
        <ToolbarToggleGroup toggleIcon={<FilterIcon />} breakpoint="xl">
          <ToolbarGroup variant="filter-group">
            <MultiSelectFilter category="Worker type" options={workerTypeOptions} selected={filter.workerTypes} onChange={(workerTypes) => update({ workerTypes })} />
            <ToolbarFilter
              categoryName="Show"
              labels={flags}
              deleteLabel={(_category, label) => clearFlag(String(label))}
              deleteLabelGroup={() => update({ drifted: false, refreshing: false })}
            >
              <Flex spaceItems={{ default: 'spaceItemsLg' }} alignSelf={{ default: 'alignSelfCenter' }}>
                <Checkbox
                  id="asgs-drifted"
                  label="Drifted only"
                  isChecked={filter.drifted}
                  onChange={(_event, checked) => update({ drifted: checked })}
                />
                <Checkbox
                  id="asgs-refreshing"
                  label="Refreshing now"
                  isChecked={filter.refreshing}
                  onChange={(_event, checked) => update({ refreshing: checked })}
                />
              </Flex>
            </ToolbarFilter>
          </ToolbarGroup>
        </ToolbarToggleGroup>
        <ToolbarItem align={{ default: 'alignEnd' }} alignSelf="center">
          <span className="pf-v6-u-text-color-subtle" aria-live="polite">
            {shown === total ? `${total} ${total === 1 ? 'group' : 'groups'}` : `${shown} of ${total} groups`}
          </span>
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
