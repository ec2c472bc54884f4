/**
 * Cuts a console log that arrives in chunks (any split point, a line may span several chunks) into
 * whole lines, holding at most one partial line. A line longer than `maxLineLength` keeps its
 * first `maxLineLength` characters and drops the rest, so one runaway line (a module's huge JSON
 * result, a progress bar without newlines) cannot make a reader hold the whole log.
 */
export interface LineSplitter {
  push(chunk: string, onLine: (line: string) => void): void;
  /** Hands over the last line when the log does not end with a newline. */
  end(onLine: (line: string) => void): void;
}

export const DEFAULT_MAX_LINE_LENGTH = 65_536;

export function createLineSplitter(maxLineLength = DEFAULT_MAX_LINE_LENGTH): LineSplitter {
  let partial = '';
  let pending = false;

  const append = (piece: string) => {
    pending = true;
    const room = maxLineLength - partial.length;
    if (room <= 0 || piece.length === 0) return;
    // A copy, not a view: V8 keeps a slice of a chunk as a pointer into the whole chunk.
    partial += piece.length > room ? piece.slice(0, room) : piece;
  };
  const emit = (onLine: (line: string) => void) => {
    const line = partial.endsWith('\r') ? partial.slice(0, -1) : partial;
    partial = '';
    pending = false;
    onLine(line);
  };

  return {
    push(chunk, onLine) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf('\n', start);
        if (newline === -1) {
          if (start < chunk.length) append(chunk.slice(start));
          return;
        }
        append(chunk.slice(start, newline));
        emit(onLine);
        start = newline + 1;
      }
    },
    end(onLine) {
      if (pending) emit(onLine);
    },
  };
}

/**
 * A string the caller may keep for long: regular-expression matches and slices are views into
 * the line (and through it the chunk) they came from, which would keep whole chunks alive.
 */
export function ownedCopy(text: string): string {
  return (JSON.parse(JSON.stringify(text)) as string);
}

/** At most `max` characters, with an ellipsis when cut; always an owned copy. */
export function bounded(text: string, max: number): string {
  return ownedCopy(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}
