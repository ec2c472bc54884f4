import type { ActingRole, FleetConfig, JsonValue } from '@fleet/core';
import type { JournalEntry, PrismaClient } from '@fleet/db';
import type { z } from 'zod';

/** What an action's code may use: the store, the config, the clock, and who it acts for. */
export interface ActionContext {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
  /** The person the action runs for (the requester, also when a second person approved it). */
  actor: string;
  correlationId: string;
}

export interface ActionRequest<Input> {
  target: string;
  input: Input;
}

/** What the user is shown and confirms; the guard compares the fingerprint again before running. */
export interface ActionPreview {
  /** One line for the confirmation dialog and the approval list. */
  summary: string;
  /** Changes exactly when what the action would do changes (which instances, which AMI, …). */
  fingerprint: string;
  /** Anything else the dialog shows (instances to replace, batches); plain JSON. */
  details?: JsonValue;
  /**
   * Why the action must not run although it can be previewed (a refresh that would replace
   * nothing, an AMI the account may not launch): the dialog shows it with the facts, and the
   * guard refuses the request at the preview's step, audited like every refusal.
   */
  refusal?: { code: string; message: string } | null;
}

/**
 * What `reconcile` found at the source about an action whose outcome the journal does not know;
 * a success it can name (the refresh it found, say) carries the result `execute` would have returned.
 */
export type ReconcileVerdict = 'succeeded' | 'failed' | 'unknown' | { state: 'succeeded'; result: JsonValue };

/**
 * One kind of guarded action (start a refresh, run housekeeping, …). The guard does the checks,
 * the journal and the audit; the definition only knows its own domain.
 */
export interface ActionDefinition<Schema extends z.ZodType = z.ZodType, Result extends JsonValue = JsonValue> {
  /** Dotted and stable: it is in policies, freeze windows, the journal and the audit trail. */
  name: string;
  /** What kind of thing the target names (`asg`, `jenkins-job`); the lock is per kind and name. */
  targetKind: string;
  /** Parameters besides the target, as the client sends them (plain JSON: no Dates). */
  input: Schema;
  /** The least role the code allows; config can ask for more, never less. */
  minimumRole: ActingRole;
  /** Reads the portal's store (never the cloud) and says what would happen. Throw an ActionError if it cannot. */
  preview(ctx: ActionContext, request: ActionRequest<z.output<Schema>>): Promise<ActionPreview>;
  /**
   * The side effect. Throw an ActionError with `changed: 'nothing'` when the source refused and
   * nothing happened; any other error leaves the outcome unknown and `reconcile` decides.
   */
  execute(ctx: ActionContext, request: ActionRequest<z.output<Schema>>, journal: JournalEntry): Promise<Result>;
  /** Asks the source whether the journal's action took effect. Never repeats it. */
  reconcile(ctx: ActionContext, journal: JournalEntry): Promise<ReconcileVerdict>;
  /** After a final state: e.g. re-sync the target at once. Its errors never change the outcome. */
  onCompleted?(ctx: ActionContext, journal: JournalEntry): Promise<void>;
}

/** Keeps the schema's and the result's types when writing a definition. */
export function defineAction<Schema extends z.ZodType, Result extends JsonValue>(definition: ActionDefinition<Schema, Result>): ActionDefinition<Schema, Result> {
  return definition;
}

/** A refusal an action's code reports: a stable code and a sentence a person can act on. */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** `nothing`: the source refused and did not change; `unknown`: it may have. */
    readonly changed: 'nothing' | 'unknown' = 'nothing',
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ActionError';
  }
}

/** The actions the portal can run, by name: for approvals and for reconciliation after a restart. */
export class ActionRegistry {
  private readonly byName = new Map<string, ActionDefinition>();

  constructor(definitions: readonly ActionDefinition[] = []) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new Error(`two actions are named ${definition.name}; action names must be unique`);
      this.byName.set(definition.name, definition);
    }
  }

  get(name: string): ActionDefinition | undefined {
    return this.byName.get(name);
  }

  list(): ActionDefinition[] {
    return [...this.byName.values()];
  }
}
