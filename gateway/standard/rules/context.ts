/** Reading the other records of a process, defensively: they come from storage, not from this request. */
import type { Award, Contract, Notice, Transaction } from '../types.ts';
import type { Others } from './types.ts';

/** The other notices of the process (excluding older versions of the record itself). */
export function otherNotices(others: Others, selfId: string): Notice[] {
  if (!others) return [];
  return others.filter((r) => r?.recordType === 'notice' && r.id !== selfId) as unknown as Notice[];
}

/** The other transactions of the order (excluding older versions of the record itself). */
export function otherTransactions(others: Others, selfId: string): Transaction[] {
  if (!others) return [];
  return others.filter((r) => r?.recordType === 'transaction' && r.id !== selfId) as unknown as Transaction[];
}

/** Every award known: those of the record first, then those of the other notices. */
export function knownAwards(record: Notice, others: Others): Map<string, Award> {
  const awards = new Map<string, Award>();
  for (const n of otherNotices(others, record.id))
    for (const a of arrayOf<Award>(n.awards)) if (typeof a?.id === 'string') awards.set(a.id, a);
  for (const a of arrayOf<Award>(record.awards)) awards.set(a.id, a);
  return awards;
}

/** Every contract known, by id: the record's own replace those of other notices. */
export function knownContracts(record: Notice, others: Others): Map<string, Contract> {
  const contracts = new Map<string, Contract>();
  for (const n of otherNotices(others, record.id))
    for (const c of arrayOf<Contract>(n.contracts)) if (typeof c?.id === 'string') contracts.set(c.id, c);
  for (const c of arrayOf<Contract>(record.contracts)) contracts.set(c.id, c);
  return contracts;
}

/** The value as an array, or an empty one. */
export function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Amount in fen (分), to add money without float drift; undefined if absent. */
export function fen(amount: unknown): number | undefined {
  return typeof amount === 'number' && Number.isFinite(amount) ? Math.round(amount * 100) : undefined;
}

/** Formats fen as yuan with 2 decimals. */
export function yuan(fenAmount: number): string {
  return (fenAmount / 100).toFixed(2);
}
