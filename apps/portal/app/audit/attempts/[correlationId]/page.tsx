import type { Metadata } from 'next';
import { AttemptPage } from '@/audit/AttemptPage';
import { pageParam } from '@/perimeter/page-address';

interface Props {
  params: Promise<{ correlationId: string }>;
}

export const metadata: Metadata = { title: 'Audit attempt' };

export default async function Page({ params }: Props) {
  const { correlationId } = await params;
  return <AttemptPage correlationId={pageParam(correlationId)} />;
}
