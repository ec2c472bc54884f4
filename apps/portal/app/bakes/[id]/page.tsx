import type { Metadata } from 'next';
import { BakePage } from '@/bakes/BakePage';

interface Props {
  params: Promise<{ id: string }>;
}

export const metadata: Metadata = { title: 'Bake' };

export default async function Page({ params }: Props) {
  // Next has already decoded the path segment.
  const { id } = await params;
  return <BakePage id={id} />;
}
