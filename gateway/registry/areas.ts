/**
 * Area (GB/T 2260 行政区划代码) and entitlement rules: who may publish and who may read which record.
 */
import type { RecordHeader } from '../core/index.ts';
import type { Entitlement, SystemEntry } from './types.ts';

/**
 * The prefix an area code covers: a province (350000) covers 35xxxx, a prefecture (350100)
 * covers 3501xx, a county (350102) only itself.
 */
export function areaPrefix(areaCode: string): string {
  if (areaCode.endsWith('0000')) return areaCode.slice(0, 2);
  if (areaCode.endsWith('00')) return areaCode.slice(0, 4);
  return areaCode;
}

/** True when `regionCode` lies inside one of `areas`. */
export function withinAreas(regionCode: string, areas: readonly string[]): boolean {
  return areas.some((area) => regionCode.startsWith(areaPrefix(area)));
}

/** Why a system may not publish a record, as JSON pointers into it; empty when it may. */
export function publishRefusals(
  system: SystemEntry,
  record: Pick<RecordHeader, 'recordType' | 'regionCode'>,
): { pointer: string; reason: 'recordType' | 'area' }[] {
  const refusals: { pointer: string; reason: 'recordType' | 'area' }[] = [];
  const rights = system.publish;
  if (!rights?.recordTypes.includes(record.recordType)) refusals.push({ pointer: '/recordType', reason: 'recordType' });
  if (!rights || !withinAreas(record.regionCode, rights.areas)) refusals.push({ pointer: '/regionCode', reason: 'area' });
  return refusals;
}

/** True when a subscriber's entitlement covers the record. Absent filters do not restrict. */
export function entitled(
  entitlement: Entitlement | undefined,
  record: Pick<RecordHeader, 'recordType' | 'regionCode' | 'noticeType'>,
): boolean {
  if (!entitlement) return false;
  const { recordTypes, noticeTypes, areaPrefixes } = entitlement;
  if (recordTypes && !recordTypes.includes(record.recordType)) return false;
  if (noticeTypes && noticeTypes.length > 0 && record.recordType === 'notice' && !noticeTypes.includes(record.noticeType ?? ''))
    return false;
  if (areaPrefixes && areaPrefixes.length > 0 && !areaPrefixes.some((p) => record.regionCode.startsWith(p))) return false;
  return true;
}
