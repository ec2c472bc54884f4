import type { Metadata } from 'next';
import { pageParam } from '@/perimeter/page-address';
import { AmiPage } from '@/amis/AmiPage';

interface Props {
  params: Promise<{ imageId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { imageId } = await params;
  return { title: pageParam(imageId) };
}

export default async function Page({ params }: Props) {
  const { imageId } = await params;
  return <AmiPage imageId={pageParam(imageId)} />;
}
