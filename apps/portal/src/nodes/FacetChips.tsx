import { Label, LabelGroup } from '@patternfly/react-core';
import type { HealthStatus } from '@fleet/core';
import { toggled } from '@/components/filters/url-filter';
import type { NodeFacets } from '@/trpc/types';
import { STATUS_LOOKS, STATUSES_WORST_FIRST } from './NodeStatusLabel';
import styles from './nodes.module.css';
import { reasonWords } from './reason-words';
import type { NodeFilter } from './useNodeFilter';

interface FacetChipsProps {
  facets: NodeFacets;
  filter: NodeFilter;
  update: (change: Partial<NodeFilter>) => void;
}

/**
 * The statuses and reasons of the nodes under the other filters, with their counts: one click adds
 * or removes one, so "unhealthy rhel8 builders with a full disk" is the overview's count, then here.
 */
export function FacetChips({ facets, filter, update }: FacetChipsProps) {
  const statusCount = (status: HealthStatus) => facets.statuses.find((s) => s.value === status)?.count ?? 0;
  return (
    <div className={styles.facets} data-testid="node-facets">
      <LabelGroup categoryName="Status" numLabels={4} aria-label="Filter by status">
        {STATUSES_WORST_FIRST.map((status) => {
          const chosen = filter.status.includes(status);
          return (
            <Label
              key={status}
              color={STATUS_LOOKS[status].color}
              icon={STATUS_LOOKS[status].icon}
              variant={chosen ? 'filled' : 'outline'}
              onClick={() => update({ status: toggled(filter.status, status) as HealthStatus[] })}
              aria-pressed={chosen}
              data-facet-status={status}
            >
              {status} {statusCount(status)}
            </Label>
          );
        })}
      </LabelGroup>
      <LabelGroup categoryName="Reasons" numLabels={8} aria-label="Filter by reason" collapsedText="${remaining} more" expandedText="Show fewer">
        {facets.reasons.length === 0 && <Label isCompact variant="outline">none</Label>}
        {facets.reasons.map(({ value, count }) => {
          const chosen = (filter.reason as string[]).includes(value);
          return (
            <Label
              key={value}
              color={chosen ? 'blue' : 'grey'}
              variant={chosen ? 'filled' : 'outline'}
              onClick={() => update({ reason: toggled(filter.reason, value) as NodeFilter['reason'] })}
              aria-pressed={chosen}
              data-facet-reason={value}
              title={value}
            >
              {reasonWords(value)} {count}
            </Label>
          );
        })}
      </LabelGroup>
    </div>
  );
}
