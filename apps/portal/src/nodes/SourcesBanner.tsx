import { Alert, Stack, StackItem } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/RelativeTime';
import type { NodeSourcesView } from '@/trpc/types';

type SourceKey = keyof NodeSourcesView;

const SOURCES: Record<SourceKey, { name: string; covers: string; configure: ReactNode }> = {
  prometheus: {
    name: 'Prometheus',
    covers: 'disk, inodes, load and memory are unknown',
    configure: (
      <>
        Set <code>prometheus.url</code> in the config to the Prometheus that scrapes the nodes&apos; node-exporter.
      </>
    ),
  },
  jenkins: {
    name: 'Jenkins',
    covers: 'agent states and executors are unknown',
    configure: (
      <>
        Set <code>jenkins.url</code> (and <code>jenkins.user</code> with its API token) in the config.
      </>
    ),
  },
  ec2Status: {
    name: 'EC2 status checks',
    covers: 'status checks and scheduled events are unknown',
    configure: (
      <>
        List the production accounts under <code>aws.productionAccounts</code> in the config.
      </>
    ),
  },
  health: {
    name: 'Node health evaluation',
    covers: 'statuses are not derived yet',
    configure: 'It runs in the sync worker: start it (npm run worker).',
  },
};

const ORDER: SourceKey[] = ['health', 'ec2Status', 'jenkins', 'prometheus'];

function SourceAlert({ source, view }: { source: SourceKey; view: NodeSourcesView[SourceKey] }) {
  const { name, covers, configure } = SOURCES[source];
  if (view.state === 'not-configured') {
    return (
      <Alert isInline variant="warning" title={`${name} is not configured: ${covers}`} data-source={source} data-state={view.state}>
        Nodes show those signals as unknown rather than healthy. {configure}
      </Alert>
    );
  }
  if (view.state === 'never-synced') {
    return (
      <Alert isInline variant="info" title={`${name} has not been read yet: ${covers}`} data-source={source} data-state={view.state}>
        The first sync has not finished; this page refreshes by itself.
      </Alert>
    );
  }
  return (
    <Alert isInline variant="danger" title={`${name} is failing: ${covers} once its last data goes stale`} data-source={source} data-state={view.state}>
      <p>{view.error?.message ?? 'The last read failed without a message.'}</p>
      <p>
        {view.lastSuccessAt ? (
          <>
            Last good read <RelativeTime at={view.lastSuccessAt} withAbsolute />; signals older than the stale limit show as stale.
          </>
        ) : (
          'Nothing has been read from it yet.'
        )}
      </p>
    </Alert>
  );
}

/** Which sources of node signals are missing or failing, and what that leaves unknown. Nothing when all are well. */
export function SourcesBanner({ sources }: { sources: NodeSourcesView }) {
  const troubled = ORDER.filter((key) => sources[key].state !== 'ok');
  if (troubled.length === 0) return null;
  return (
    <Stack hasGutter className="pf-v6-u-mb-md" data-testid="node-sources">
      {troubled.map((key) => (
        <StackItem key={key}>
          <SourceAlert source={key} view={sources[key]} />
        </StackItem>
      ))}
    </Stack>
  );
}
