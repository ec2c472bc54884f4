import { classifyAnsibleLine } from '../console-log/ansible-lines.ts';
import { cleanConsoleLine, secondsBetween, type ConsoleTimestamp } from '../console-log/console-line.ts';
import { bounded, createLineSplitter, ownedCopy } from '../console-log/line-splitter.ts';
import { classifyPackerLine, packerDurationSeconds, readBuildMessage } from './packer-lines.ts';
import type { BakeFailure, BakeMode, BakeProgressSnapshot, BakeStage, WorkerTypeBake } from './types.ts';

export interface BakeProgressOptions {
  /** The fleet config's worker type keys, which are the Packer source names. */
  workerTypes: readonly string[];
  maxLineLength?: number;
}

/**
 * Follows the AMI bake job's console text as it streams (the lines it reads are listed in
 * packer-lines.ts) and tells, per worker type, how far its AMI has come. It keeps one small
 * record per worker type, never the log; `snapshot()` may be called at any time, `end()` also
 * reads a last line without a newline.
 */
export interface BakeProgressParser {
  push(chunk: string): void;
  snapshot(): BakeProgressSnapshot;
  end(): BakeProgressSnapshot;
}

interface BuildRecord extends Omit<WorkerTypeBake, 'startedAt' | 'finishedAt'> {
  startedAt: ConsoleTimestamp | null;
  finishedAt: ConsoleTimestamp | null;
  /** The last Ansible failure of this build, kept unless `...ignoring` follows it. */
  ansibleFailure: { line: string; task: string | null } | null;
  ansibleFailureMayBeIgnored: boolean;
}

const TEXT_CHARS = 500;
const UNLISTED_BUILDS = 20;
const REGIONS = 32;
const AMAZON_EBS_BUILD = /^(?:.+\.)?amazon-ebs\.([A-Za-z0-9][\w-]*)$/;
const STAGE_ORDER: Record<BakeStage, number> = { waiting: 0, building: 1, 'ami-created': 2, done: 3, failed: 3, 're-tagged': 3 };

export function createBakeProgressParser(options: BakeProgressOptions): BakeProgressParser {
  const splitter = createLineSplitter(options.maxLineLength ?? 16_384);
  const builds = new Map<string, BuildRecord>(options.workerTypes.map((key) => [key, newBuild(key, true)]));
  let mode: BakeMode = 'unknown';
  let sinceCommit: string | null = null;
  let commit: string | null = null;
  let packerFinished = false;
  let cancelled = false;
  let section: 'none' | 'errors' | 'artifacts' = 'none';
  let artifactBuild: BuildRecord | null = null;

  const buildFor = (name: string): BuildRecord | null => {
    const key = AMAZON_EBS_BUILD.exec(name)?.[1] ?? (builds.get(name)?.configured ? name : null);
    if (key === null) return null;
    let record = builds.get(key);
    if (!record) {
      if (builds.size >= options.workerTypes.length + UNLISTED_BUILDS) return null;
      record = newBuild(bounded(key, 100), false);
      builds.set(record.workerType, record);
    }
    record.buildName ??= bounded(name, 200);
    return record;
  };

  const onLine = (raw: string) => {
    const { text, at } = cleanConsoleLine(raw);
    const line = classifyPackerLine(text);
    switch (line.kind) {
      case 'build-output': {
        const record = buildFor(line.build);
        if (record && (line.prefixed || line.message !== 'output will be in this color.')) readOutput(record, line.message, at);
        return;
      }
      case 'build-finished': {
        const record = buildFor(line.build);
        if (record && record.stage !== 'failed') finish(record, 'done', line.duration, at);
        return;
      }
      case 'build-errored': {
        const record = buildFor(line.build);
        if (!record) return;
        finish(record, 'failed', line.duration, at);
        record.failure = failureOf(record, text, line.error);
        return;
      }
      case 'wait-completed':
        packerFinished = true;
        return;
      case 'section':
        section = line.section === 'no-artifacts' ? 'none' : line.section;
        packerFinished = true;
        return;
      case 'section-entry': {
        const record = buildFor(line.build);
        if (!record) return;
        if (section === 'errors' && record.stage !== 'failed') {
          record.stage = 'failed';
          record.failure = failureOf(record, text, line.text);
        }
        if (section === 'artifacts') {
          artifactBuild = record;
          if (record.stage !== 'failed') record.stage = 'done';
        }
        return;
      }
      case 'region-ami':
        if (section === 'artifacts' && artifactBuild && artifactBuild.amis.length < REGIONS) {
          const amiId = ownedCopy(line.amiId);
          artifactBuild.amis.push({ region: ownedCopy(line.region), amiId });
          artifactBuild.amiId ??= amiId;
        }
        return;
      case 'mode':
        mode = line.mode;
        sinceCommit = ownedCopy(line.sinceCommit);
        commit = line.commit === null ? null : ownedCopy(line.commit);
        return;
      case 'retag': {
        const record = buildFor(`amazon-ebs.${line.workerType}`);
        if (!record) return;
        if (mode === 'unknown') mode = 're-tag';
        record.stage = 're-tagged';
        record.amiId = ownedCopy(line.amiId);
        record.retag = { tag: bounded(line.tag, 128), commit: ownedCopy(line.commit) };
        commit ??= record.retag.commit;
        record.finishedAt = at;
        return;
      }
      case 'cancelled':
        cancelled = true;
        return;
      case 'other':
        return;
    }
  };

  const snapshot = (): BakeProgressSnapshot => ({
    mode,
    sinceCommit,
    commit,
    workerTypes: [...builds.values()].map(publicView),
    packerFinished,
    cancelled,
  });

  return {
    push: (chunk) => splitter.push(chunk, onLine),
    snapshot,
    end() {
      splitter.end(onLine);
      return snapshot();
    },
  };
}

/** The whole console text at once. */
export function parseBakeProgress(text: string, workerTypes: readonly string[]): BakeProgressSnapshot {
  const parser = createBakeProgressParser({ workerTypes });
  parser.push(text);
  return parser.end();
}

function newBuild(workerType: string, configured: boolean): BuildRecord {
  return {
    workerType,
    configured,
    buildName: null,
    stage: 'waiting',
    step: null,
    instanceId: null,
    amiName: null,
    amiId: null,
    amis: [],
    ansibleTask: null,
    failure: null,
    retag: null,
    startedAt: null,
    finishedAt: null,
    durationSeconds: null,
    ansibleFailure: null,
    ansibleFailureMayBeIgnored: false,
  };
}

function readOutput(record: BuildRecord, message: string, at: ConsoleTimestamp | null): void {
  record.startedAt ??= at;
  const ansible = classifyAnsibleLine(message);
  if (record.ansibleFailureMayBeIgnored) {
    if (ansible.kind === 'ignoring') record.ansibleFailure = null;
    record.ansibleFailureMayBeIgnored = false;
  }
  if (ansible.kind === 'task') {
    record.ansibleTask = bounded(ansible.name, 200);
    record.step = 'provisioning';
  } else if (ansible.kind === 'failure') {
    record.ansibleFailure = { line: bounded(message, TEXT_CHARS), task: record.ansibleTask };
    record.ansibleFailureMayBeIgnored = true;
  } else if (ansible.kind === 'recap' && ansible.counts.failed === 0 && ansible.counts.unreachable === 0) {
    // The playbook's recap says every failure was rescued or ignored: none of them broke the build.
    record.ansibleFailure = null;
  }

  const read = readBuildMessage(message);
  if (read.step) record.step = read.step;
  if (read.instanceId) record.instanceId = ownedCopy(read.instanceId);
  if (read.amiId) record.amiId = ownedCopy(read.amiId);
  if (read.amiName) record.amiName = bounded(read.amiName, 200);
  raiseStage(record, read.step === 'creating-ami' || read.step === 'tagging' ? 'ami-created' : 'building');
}

function raiseStage(record: BuildRecord, stage: BakeStage): void {
  if (STAGE_ORDER[stage] > STAGE_ORDER[record.stage]) record.stage = stage;
}

function finish(record: BuildRecord, stage: 'done' | 'failed', duration: string | null, at: ConsoleTimestamp | null): void {
  record.stage = stage;
  record.finishedAt = at;
  const fromPacker = duration === null ? null : packerDurationSeconds(duration);
  record.durationSeconds = fromPacker ?? (record.startedAt && at ? secondsBetween(record.startedAt, at) : null);
}

function failureOf(record: BuildRecord, packerLine: string, error: string): BakeFailure {
  return {
    line: record.ansibleFailure?.line ?? bounded(packerLine, TEXT_CHARS),
    error: bounded(error, TEXT_CHARS),
    task: record.ansibleFailure?.task ?? null,
  };
}

function publicView(record: BuildRecord): WorkerTypeBake {
  const { ansibleFailure: _failure, ansibleFailureMayBeIgnored: _pending, startedAt, finishedAt, amis, failure, retag, ...rest } = record;
  return {
    ...rest,
    amis: amis.map((ami) => ({ ...ami })),
    failure: failure && { ...failure },
    retag: retag && { ...retag },
    startedAt: startedAt?.text ?? null,
    finishedAt: finishedAt?.text ?? null,
  };
}
