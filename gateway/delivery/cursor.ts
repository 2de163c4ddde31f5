/**
 * Feed cursors: opaque to subscribers, durable, and meaningful to any gateway process,
 * because a cursor is only a journal seq with a version tag, base64url-encoded.
 */

const PREFIX = 'v1.';
const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** The cursor a subscriber hands back to continue after `seq`. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`, 'utf8').toString('base64url');
}

/** The journal seq inside a cursor, or null when the cursor was not issued by this gateway. */
export function decodeCursor(cursor: string): number | null {
  if (cursor.length === 0 || cursor.length > 40 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1\.(0|[1-9][0-9]{0,15})$/.exec(text);
  if (!match) return null;
  const seq = Number(match[1]);
  return seq <= MAX_SEQ ? seq : null;
}
