'use client';

import { Button, Card, CardBody, CardTitle, Content, Flex, FlexItem } from '@patternfly/react-core';
import type { Me } from './session';
import { RoleLabel } from './RoleLabel';

interface DemoUsersProps {
  demo: NonNullable<Me['demo']>;
  /** The user being signed in as right now, to show which button is busy. */
  pendingUser: string | null;
  onChoose: (user: string) => void;
}

/** The embedded demo's users, one click each: a newcomer can try every role without reading the config. */
export function DemoUsers({ demo, pendingUser, onChoose }: DemoUsersProps) {
  return (
    <Card isFullHeight>
      <CardTitle component="h2">Demo users</CardTitle>
      <CardBody>
        <Content component="p">
          This portal runs the embedded demo. Each user below signs in with the shared password “{demo.password}”.
        </Content>
        <Flex direction={{ default: 'column' }} spaceItems={{ default: 'spaceItemsSm' }} role="list" aria-label="Demo users">
          {demo.users.map((user) => (
            <Flex key={user.name} role="listitem" alignItems={{ default: 'alignItemsCenter' }} spaceItems={{ default: 'spaceItemsMd' }}>
              <FlexItem>
                <Button
                  variant="secondary"
                  isDisabled={pendingUser !== null}
                  isLoading={pendingUser === user.name}
                  aria-label={`Sign in as ${user.name} (${user.role ?? 'no role'})`}
                  onClick={() => onChoose(user.name)}
                  style={{ minWidth: '7rem' }}
                >
                  {user.name}
                </Button>
              </FlexItem>
              <FlexItem>
                <RoleLabel role={user.role} />
              </FlexItem>
            </Flex>
          ))}
        </Flex>
      </CardBody>
    </Card>
  );
}
