'use client';

import type { ActionOutcome, ActionRunner } from './ActionDialog';

/** The part of a react-query mutation the confirmation dialog drives. */
interface ActionMutation {
  mutate: (request: never, options: { onSuccess: (outcome: ActionOutcome) => void }) => void;
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

/** A guarded action's mutation as the dialog's runner, whatever procedure it is. */
export function mutationRunner<Input>(mutation: ActionMutation): ActionRunner<Input> & { reset: () => void } {
  return {
    run: (request, onDone) => mutation.mutate(request as never, { onSuccess: onDone }),
    isPending: mutation.isPending,
    error: mutation.error,
    reset: mutation.reset,
  };
}
