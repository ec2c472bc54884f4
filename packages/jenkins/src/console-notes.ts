/**
 * Jenkins hides markup in its logs as console notes: ESC[8mha:<base64>ESC[0m (hudson.console.ConsoleNote's
 * PREAMBLE and POSTAMBLE). /consoleText strips them, but progressiveText passes the log's bytes through as
 * they are on recent Stapler (LargeText.doProgressText without delegateToWriteLogTo), so they are removed here.
 */
const PREAMBLE = '\u001b[8mha:';
const POSTAMBLE = '\u001b[0m';
// eslint-disable-next-line no-control-regex -- ESC is what console notes are made of
const NOTE = /\u001b\[8mha:[^\u001b]*\u001b\[0m/g;
/** A note is a serialized annotation: kilobytes at most. Past this, what looked like one is let through. */
const MAX_HELD = 64 * 1024;

/** Removes console notes from text that arrives in pieces, holding back at most one unfinished note. */
export class ConsoleNoteStripper {
  private held = '';

  push(text: string): string {
    const joined = (this.held + text).replace(NOTE, '');
    this.held = '';
    const cut = unfinishedNoteAt(joined);
    if (cut < 0 || joined.length - cut > MAX_HELD) return joined;
    this.held = joined.slice(cut);
    return joined.slice(0, cut);
  }

  /** What is still held when the log ends: an unfinished note is not a note. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}

/** Where a note starts that the text does not finish (base64 has no ESC, so a whole note always matched NOTE). */
function unfinishedNoteAt(text: string): number {
  const open = text.lastIndexOf(PREAMBLE);
  if (open >= 0 && !text.includes(POSTAMBLE, open)) return open;
  for (let k = Math.min(PREAMBLE.length - 1, text.length); k > 0; k--) {
    if (PREAMBLE.startsWith(text.slice(-k))) return text.length - k;
  }
  return -1;
}
