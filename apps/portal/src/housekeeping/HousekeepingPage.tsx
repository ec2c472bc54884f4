'use client';

import { Content, ExpandableSection, Flex, FlexItem, PageSection, Stack, Title } from '@patternfly/react-core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import type { HousekeepingJobView } from '@/trpc/types';
import { HostMatrix } from './HostMatrix';
import { RunHousekeepingButton } from './RunHousekeepingButton';
import { recapWords, RunsTable } from './RunsTable';

function JobSection({ job }: { job: HousekeepingJobView }) {
  const [showMatrix, setShowMatrix] = useState(true);
  const last = job.runs.find((run) => run.recap);
  return (
    <Section title={`${job.job} on ${job.controller}`}>
      <Flex alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mb-md">
        <FlexItem>
          {job.description && <p>{job.description}</p>}
          <p className="pf-v6-u-text-color-subtle" data-testid="housekeeping-last">
            {last ? `Last finished run: ${recapWords(last)}.` : 'No finished run yet.'}{' '}
            <a href={job.url} target="_blank" rel="noreferrer">
              The job in Jenkins <ExternalLinkAltIcon />
            </a>
          </p>
        </FlexItem>
        <FlexItem align={{ default: 'alignRight' }}>
          <RunHousekeepingButton controller={job.controller} job={job.job} label="Run now" variant="primary" />
        </FlexItem>
      </Flex>
      {job.runs.length === 0 ? <p>The portal has seen no run of this job yet.</p> : <RunsTable runs={job.runs} />}
      <ExpandableSection toggleText={showMatrix ? 'Hide the hosts of the last runs' : 'Show the hosts of the last runs'} isExpanded={showMatrix} onToggle={(_event, open) => setShowMatrix(open)} className="pf-v6-u-mt-md">
        <HostMatrix controller={job.controller} job={job.job} />
      </ExpandableSection>
    </Section>
  );
}

/** Every housekeeping job the config names, with its runs and which hosts it reached. */
export function HousekeepingPage() {
  const trpc = useTRPC();
  const jobs = useQuery(trpc.housekeeping.jobs.queryOptions(undefined, { refetchInterval: 10_000 }));
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Housekeeping</Title>
        <Content component="p">Ansible playbooks run from Jenkins against the fleet (the aws_ec2 inventory): did the last run reach every node, what did it change, and which nodes keep failing.</Content>
      </PageSection>
      <PageSection>
        {jobs.isPending ? (
          <LoadingState what="the housekeeping jobs" />
        ) : jobs.isError ? (
          <ErrorState what="the housekeeping jobs" error={jobs.error} onRetry={() => void jobs.refetch()} />
        ) : jobs.data.length === 0 ? (
          <p>No controller in the config has housekeeping jobs (jenkins.controllers[].housekeeping).</p>
        ) : (
          <Stack hasGutter>
            {jobs.data.map((job) => (
              <JobSection key={`${job.controller}/${job.job}`} job={job} />
            ))}
          </Stack>
        )}
      </PageSection>
    </>
  );
}
