'use client';

import { Button, Flex, FlexItem, HelperText, HelperTextItem } from '@patternfly/react-core';
import { OutlinedUserIcon, SignOutAltIcon } from '@patternfly/react-icons';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { errorMessage } from '@/trpc/errors';
import { signInHref } from './next-path';
import { type Me, useMe, userWords, useSignOut } from './session';

function SignInLink({ search = '' }: { search?: string }) {
  const path = usePathname() ?? '/';
  return <Link href={signInHref(search ? `${path}?${search}` : path)}>Sign in</Link>;
}

/** Comes back to the same filtered view after signing in; reading the query string needs a Suspense boundary in Next. */
function SignInLinkHere() {
  const params = useSearchParams();
  return <SignInLink search={params.toString()} />;
}

function Guest({ me }: { me: Me }) {
  // Anonymous viewing off, or identity headers refused: say why, since nothing on the page will show.
  const who = me.role ? 'Viewing as guest' : 'Not signed in';
  return (
    <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }} data-testid="masthead-user" data-signed-in="false">
      <FlexItem title={me.note ?? undefined}>{who}</FlexItem>
      {me.canSignIn ? (
        <>
          <FlexItem aria-hidden>·</FlexItem>
          <FlexItem>
            <Suspense fallback={<SignInLink />}>
              <SignInLinkHere />
            </Suspense>
          </FlexItem>
        </>
      ) : (
        <FlexItem>(open the portal through its auth proxy to sign in)</FlexItem>
      )}
    </Flex>
  );
}

function SignedIn({ me }: { me: Me }) {
  const signOut = useSignOut();
  return (
    <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }} data-testid="masthead-user" data-signed-in="true">
      <FlexItem title={me.groups.length > 0 ? `groups: ${me.groups.join(', ')}` : 'in no group'}>
        <OutlinedUserIcon aria-hidden /> <span data-testid="masthead-identity">{userWords(me)}</span>
      </FlexItem>
      {/* Behind the auth proxy, signing out is the proxy's business: the portal holds no session. */}
      {me.via === 'session' && (
        <FlexItem>
          <Button variant="link" icon={<SignOutAltIcon />} isInline isLoading={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out
          </Button>
        </FlexItem>
      )}
      {signOut.isError && (
        <FlexItem>
          <HelperText>
            <HelperTextItem variant="error">Sign-out failed: {errorMessage(signOut.error)}</HelperTextItem>
          </HelperText>
        </FlexItem>
      )}
    </Flex>
  );
}

/** The masthead's right-hand side: who the portal takes you for, and the way in or out. */
export function MastheadUser() {
  const me = useMe();
  if (!me.data) return null;
  return <div className="pf-v6-u-ml-auto">{me.data.signedIn ? <SignedIn me={me.data} /> : <Guest me={me.data} />}</div>;
}
