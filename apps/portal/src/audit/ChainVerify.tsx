'use client';

import { Alert, Button, Flex } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import { errorMessage } from '@/trpc/errors';

/**
 * Walks the hash chain on request (it reads every event) and says whether it holds, or where it
 * breaks, under the page's other actions (`besides`).
 */
export function ChainVerify({ besides }: { besides: ReactNode }) {
  const trpc = useTRPC();
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false, refetchInterval: false, retry: false });
  return (
    <div>
      <Flex spaceItems={{ default: 'spaceItemsSm' }}>
        {besides}
        <Button variant="secondary" isLoading={verify.isFetching} isDisabled={verify.isFetching} onClick={() => void verify.refetch()}>
          Verify the chain
        </Button>
      </Flex>
      {verify.data && (
        <Alert
          isInline
          className="pf-v6-u-mt-md"
          variant={verify.data.intact ? 'success' : 'danger'}
          data-testid="chain-verdict"
          title={verify.data.intact ? `The audit trail is intact: ${verify.data.checked} events checked${verify.data.archived ? `, ${verify.data.archived} in archives` : ''}` : `The audit trail is broken at event #${verify.data.firstBroken?.seq}`}
        >
          {verify.data.intact ? `Every event hashes to its recorded hash and links to the one before; the last is #${verify.data.head.seq} (${verify.data.head.hash.slice(0, 16)}…).` : verify.data.firstBroken?.message}
        </Alert>
      )}
      {verify.isError && (
        <Alert isInline className="pf-v6-u-mt-md" variant="warning" title="The chain could not be verified">
          {errorMessage(verify.error)}
        </Alert>
      )}
    </div>
  );
}
