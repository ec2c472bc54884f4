'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ActionButton } from '@/actions/ActionButton';
import { ActionDialog } from '@/actions/ActionDialog';
import { mutationRunner } from '@/actions/mutation-runner';
import { useActionChecks } from '@/actions/useActionChecks';
import { useTRPC } from '@/trpc/client';
import type { BakeView } from '@/trpc/types';

const ACTION = 'bake.abort';

/** Stops a running bake through the guard: the target is the job and build number. */
export function AbortBakeButton({ bake }: { bake: BakeView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const target = `${bake.job}#${bake.number}`;
  const [open, setOpen] = useState(false);
  const checks = useActionChecks(ACTION, target);
  const abort = useMutation(trpc.bakes.abort.mutationOptions({ onSettled: () => queryClient.invalidateQueries() }));
  const runner = mutationRunner<{ bakeId: string }>(abort);
  return (
    <>
      <ActionButton label="Abort the bake" variant="danger" disabledBecause={checks.refusal?.message ?? null} onClick={() => { runner.reset(); setOpen(true); }} />
      {open && (
        <ActionDialog
          action={ACTION}
          target={target}
          title={`Abort ${target}`}
          submitLabel="Abort the bake"
          variant="danger"
          input={{ bakeId: bake.id }}
          runner={runner}
          onClose={() => setOpen(false)}
          onDone={() => setOpen(false)}
        />
      )}
    </>
  );
}
