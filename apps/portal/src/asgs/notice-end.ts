/** What an action's notice needs to know of its outcome and of the group's refreshes. */
export interface AnnouncedOutcome {
  state: string;
  result: unknown;
}

export interface RefreshState {
  id: string;
  active: boolean;
  status: string;
}

function refreshIdOf(result: unknown): string | null {
  if (typeof result !== 'object' || result === null || !('refreshId' in result)) return null;
  return typeof result.refreshId === 'string' ? result.refreshId : null;
}

/**
 * The refresh a notice announced, once it is over: a start, cancel or rollback names the refresh
 * it acted on, and once the group's history shows that refresh ended, "requested from AWS" is no
 * longer the news; how it ended is. Null while it runs, before the page has read it, and for a
 * notice that names no refresh.
 */
export function endedRefreshOf(outcome: AnnouncedOutcome, history: readonly RefreshState[]): RefreshState | null {
  if (outcome.state !== 'succeeded') return null;
  const id = refreshIdOf(outcome.result);
  const refresh = id === null ? undefined : history.find((r) => r.id === id);
  return refresh !== undefined && !refresh.active ? refresh : null;
}
