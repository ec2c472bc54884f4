'use client';

import { Breadcrumb, BreadcrumbItem, Checkbox, Content, EmptyState, EmptyStateBody, PageSection, Title, ToggleGroup, ToggleGroupItem, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { CheckCircleIcon } from '@patternfly/react-icons';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import { FindingsTable } from './FindingsTable';
import { FINDING_WORDS } from './reason-words';

type FindingKind = 'agent-without-instance' | 'instance-without-agent' | 'agent-offline-instance-healthy';
const KINDS = Object.keys(FINDING_WORDS) as FindingKind[];

/** The kind and whether resolved ones show live in the URL (`?kind=…&resolved=1`). */
function useFindingsFilter() {
  const params = useSearchParams();
  const pathname = usePathname();
  const kind = KINDS.find((k) => k === params.get('kind')) ?? null;
  const includeResolved = params.get('resolved') === '1';
  const update = (change: { kind?: FindingKind | null; includeResolved?: boolean }) => {
    const next = new URLSearchParams();
    const nextKind = change.kind === undefined ? kind : change.kind;
    if (nextKind) next.set('kind', nextKind);
    if (change.includeResolved ?? includeResolved) next.set('resolved', '1');
    const text = next.toString();
    window.history.pushState(null, '', `${pathname}${text ? `?${text}` : ''}`);
  };
  return { kind, includeResolved, update };
}

export function FindingsPage() {
  const trpc = useTRPC();
  const { kind, includeResolved, update } = useFindingsFilter();
  const findings = useQuery(trpc.nodes.findings.queryOptions({ ...(kind && { kind }), includeResolved }));

  let body;
  if (findings.isPending) body = <LoadingState what="the findings" />;
  else if (findings.isError) body = <ErrorState what="the findings" error={findings.error} onRetry={() => void findings.refetch()} />;
  else if (findings.data.items.length === 0) {
    body = (
      <EmptyState icon={CheckCircleIcon} titleText="AWS and Jenkins agree" headingLevel="h2" status="success">
        <EmptyStateBody>
          No {kind ? FINDING_WORDS[kind] : 'finding'} is open{includeResolved ? ' or was resolved recently' : ''}. Findings are only made while both Jenkins and EC2 are read:
          check the data sources above if you expected one.
        </EmptyStateBody>
      </EmptyState>
    );
  } else {
    const { items, total } = findings.data;
    body = (
      <>
        <FindingsTable findings={items} />
        {total > items.length && <p className="pf-v6-u-text-color-subtle pf-v6-u-mt-md">The first {items.length} of {total}.</p>}
      </>
    );
  }

  return (
    <>
      <PageSection>
        <Breadcrumb>
          <BreadcrumbItem render={({ className }) => <Link href="/nodes" className={className}>Nodes</Link>} />
          <BreadcrumbItem isActive>Findings</BreadcrumbItem>
        </Breadcrumb>
        <Title headingLevel="h1" className="pf-v6-u-mt-md">
          Findings
        </Title>
        <Content component="p">
          Where AWS and Jenkins disagree about the fleet: an agent left behind by an instance that is gone, an instance in service that never got an agent, an agent offline while
          its instance is healthy. Each lasts until the two agree again; the longest-standing first.
        </Content>
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <ToggleGroup aria-label="Kind of finding">
                <ToggleGroupItem text="All kinds" isSelected={kind === null} onChange={() => update({ kind: null })} />
                {KINDS.map((k) => (
                  <ToggleGroupItem key={k} text={FINDING_WORDS[k]} isSelected={kind === k} onChange={() => update({ kind: k })} />
                ))}
              </ToggleGroup>
            </ToolbarItem>
            <ToolbarItem alignSelf="center">
              <Checkbox id="findings-resolved" label="Include resolved" isChecked={includeResolved} onChange={(_event, checked) => update({ includeResolved: checked })} />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {body}
      </PageSection>
    </>
  );
}
