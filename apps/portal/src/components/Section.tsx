import { Card, CardBody, CardTitle, StackItem, Title } from '@patternfly/react-core';
import type { ReactNode } from 'react';

/** One titled card of a detail page's stack. */
export function Section({ title, isCompact = false, children }: { title: string; isCompact?: boolean; children: ReactNode }) {
  return (
    <StackItem>
      <Card isCompact={isCompact}>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            {title}
          </Title>
        </CardTitle>
        <CardBody>{children}</CardBody>
      </Card>
    </StackItem>
  );
}
