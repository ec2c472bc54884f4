import type { Metadata } from 'next';
import { Suspense } from 'react';
import { BakesPage } from '@/bakes/BakesPage';
import { LoadingState } from '@/components/states';

export const metadata: Metadata = { title: 'AMI bakes' };

export default function Page() {
  // The commit filter is read from the URL on the client.
  return (
    <Suspense fallback={<LoadingState what="the bakes" />}>
      <BakesPage />
    </Suspense>
  );
}
