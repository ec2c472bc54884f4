export * from './worker.ts';
export * from './reconcile-actions.ts';
