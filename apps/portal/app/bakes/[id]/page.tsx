import type { Metadata } from 'next';
import { pageParam } from '@/perimeter/page-address';
import { BakePage } from '@/bakes/BakePage';

interface Props {
  params: Promise<{ id: string }>;
}

export const metadata: Metadata = { title: 'Bake' };

export default async function Page({ params }: Props) {
  // Next hands the segment over still percent-encoded (a run id holds colons).
  const { id } = await params;
  return <BakePage id={pageParam(id)} />;
}
