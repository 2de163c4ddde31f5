/**
 * Wall-clock times of Chinese source systems. They send local time in Asia/Shanghai without an
 * offset; China has kept UTC+8 all year since 1991, so a fixed +08:00 is exact for any date
 * these systems can send (earlier dates are refused).
 */

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function wallTime(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  if (y < 1992 || y > 2999 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (t.getUTCDate() !== d) return undefined; // 20260230… does not exist
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(y, 4)}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}+08:00`;
}

/** `yyyyMMddHHmmss` in Asia/Shanghai → RFC 3339 with +08:00; undefined when it is not a real time. */
export function compactToRfc3339(text: string): string | undefined {
  const m = COMPACT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return wallTime(y, mo, d, h, mi, s);
}

/** `yyyy-MM-dd HH:mm[:ss]` or `yyyy-MM-dd` in Asia/Shanghai → RFC 3339 with +08:00. */
export function dashedToRfc3339(text: string): string | undefined {
  const m = DASHED.exec(text) ?? DATE_ONLY.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[];
  return wallTime(y!, mo!, d!, h, mi, s);
}

/** The Asia/Shanghai wall-clock parts of an RFC 3339 time (any offset); undefined when unparsable. */
function shanghaiParts(iso: string): string[] | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const t = new Date(ms + SHANGHAI_OFFSET_MS).toISOString(); // the UTC fields now read as Shanghai time
  return [t.slice(0, 4), t.slice(5, 7), t.slice(8, 10), t.slice(11, 13), t.slice(14, 16), t.slice(17, 19)];
}

/** RFC 3339 (any offset) → `yyyyMMddHHmmss` in Asia/Shanghai; undefined when unparsable. */
export function rfc3339ToCompact(iso: string): string | undefined {
  return shanghaiParts(iso)?.join('');
}

/** RFC 3339 (any offset) → `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai; undefined when unparsable. */
export function rfc3339ToDashed(iso: string): string | undefined {
  const p = shanghaiParts(iso);
  return p && `${p[0]}-${p[1]}-${p[2]} ${p[3]}:${p[4]}:${p[5]}`;
}

/** Epoch milliseconds → RFC 3339 with +08:00 (Asia/Shanghai wall time). */
export function msToRfc3339(ms: number): string {
  const t = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  return `${t.slice(0, 19)}+08:00`;
}
