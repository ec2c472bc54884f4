import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingState } from '@/components/states';
import { FindingsPage } from '@/nodes/FindingsPage';

export const metadata: Metadata = { title: 'Node findings' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingState what="the findings" />}>
      <FindingsPage />
    </Suspense>
  );
}
