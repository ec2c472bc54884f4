import type { Metadata } from 'next';
import { RunPage } from '@/housekeeping/RunPage';

interface Props {
  params: Promise<{ id: string }>;
}

export const metadata: Metadata = { title: 'Housekeeping run' };

export default async function Page({ params }: Props) {
  // Next has already decoded the path segment.
  const { id } = await params;
  return <RunPage id={id} />;
}
