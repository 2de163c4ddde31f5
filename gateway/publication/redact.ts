/**
 * The public copy of a notice: nothing personal leaves through /public/.
 * - `contactPoint` (联系人, 电话, 传真, 电子邮箱) names a natural person and their direct lines: dropped
 *   everywhere. The public reaches the purchaser or agency through the notice on the designated media.
 * - A party identified by a 居民身份证号码 (`CN-RESIDENT`, a natural person as supplier) keeps its name,
 *   which the award rules require to be published, but loses the identifier, and its party id (by
 *   convention built from the identifier) is replaced everywhere in the notice by `natural-person-<n>`.
 * - The evaluation panel (评审专家名单) stays: MOF Order 87 §69 requires it in the award notice.
 */
import type { StandardRecord } from '../core/index.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const RESIDENT = 'CN-RESIDENT';

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies `value`, dropping `contactPoint` keys and mapping strings through `rename`. */
function scrub(value: Json, rename: ReadonlyMap<string, string>): Json {
  if (typeof value === 'string') return rename.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, rename));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'contactPoint') continue;
    if ((key === 'identifier' && isObject(item) && item.scheme === RESIDENT) || key === 'additionalIdentifiers') {
      if (key === 'additionalIdentifiers' && Array.isArray(item)) {
        const kept = item.filter((id) => !(isObject(id) && id.scheme === RESIDENT));
        if (kept.length > 0) out[key] = scrub(kept, rename);
      }
      continue;
    }
    out[key] = scrub(item, rename);
  }
  return out;
}

/** True when a party is a natural person identified by a resident ID. */
function isNaturalPerson(party: Record<string, Json>): boolean {
  const ids = [party.identifier, ...(Array.isArray(party.additionalIdentifiers) ? party.additionalIdentifiers : [])];
  return ids.some((id) => isObject(id) && id.scheme === RESIDENT);
}

/** The record as it may be published: without personal data. */
export function publicCopy(record: StandardRecord): StandardRecord {
  const source = record as unknown as Record<string, Json>;
  const rename = new Map<string, string>();
  const parties = Array.isArray(source.parties) ? source.parties : [];
  for (const party of parties) {
    if (isObject(party) && typeof party.id === 'string' && isNaturalPerson(party))
      rename.set(party.id, `natural-person-${rename.size + 1}`);
  }
  return scrub(source, rename) as unknown as StandardRecord;
}
