/**
 * Which journal events a subscriber receives: its subscription filter AND its read entitlement
 * (the registry's `subscribe` section) must both accept the event.
 */
import type { EventEnvelope } from '../core/index.ts';
import type { FeedFilter } from '../store/index.ts';

/** Reduces a GB/T 2260 code to the prefix it stands for: `350000` → `35`, `350100` → `3501`. */
export function areaPrefix(code: string): string {
  return /^[0-9]{6}$/.test(code) ? code.replace(/(00)+$/, '') : code;
}

function listed(allowed: readonly string[] | undefined, value: string | undefined): boolean {
  if (!allowed || allowed.length === 0) return true;
  return value !== undefined && allowed.includes(value);
}

function prefixed(prefixes: readonly string[] | undefined, values: readonly string[]): boolean {
  if (!prefixes || prefixes.length === 0) return true;
  return values.some((v) => prefixes.some((p) => v.startsWith(areaPrefix(p))));
}

/** The system id of an event's source (`/systems/{id}`). */
export function sourceSystemOf(envelope: EventEnvelope): string {
  return envelope.source.startsWith('/systems/') ? envelope.source.slice('/systems/'.length) : envelope.source;
}

const CATALOGUE_KEYS = new Set(['catalogueCode', 'catalogCode', 'procurementCatalogueCode']);

/**
 * 政府采购品目分类目录 codes a record mentions: any `catalogueCode`-like field, and the `id` of
 * any `classification` object, at any depth (items, lots). Bounded so a huge record stays cheap.
 */
export function catalogueCodesOf(record: unknown): string[] {
  const codes: string[] = [];
  let budget = 5_000;
  const walk = (value: unknown, depth: number): void => {
    if (budget-- <= 0 || depth > 8 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      if (CATALOGUE_KEYS.has(key) && typeof v === 'string') codes.push(v);
      else if (key === 'classification' && v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') {
        codes.push((v as { id: string }).id);
      } else walk(v, depth + 1);
    }
  };
  walk(record, 0);
  return codes;
}

/** True when the event passes the filter. */
export function matches(filter: FeedFilter, envelope: EventEnvelope): boolean {
  const record = envelope.data;
  if (!listed(filter.recordTypes, record.recordType)) return false;
  if (filter.noticeTypes?.length && record.recordType === 'notice' && !listed(filter.noticeTypes, record.noticeType)) return false;
  if (filter.transactionTypes?.length && record.recordType === 'transaction' && !listed(filter.transactionTypes, record.transactionType)) {
    return false;
  }
  if (!prefixed(filter.areaPrefixes, [record.regionCode])) return false;
  if (!listed(filter.sourceSystems, sourceSystemOf(envelope))) return false;
  if (filter.cataloguePrefixes?.length && !prefixed(filter.cataloguePrefixes, catalogueCodesOf(record))) return false;
  return true;
}

/** True when the event passes both the subscription's filter and the system's entitlement (null: entitled to nothing). */
export function admits(filter: FeedFilter, entitlement: FeedFilter | null, envelope: EventEnvelope): boolean {
  return entitlement !== null && matches(entitlement, envelope) && matches(filter, envelope);
}
