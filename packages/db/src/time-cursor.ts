/** A position in a newest-first list ordered by (time, id): opaque to clients, exact for the database. */
export interface TimeCursor {
  at: Date;
  id: string;
}

export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Null when the text is not a cursor this code made. */
export function decodeTimeCursor(text: string): TimeCursor | null {
  const [iso, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (!iso || !id || rest.length > 0) return null;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : { at, id };
}
