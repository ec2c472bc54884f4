import type { Metadata } from 'next';
import { pageParam } from '@/perimeter/page-address';
import { AsgPage } from '@/asgs/AsgPage';

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: pageParam(name) };
}

export default async function Page({ params }: Props) {
  const { name } = await params;
  return <AsgPage name={pageParam(name)} />;
}
