import type { Metadata } from 'next';
import { pageParam } from '@/perimeter/page-address';
import { NodePage } from '@/nodes/NodePage';

interface Props {
  params: Promise<{ instanceId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { instanceId } = await params;
  return { title: pageParam(instanceId) };
}

export default async function Page({ params }: Props) {
  const { instanceId } = await params;
  return <NodePage instanceId={pageParam(instanceId)} />;
}
