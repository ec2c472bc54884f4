import type { ActionState, JsonValue } from '@fleet/core';
import type { JournalEntry } from '@fleet/db';

/** What a guarded mutation answers once the guard let it through (refusals are errors instead). */
export interface ActionOutcome {
  journalId: string;
  correlationId: string;
  action: string;
  target: string;
  state: ActionState;
  /** True when this answers a repeated idempotency key: nothing new was done. */
  replayed: boolean;
  result: JsonValue | null;
  error: { code: string; message: string } | null;
  previewSummary: string;
}

export function outcomeOf(entry: JournalEntry, replayed: boolean): ActionOutcome {
  return {
    journalId: entry.id,
    correlationId: entry.correlationId,
    action: entry.action,
    target: entry.target,
    state: entry.state as ActionState,
    replayed,
    result: (entry.result ?? null) as JsonValue | null,
    error: entry.errorCode ? { code: entry.errorCode, message: entry.errorMessage ?? entry.errorCode } : null,
    previewSummary: entry.previewSummary,
  };
}
