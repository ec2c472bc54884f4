import { type Answer } from './answer.ts';
import { ConsoleNoteStripper } from './console-notes.ts';
import { JenkinsFailure } from './failure.ts';
import { jobPath } from './jobs.ts';
import { type JenkinsTransport } from './transport.ts';

/** One answer of …/logText/progressiveText. */
export interface ConsoleText {
  text: string;
  /** Where to ask from next (X-Text-Size): a byte offset into the log file, not a count of the text's characters. */
  nextStart: number;
  /** The build is still writing its log (X-More-Data: true). */
  moreData: boolean;
  /** The log was shorter than `start` (rotated, or the wrong build), so Jenkins sent it from the beginning. */
  restarted: boolean;
}

/** A piece of a log read by `streamConsole`. */
export interface ConsolePiece {
  /** May be empty: such a piece only moves `resumeAt`. */
  text: string;
  /**
   * An offset from which reading again loses nothing: the start of the answer this piece came in,
   * and X-Text-Size on the last piece of each answer. Keep it to resume after a restart.
   */
  resumeAt: number;
  moreData: boolean;
  /** The log restarted from 0 in this piece's answer: drop what came before. */
  restarted: boolean;
}

export interface ConsoleStreamOptions {
  start?: number;
  /** Pause between polls that bring nothing new; 1 s by default. */
  pollIntervalMs?: number;
  /**
   * Read one answer and stop, even while the build writes more: a caller that polls on its own
   * schedule (the sync loop) reads what there is now, still without holding it whole.
   */
  once?: boolean;
  signal?: AbortSignal;
}

function ask(transport: JenkinsTransport, job: string, number: number, start: number, signal?: AbortSignal): Promise<Answer> {
  const path = `${jobPath(job)}/${number}/logText/progressiveText?start=${start}`;
  // Not multipart/form-data: that Accept asks LargeText for its newer streaming format instead.
  return transport.send({ path, subject: `the log of build ${job} #${number}`, accept: 'text/plain', signal });
}

function progressOf(transport: JenkinsTransport, answer: Answer, start: number): { nextStart: number; moreData: boolean; restarted: boolean } {
  const size = answer.headers.get('x-text-size');
  if (size === null || !/^\d+$/.test(size)) {
    throw new JenkinsFailure('bad-response', `Jenkins at ${transport.base} sent a log without a valid X-Text-Size (${size ?? 'none'})`, answer.status);
  }
  const nextStart = Number(size);
  // LargeText.doProgressText: a start past the end of the log is taken as 0, and X-Text-Size says so.
  return { nextStart, moreData: answer.headers.get('x-more-data') === 'true', restarted: nextStart < start };
}

/** One answer, whole. For a log of unknown size, `streamConsole` keeps memory bounded instead. */
export async function progressiveText(transport: JenkinsTransport, job: string, number: number, start = 0): Promise<ConsoleText> {
  const answer = await ask(transport, job, number, start);
  const progress = progressOf(transport, answer, start);
  const notes = new ConsoleNoteStripper();
  const text = notes.push(await answer.text()) + notes.flush();
  return { text, ...progress };
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Follows a build's log until Jenkins says it is complete, yielding it as it arrives over the
 * network: a 20 MB log is never held whole. Bytes are decoded as one UTF-8 stream across answers,
 * so a character split between two chunks or two answers comes out whole.
 */
export async function* streamConsole(transport: JenkinsTransport, job: string, number: number, options: ConsoleStreamOptions = {}): AsyncGenerator<ConsolePiece> {
  let start = options.start ?? 0;
  let decoder = new TextDecoder();
  let notes = new ConsoleNoteStripper();
  for (;;) {
    const answer = await ask(transport, job, number, start, options.signal);
    const { nextStart, moreData, restarted } = progressOf(transport, answer, start);
    if (restarted) {
      decoder = new TextDecoder();
      notes = new ConsoleNoteStripper();
    }
    let fresh = restarted;
    for await (const chunk of answer.bytes()) {
      const text = notes.push(decoder.decode(chunk, { stream: true }));
      if (text === '') continue;
      yield { text, resumeAt: start, moreData, restarted: fresh };
      fresh = false;
    }
    const rest = moreData ? '' : notes.push(decoder.decode()) + notes.flush();
    if (nextStart !== start || fresh || rest !== '') yield { text: rest, resumeAt: nextStart, moreData, restarted: fresh };
    if (!moreData || options.once) return;
    const progressed = nextStart !== start;
    start = nextStart;
    if (!progressed) await pause(options.pollIntervalMs ?? 1000, options.signal);
  }
}
