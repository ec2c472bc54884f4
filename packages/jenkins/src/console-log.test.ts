import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type ConsolePiece } from './console-log.ts';
import { fixture, type Handler, useStandInJenkins } from './test/stand-in-jenkins.ts';

/**
 * A build's log as LargeText.doProgressText serves it: the bytes from `start` to the end,
 * X-Text-Size = the log's length in bytes, X-More-Data: true while the build runs, and a start
 * past the end taken as 0. `grow` runs before each answer, as the build writes more.
 */
function progressiveLog(log: { bytes: Buffer; complete: boolean }, grow: (answer: number) => void = () => undefined): Handler {
  let answers = 0;
  return (request, response) => {
    grow(answers++);
    let start = Number(request.query.get('start') ?? 0);
    if (start > log.bytes.length) start = 0;
    const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(log.bytes.length) };
    if (!log.complete) headers['x-more-data'] = 'true';
    response.writeHead(200, headers);
    response.end(log.bytes.subarray(start));
  };
}

const LOG_PATH = '/job/housekeeping/42/logText/progressiveText';

async function collect(pieces: AsyncIterable<ConsolePiece>): Promise<ConsolePiece[]> {
  const all: ConsolePiece[] = [];
  for await (const piece of pieces) all.push(piece);
  return all;
}

describe('the console log, progressively', () => {
  const standIn = useStandInJenkins();

  const client = () => standIn.client();
  const starts = () => standIn.jenkins.requests.map((r) => Number(r.query.get('start')));

  it('reads one answer: the text, X-Text-Size as the next start, no X-More-Data once the build is done', async () => {
    const text = fixture('progressive-text-upstream.txt');
    standIn.jenkins.on('GET', LOG_PATH, progressiveLog({ bytes: Buffer.from(text), complete: true }));
    expect(await client().progressiveText('housekeeping', 42, 0)).toEqual({ text, nextStart: Buffer.byteLength(text), moreData: false, restarted: false });
  });

  it('takes X-Text-Size as a byte offset, not a count of characters', async () => {
    const text = 'Gruß aus Köln ✓\nPLAY RECAP ***\n';
    standIn.jenkins.on('GET', LOG_PATH, progressiveLog({ bytes: Buffer.from(text), complete: false }));
    const first = await client().progressiveText('housekeeping', 42);
    expect(first).toMatchObject({ nextStart: 35, moreData: true });
    expect(text.length).toBe(31);
    expect((await client().progressiveText('housekeeping', 42, Buffer.byteLength('Gruß aus Köln ✓\n'))).text).toBe('PLAY RECAP ***\n');
  });

  it('says when Jenkins restarted from the beginning because the start was past the end', async () => {
    standIn.jenkins.on('GET', LOG_PATH, progressiveLog({ bytes: Buffer.from('short log\n'), complete: true }));
    expect(await client().progressiveText('housekeeping', 42, 5_000)).toEqual({ text: 'short log\n', nextStart: 10, moreData: false, restarted: true });
  });

  it('says a build that does not exist is not found', async () => {
    expect(await client().progressiveText('housekeeping', 43).catch((e: unknown) => e)).toMatchObject({ code: 'not-found', message: expect.stringContaining('housekeeping #43') });
  });

  it('follows a running build answer by answer from each X-Text-Size until X-More-Data stops', async () => {
    const log = { bytes: Buffer.alloc(0), complete: false };
    const lines = ['Started by timer\n', 'PLAY [all] ***\n', 'PLAY RECAP ***\n', 'Finished: SUCCESS\n'];
    standIn.jenkins.on(
      'GET',
      LOG_PATH,
      progressiveLog(log, (answer) => {
        if (answer < lines.length) log.bytes = Buffer.concat([log.bytes, Buffer.from(lines[answer] ?? '')]);
        log.complete = answer >= lines.length - 1;
      }),
    );

    const pieces = await collect(client().streamConsole('housekeeping', 42, { pollIntervalMs: 10 }));

    expect(pieces.map((p) => p.text).join('')).toBe(lines.join(''));
    expect(starts()).toEqual([0, 17, 32, 47]);
    expect(pieces.at(-1)).toMatchObject({ resumeAt: 65, moreData: false });
    expect(pieces.every((p) => p.resumeAt <= 65 && !p.restarted)).toBe(true);
  });

  it('waits between polls that bring nothing, and keeps asking from the same offset', async () => {
    const log = { bytes: Buffer.alloc(0), complete: false };
    standIn.jenkins.on(
      'GET',
      LOG_PATH,
      progressiveLog(log, (answer) => {
        // The log file does not exist yet for two answers: X-Text-Size 0, more data.
        if (answer === 2) log.bytes = Buffer.from('Started\n');
        if (answer === 3) log.complete = true;
      }),
    );
    const began = Date.now();
    expect((await collect(client().streamConsole('housekeeping', 42, { pollIntervalMs: 50 }))).map((p) => p.text).join('')).toBe('Started\n');
    expect(starts()).toEqual([0, 0, 0, 8]);
    expect(Date.now() - began).toBeGreaterThanOrEqual(100);
  });

  /** A log whose first answer ends after `cut` bytes, the second bringing the rest and the end of the build. */
  async function readInTwoAnswers(bytes: Buffer, cut: number): Promise<string> {
    const log = { bytes: bytes.subarray(0, cut), complete: false };
    standIn.jenkins.on(
      'GET',
      LOG_PATH,
      progressiveLog(log, (answer) => {
        if (answer === 1) Object.assign(log, { bytes, complete: true });
      }),
    );
    const pieces = await collect(client().streamConsole('housekeeping', 42, { pollIntervalMs: 10 }));
    return pieces.map((p) => p.text).join('');
  }

  it('keeps a character whole when an answer ends in the middle of its bytes', async () => {
    const text = 'disk ▇▇▇ 93% — ok\n';
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('▇')) + 1;
    expect(await readInTwoAnswers(bytes, cut)).toBe(text);
    expect(starts()).toEqual([0, cut]);
  });

  it('keeps characters whole when the network splits them between chunks', async () => {
    const text = '✓ i-0abc ünreachable 🚫\n'.repeat(3);
    const bytes = Buffer.from(text);
    standIn.jenkins.on('GET', LOG_PATH, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(bytes.length) });
      // One byte per write, each after the last has gone out, so the client sees chunks that split every character.
      let i = 0;
      const next = () => (i < bytes.length ? response.write(bytes.subarray(i, ++i), () => setTimeout(next, 1)) : response.end());
      next();
    });
    const pieces = await collect(client().streamConsole('housekeeping', 42));
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('takes out console notes, even one split between answers', async () => {
    const note = '\u001b[8mha:////4DDKTqwtCTSHK8CKAPzWXsWPF0VZ0ltTX2Fw==\u001b[0m';
    const bytes = Buffer.from(`Started by user ${note}sre\n${note}[Pipeline] Start of Pipeline\n`);
    expect(await readInTwoAnswers(bytes, 30)).toBe('Started by user sre\n[Pipeline] Start of Pipeline\n');
  });

  it('streams a 24 MB log in bounded memory, never holding it whole', async () => {
    const line = 'TASK [cleanup : remove old workspaces] ** ok: [i-0abc] — ✓ 12 GiB frei\n';
    const lineBytes = Buffer.from(line);
    const lines = Math.ceil((24 * 1024 * 1024) / lineBytes.length);
    const size = lines * lineBytes.length;
    standIn.jenkins.on('GET', LOG_PATH, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8', 'x-text-size': String(size) });
      // Written as the build would have: 64 KiB at a time, waiting for the socket to drain.
      const block = Buffer.concat(Array.from({ length: 64 }, () => lineBytes));
      let written = 0;
      const pump = () => {
        while (written < lines) {
          const take = Math.min(64, lines - written);
          written += take;
          if (!response.write(take === 64 ? block : block.subarray(0, take * lineBytes.length))) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    });

    // Live memory is measured after a full collection, so garbage not yet collected on a busy machine does not count.
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = live();
    let peak = 0;
    let characters = 0;
    let largestPiece = 0;
    let pieces = 0;
    for await (const piece of client().streamConsole('housekeeping', 42)) {
      characters += piece.text.length;
      largestPiece = Math.max(largestPiece, piece.text.length);
      if (++pieces % 64 === 0) peak = Math.max(peak, live() - baseline);
    }

    expect(characters).toBe(lines * line.length);
    expect(pieces).toBeGreaterThan(100);
    expect(largestPiece).toBeLessThanOrEqual(1024 * 1024);
    // Holding the log would take over 24 MB (its characters are not all Latin-1, so V8 keeps it as UTF-16: 48 MB).
    expect(peak).toBeLessThan(16 * 1024 * 1024);
  });
});
