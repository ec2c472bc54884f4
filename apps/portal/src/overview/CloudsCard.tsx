import { Card, CardBody, CardTitle, List, ListItem, Title } from '@patternfly/react-core';
import Link from 'next/link';
import { CloudStatusLabel } from '@/clouds/CloudStatusLabel';
import { RelativeTime } from '@/components/RelativeTime';
import type { Overview } from '@/trpc/types';

/** Each controller whose clouds the config declares: in sync, or drifted and one click from the resync. */
export function CloudsCard({ clouds }: { clouds: Overview['clouds'] }) {
  if (clouds.length === 0) return null;
  return (
    <Card data-testid="overview-clouds">
      <CardTitle>
        <Title headingLevel="h2" size="lg">
          <Link href="/clouds">Jenkins clouds</Link>
        </Title>
      </CardTitle>
      <CardBody>
        <List isPlain>
          {clouds.map((c) => (
            <ListItem key={c.controller}>
              <strong>{c.controller}</strong> <CloudStatusLabel status={c.status} drift={c.drift} />
              {c.orphans > 0 && (
                <span>
                  {' '}
                  · {c.orphans} agent{c.orphans === 1 ? '' : 's'} without a cloud
                </span>
              )}
              {c.changedAt && (
                <span className="pf-v6-u-text-color-subtle">
                  {' '}
                  · last changed <RelativeTime at={c.changedAt} />
                </span>
              )}
            </ListItem>
          ))}
        </List>
      </CardBody>
    </Card>
  );
}
