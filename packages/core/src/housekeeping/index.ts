export type { AnsibleRecapCounts, AnsibleRunResult, HostRunResult, TaskFailure, TaskFailureOutcome } from './types.ts';
export { createRecapParser, parseRecap, type RecapParser, type RecapParserOptions } from './recap-parser.ts';
export { parseJsonCallbackRecap, type JsonRecapResult } from './json-callback.ts';
export { describeAnsibleExitCode, summarizeAnsibleRun, type AnsibleExitKind, type AnsibleExitMeaning, type AnsibleRunSummary } from './run-summary.ts';
