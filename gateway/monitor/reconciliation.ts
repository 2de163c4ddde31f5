/**
 * Reconciliation (对账): per system and day (Asia/Shanghai), the record versions the gateway
 * accepted, as a count and an order-independent digest, and the exact difference with a manifest
 * the system (or a subscriber) submits. The digest is the sha-256 (hex) of the manifest's lines
 * `recordId<TAB>version<TAB>contentHash<LF>` sorted in byte order, so
 * `LC_ALL=C sort manifest.tsv | sha256sum` reproduces it.
 */

import { createHash } from 'node:crypto';
import { invisibleIn } from '../standard/index.ts';

/** One record version of a manifest. */
export interface ManifestEntry {
  recordId: string;
  version: number;
  contentHash: string;
}

/** A manifest's size and digest. */
export interface ManifestSummary {
  count: number;
  digest: string;
}

/** The outcome of comparing a submitted manifest with the gateway's. */
export interface Comparison {
  match: boolean;
  gateway: ManifestSummary;
  submitted: ManifestSummary;
  /** Versions the receiving side lacks: the gateway for pushes, the subscriber for deliveries. Null when only a digest was submitted. */
  missing: ManifestEntry[] | null;
  /** Versions the receiving side has that the sending side did not list. */
  extra: ManifestEntry[] | null;
  /** The same version with different content hashes. */
  mismatched: { recordId: string; version: number; gatewayHash: string; submittedHash: string }[] | null;
}

const line = (e: ManifestEntry) => `${e.recordId}\t${e.version}\t${e.contentHash}\n`;

/** Count and digest of a manifest (duplicates count once). */
export function summarize(entries: readonly ManifestEntry[]): ManifestSummary {
  const lines = [...new Set(entries.map(line))].map((l) => Buffer.from(l, 'utf8')).sort(Buffer.compare);
  const hash = createHash('sha256');
  for (const l of lines) hash.update(l);
  return { count: lines.length, digest: hash.digest('hex') };
}

const key = (e: { recordId: string; version: number }) => `${e.recordId}\u0000${e.version}`;

/**
 * Compares the gateway's manifest with a submitted one. `direction` says who received the
 * records: on a push the gateway did (`missing` = submitted but not accepted), on a delivery the
 * subscriber did (`missing` = sent by the gateway but absent from the subscriber's list).
 */
export function compare(
  gatewayEntries: readonly ManifestEntry[],
  submitted: readonly ManifestEntry[] | ManifestSummary,
  direction: 'push' | 'delivery',
): Comparison {
  const gateway = summarize(gatewayEntries);
  if (!Array.isArray(submitted)) {
    const summary = submitted as ManifestSummary;
    return {
      match: summary.digest === gateway.digest && summary.count === gateway.count,
      gateway,
      submitted: summary,
      missing: null,
      extra: null,
      mismatched: null,
    };
  }
  const theirs = new Map(submitted.map((e) => [key(e), e]));
  const ours = new Map(gatewayEntries.map((e) => [key(e), e]));
  const onlyTheirs = [...theirs.values()].filter((e) => !ours.has(key(e)));
  const onlyOurs = [...ours.values()].filter((e) => !theirs.has(key(e)));
  const mismatched = [...theirs.values()]
    .filter((e) => ours.has(key(e)) && ours.get(key(e))!.contentHash !== e.contentHash)
    .map((e) => ({ recordId: e.recordId, version: e.version, gatewayHash: ours.get(key(e))!.contentHash, submittedHash: e.contentHash }));
  const byId = (a: { recordId: string; version: number }, b: { recordId: string; version: number }) =>
    a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : a.version - b.version;
  const [missing, extra] = direction === 'push' ? [onlyTheirs, onlyOurs] : [onlyOurs, onlyTheirs];
  const summary = summarize(submitted);
  return {
    match: missing.length === 0 && extra.length === 0 && mismatched.length === 0,
    gateway,
    submitted: summary,
    missing: missing.map(plain).sort(byId),
    extra: extra.map(plain).sort(byId),
    mismatched: mismatched.sort(byId),
  };
}

function plain(e: ManifestEntry): ManifestEntry {
  return { recordId: e.recordId, version: e.version, contentHash: e.contentHash };
}

/** The standard's largest record version (2^31 − 1). */
const MAX_VERSION = 2_147_483_647;

/** Most entries a submitted manifest may hold. */
export const MAX_MANIFEST_ENTRIES = 200_000;

/**
 * Parses a submitted manifest: `{ records: [...] }`, a bare array of `{ recordId, version,
 * contentHash }`, or `{ digest, count }`. Returns the problems (JSON pointers) when it is neither.
 */
export function parseManifest(
  body: unknown,
): { ok: true; value: ManifestEntry[] | ManifestSummary } | { ok: false; problems: { pointer: string; message: string }[] } {
  const b = body as Record<string, unknown> | null;
  if (b && typeof b === 'object' && !Array.isArray(b) && typeof b.digest === 'string') {
    if (!/^[0-9a-f]{64}$/.test(b.digest)) return { ok: false, problems: [{ pointer: '/digest', message: 'sha-256 hex expected' }] };
    if (!Number.isInteger(b.count) || (b.count as number) < 0)
      return { ok: false, problems: [{ pointer: '/count', message: 'a non-negative integer expected' }] };
    return { ok: true, value: { digest: b.digest, count: b.count as number } };
  }
  const list = Array.isArray(body) ? body : b && typeof b === 'object' && Array.isArray(b.records) ? b.records : null;
  const base = Array.isArray(body) ? '' : '/records';
  if (!list) return { ok: false, problems: [{ pointer: '', message: 'expected { records: [...] }, an array, or { digest, count }' }] };
  if (list.length > MAX_MANIFEST_ENTRIES)
    return { ok: false, problems: [{ pointer: base, message: `at most ${MAX_MANIFEST_ENTRIES} entries` }] };
  const problems: { pointer: string; message: string }[] = [];
  const entries: ManifestEntry[] = [];
  for (const [i, item] of list.entries()) {
    const e = item as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || typeof e.recordId !== 'string' || e.recordId.length === 0 || e.recordId.length > 200)
      problems.push({ pointer: `${base}/${i}/recordId`, message: 'a record id expected' });
    // As in the standard's ids (format plain-id): no control or format characters, so no entry can look like another.
    else if (invisibleIn(e.recordId))
      problems.push({ pointer: `${base}/${i}/recordId`, message: `a record id without control or format characters expected` });
    else if (!Number.isSafeInteger(e.version) || (e.version as number) < 1 || (e.version as number) > MAX_VERSION)
      problems.push({ pointer: `${base}/${i}/version`, message: `an integer from 1 to ${MAX_VERSION} expected` });
    else if (typeof e.contentHash !== 'string' || !/^[0-9a-f]{64}$/.test(e.contentHash))
      problems.push({ pointer: `${base}/${i}/contentHash`, message: 'sha-256 hex expected' });
    else entries.push({ recordId: e.recordId, version: e.version as number, contentHash: e.contentHash });
    if (problems.length >= 20) break;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: entries };
}
