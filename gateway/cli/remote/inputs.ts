/**
 * What `pxg push` sends, cut into units: records (a JSON document, a JSON array, NDJSON; one file,
 * every file of a folder, or stdin) in batches of at most N records, or native payloads (one per file)
 * for a system's inbound adapter. Each unit has an Idempotency-Key derived from its bytes, so the same
 * unit sent again (a retry, a resumed run) is recognised by the gateway and by the local state.
 */
import { hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

/** One request of a push. */
export interface Unit {
  /** Where its content came from, for messages. */
  label: string;
  body: string | Uint8Array;
  contentType: string;
  /** Idempotency-Key: from the content, so a unit is the same unit in every run. */
  key: string;
  /** Records in the unit (native payloads: unknown until the adapter has read it). */
  count: number | null;
  /** Where each record of the unit came from (`file:line` or `file#n`), for a summary a person can act on. */
  sources: string[];
}

/** A line or file that could not be read as JSON: reported, never sent. */
export interface Unreadable {
  where: string;
  reason: string;
}

/** The files of a source: stdin ('-'), one file, or the files of a folder (sorted, hidden ones left out). */
export function sourceFiles(source: string): { label: string; bytes: Buffer }[] {
  if (source === '-') return [{ label: 'stdin', bytes: readFileSync(0) }];
  if (!statSync(source).isDirectory()) return [{ label: source, bytes: readFileSync(source) }];
  return readdirSync(source)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => join(source, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ label: file, bytes: readFileSync(file) }));
}

/** The records of one file: a JSON value (an array counts as its items) or NDJSON lines. */
export function recordsOf(label: string, text: string): { records: unknown[]; unreadable: Unreadable[] } {
  try {
    const value: unknown = JSON.parse(text);
    return { records: Array.isArray(value) ? value : [value], unreadable: [] };
  } catch {
    const records: unknown[] = [];
    const unreadable: Unreadable[] = [];
    for (const [n, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      try {
        records.push(JSON.parse(line));
      } catch (error) {
        unreadable.push({ where: `${label}:${n + 1}`, reason: (error as Error).message });
      }
    }
    return { records, unreadable };
  }
}

/** The Idempotency-Key of a body: its sha-256, so that only the same bytes share a key. */
export function keyOf(body: string | Uint8Array): string {
  return `pxg-push-${hash('sha256', body, 'hex')}`;
}

/** Standard records in batches of at most `size`, in file order. */
export function recordUnits(files: { label: string; bytes: Buffer }[], size: number): { units: Unit[]; unreadable: Unreadable[] } {
  const all: { label: string; record: unknown }[] = [];
  const unreadable: Unreadable[] = [];
  for (const file of files) {
    const read = recordsOf(file.label, file.bytes.toString('utf8'));
    unreadable.push(...read.unreadable);
    const many = read.records.length > 1;
    for (const [n, record] of read.records.entries()) all.push({ label: many ? `${file.label}#${n}` : file.label, record });
  }
  const units: Unit[] = [];
  for (let i = 0; i < all.length; i += size) {
    const slice = all.slice(i, i + size);
    const body = JSON.stringify(slice.map((s) => s.record));
    const sources = slice.map((s) => s.label);
    const label = sources.length === 1 ? sources[0]! : `${sources[0]} … ${sources[sources.length - 1]}`;
    units.push({ label, body, contentType: 'application/json', key: keyOf(body), count: slice.length, sources });
  }
  return { units, unreadable };
}

const NATIVE_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.csv': 'text/csv',
  '.ndjson': 'application/x-ndjson',
  '.txt': 'text/plain',
};

/** Native payloads, one per file, typed by `contentType` or by the file's extension. */
export function nativeUnits(files: { label: string; bytes: Buffer }[], contentType: string | undefined): Unit[] {
  return files.map((file) => ({
    label: file.label,
    body: new Uint8Array(file.bytes),
    contentType: contentType ?? NATIVE_TYPES[extname(file.label).toLowerCase()] ?? 'application/json',
    key: keyOf(file.bytes),
    count: null,
    sources: [],
  }));
}
