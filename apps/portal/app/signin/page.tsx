import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignInPage } from '@/auth/SignInPage';
import { LoadingState } from '@/components/states';

export const metadata: Metadata = { title: 'Sign in' };

export default function Page() {
  // `?next=` is read on the client: the page shell is the same wherever the user came from.
  return (
    <Suspense fallback={<LoadingState what="the sign-in" />}>
      <SignInPage />
    </Suspense>
  );
}
