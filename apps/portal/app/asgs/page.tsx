import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AsgsPage } from '@/asgs/AsgsPage';
import { LoadingState } from '@/components/states';

export const metadata: Metadata = { title: 'Auto Scaling groups' };

export default function Page() {
  // The filter is read from the URL on the client; the page shell is the same for every filter.
  return (
    <Suspense fallback={<LoadingState what="the Auto Scaling groups" />}>
      <AsgsPage />
    </Suspense>
  );
}
