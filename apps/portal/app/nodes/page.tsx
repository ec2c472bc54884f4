import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '@/components/states';
import { NodesPage } from '@/nodes/NodesPage';

export const metadata: Metadata = { title: 'Nodes' };

export default function Page() {
  // The filter is read from the URL on the client; the page shell is the same for every filter.
  return (
    <Suspense fallback={<LoadingState what="the nodes" />}>
      <NodesPage />
    </Suspense>
  );
}
