import { classifyAnsibleLine } from '../console-log/ansible-lines.ts';
import { cleanConsoleLine } from '../console-log/console-line.ts';
import { bounded, createLineSplitter, DEFAULT_MAX_LINE_LENGTH } from '../console-log/line-splitter.ts';
import { hostResult, hostWentOn, ignoreFailures, newHostRecord, recordFailure, type HostRecord, type RecordedFailure } from './host-failures.ts';
import { messageFromJson, messageFromYaml, type ResultMessage } from './result-message.ts';
import type { AnsibleRecapCounts, AnsibleRunResult } from './types.ts';

export interface RecapParserOptions {
  /** Failed tasks kept per host; the rest are counted. */
  maxFailuresPerHost?: number;
  /** Hosts kept; more are counted in `omittedHosts`. */
  maxHosts?: number;
  maxLineLength?: number;
}

/**
 * Reads ansible-playbook's default-callback output as it streams from a Jenkins console (see
 * console-log/ansible-lines.ts for the lines it knows). It keeps per-host counts, a bounded list
 * of failed tasks per host and the current play and task, never the log itself, so a log of any
 * size passes through in bounded memory. `snapshot()` may be called at any time; `end()` reads
 * a last line that has no newline.
 */
export interface RecapParser {
  push(chunk: string): void;
  snapshot(): AnsibleRunResult;
  end(): AnsibleRunResult;
}

const NAME_CHARS = 200;
const ERROR_LINES = 5;
const PAYLOAD_CHARS = 65_536;

/** A task result printed over several lines after its failure line (YAML or pretty JSON). */
interface PendingPayload {
  format: 'json' | 'yaml';
  lines: string[];
  chars: number;
  apply(message: ResultMessage): void;
}

export function createRecapParser(options: RecapParserOptions = {}): RecapParser {
  const maxFailures = options.maxFailuresPerHost ?? 5;
  const maxHosts = options.maxHosts ?? 10_000;
  const splitter = createLineSplitter(options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);

  const hosts = new Map<string, HostRecord>();
  const omittedHosts = new Set<string>();
  const errors: string[] = [];
  let play: string | null = null;
  let task: string | null = null;
  let taskIndex = 0;
  let inRecap = false;
  let recapSeen = false;
  let lastFailedHost: string | null = null;
  let pending: PendingPayload | null = null;

  const hostRecord = (host: string): HostRecord | null => {
    const known = hosts.get(host);
    if (known) return known;
    if (hosts.size >= maxHosts) {
      if (omittedHosts.size < maxHosts) omittedHosts.add(bounded(host, NAME_CHARS));
      return null;
    }
    const created = newHostRecord(bounded(host, NAME_CHARS));
    hosts.set(created.host, created);
    return created;
  };

  const finishPending = () => {
    if (!pending) return;
    const finished = pending;
    pending = null;
    finished.apply(pendingMessage(finished));
  };

  /** Whether the line still belongs to the multi-line result being read; what is kept of it is bounded. */
  const continuesPayload = (text: string): boolean => {
    if (!pending) return false;
    if (pending.format === 'yaml' && !text.startsWith(' ')) return false;
    if (pending.format === 'json' && text === '}') {
      pending.lines.push(text);
      finishPending();
      return true;
    }
    if (pending.chars + text.length <= PAYLOAD_CHARS) {
      pending.lines.push(text);
      pending.chars += text.length;
    }
    return true;
  };

  const onLine = (raw: string) => {
    const { text } = cleanConsoleLine(raw);
    if (continuesPayload(text)) return;
    finishPending();

    const line = classifyAnsibleLine(text);
    if (inRecap && line.kind !== 'recap' && text.trim() !== '') inRecap = false;
    switch (line.kind) {
      case 'play':
        play = bounded(line.name, NAME_CHARS);
        task = null;
        return;
      case 'task':
        task = bounded(line.name, NAME_CHARS);
        taskIndex++;
        return;
      case 'recap-banner':
        inRecap = true;
        recapSeen = true;
        return;
      case 'recap': {
        const record = inRecap ? hostRecord(line.host) : null;
        if (!record) return;
        // Several playbooks in one job print several recaps: a host's counts add up.
        record.counts = record.counts ? addCounts(record.counts, line.counts) : line.counts;
        return;
      }
      case 'host-result':
        wentOn(line.host);
        return;
      case 'included':
        line.hosts.forEach(wentOn);
        return;
      case 'failure': {
        const record = hostRecord(line.host);
        wentOn(line.host);
        lastFailedHost = record ? record.host : null;
        if (!record) return;
        const failure: RecordedFailure = {
          play,
          task,
          taskIndex,
          item: line.item === null ? null : bounded(line.item, NAME_CHARS),
          kind: line.failure,
          mark: 'open',
          message: { message: '', stderr: null, rc: null },
        };
        recordFailure(record, failure, maxFailures);
        readPayload(line.payload, (message) => (failure.message = message));
        return;
      }
      case 'ignoring': {
        const record = lastFailedHost === null ? undefined : hosts.get(lastFailedHost);
        if (record) ignoreFailures(record, taskIndex);
        return;
      }
      case 'error':
        if (errors.length < ERROR_LINES) errors.push(bounded(line.text, 500));
        return;
      case 'other':
        return;
    }
  };

  const wentOn = (host: string) => {
    const record = hostRecord(host);
    if (record) hostWentOn(record, taskIndex);
  };

  const readPayload = (payload: string, apply: (message: ResultMessage) => void) => {
    // Pretty JSON opens with a lone brace and closes with one at the margin; YAML starts on the
    // next line; anything else after the arrow is taken as the message itself.
    if (payload === '{') pending = { format: 'json', lines: [payload], chars: 1, apply };
    else if (payload.trim() === '') pending = { format: 'yaml', lines: [], chars: 0, apply };
    else apply(payload.startsWith('{') ? messageFromJson(payload) : messageFromYaml([`    msg: ${payload}`]));
  };

  const snapshot = (): AnsibleRunResult => {
    // A result still being read shows what has arrived so far; its end replaces it.
    if (pending) pending.apply(pendingMessage(pending));
    return {
      callback: 'default',
      recapSeen,
      hosts: [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host)).map(hostResult),
      omittedHosts: omittedHosts.size,
      errors: [...errors],
    };
  };

  return {
    push: (chunk) => splitter.push(chunk, onLine),
    snapshot,
    end() {
      splitter.end(onLine);
      finishPending();
      return snapshot();
    },
  };
}

function pendingMessage(payload: PendingPayload): ResultMessage {
  return payload.format === 'yaml' ? messageFromYaml(payload.lines) : messageFromJson(payload.lines.join('\n'));
}

function addCounts(a: AnsibleRecapCounts, b: AnsibleRecapCounts): AnsibleRecapCounts {
  return {
    ok: a.ok + b.ok,
    changed: a.changed + b.changed,
    unreachable: a.unreachable + b.unreachable,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
    rescued: a.rescued + b.rescued,
    ignored: a.ignored + b.ignored,
  };
}

/** The whole console text at once. */
export function parseRecap(text: string, options?: RecapParserOptions): AnsibleRunResult {
  const parser = createRecapParser(options);
  parser.push(text);
  return parser.end();
}
