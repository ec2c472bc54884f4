'use client';

import { Alert, Card, CardBody, CardTitle, EmptyState, EmptyStateBody, Grid, GridItem, LoginForm, PageSection, Title } from '@patternfly/react-core';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ErrorState, LoadingState } from '@/components/states';
import { refusalMessage } from '@/trpc/refusal';
import { DemoUsers } from './DemoUsers';
import { safeNextPath } from './next-path';
import { useMe, userWords, useSignIn } from './session';

export function SignInPage() {
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const me = useMe();
  const signIn = useSignIn();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');

  const submit = (credentials: { user: string; password: string }) => {
    signIn.mutate(credentials, { onSuccess: () => router.replace(next) });
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit({ user: user.trim(), password });
  };

  if (me.isPending) return <LoadingState what="the sign-in" />;
  if (me.isError) return <ErrorState what="the sign-in" error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data.canSignIn) {
    return (
      <PageSection>
        <EmptyState titleText="This portal signs in through its auth proxy" headingLevel="h1">
          <EmptyStateBody>Open the portal through the proxy’s address; it tells the portal who you are. There is no password to type here.</EmptyStateBody>
        </EmptyState>
      </PageSection>
    );
  }

  const demo = me.data.demo;
  const pendingUser = signIn.isPending ? (signIn.variables?.user ?? null) : null;
  return (
    <PageSection>
      <Grid hasGutter style={{ maxWidth: '56rem', marginInline: 'auto' }}>
        <GridItem md={demo ? 7 : 12}>
          <Card isFullHeight>
            <CardTitle>
              <Title headingLevel="h1" size="2xl">
                Sign in to Fleet Portal
              </Title>
            </CardTitle>
            <CardBody>
              {me.data.signedIn && (
                <Alert variant="info" isInline isPlain title={`You are signed in as ${userWords(me.data)}.`} className="pf-v6-u-mb-md">
                  Signing in as someone else replaces that session. <Link href={next}>Go back</Link>
                </Alert>
              )}
              {signIn.isError && (
                <Alert variant="danger" isInline title="Sign-in failed" className="pf-v6-u-mb-md" data-testid="signin-error">
                  {refusalMessage(signIn.error)}
                </Alert>
              )}
              <LoginForm
                onSubmit={onSubmit}
                usernameLabel="User name"
                usernameValue={user}
                onChangeUsername={(_event, value) => setUser(value)}
                isValidUsername={!signIn.isError}
                passwordValue={password}
                onChangePassword={(_event, value) => setPassword(value)}
                isValidPassword={!signIn.isError}
                isShowPasswordEnabled
                loginButtonLabel={signIn.isPending ? 'Signing in…' : 'Sign in'}
                isLoginButtonDisabled={signIn.isPending || user.trim() === '' || password === ''}
              />
            </CardBody>
          </Card>
        </GridItem>
        {demo && (
          <GridItem md={5}>
            <DemoUsers demo={demo} pendingUser={pendingUser} onChoose={(name) => submit({ user: name, password: demo.password })} />
          </GridItem>
        )}
      </Grid>
    </PageSection>
  );
}
