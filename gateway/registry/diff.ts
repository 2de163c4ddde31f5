/**
 * What a registry reload changed, for the audit log: systems added, removed and changed (by id,
 * with the sections that differ), declared subscriptions by id, delivery settings by name. Only
 * names, never values: credentials hold secrets and key hashes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { RegistryFile, SystemEntry } from './types.ts';

/** The changes between two registry versions. */
export interface RegistryChanges {
  systems: { added: string[]; removed: string[]; changed: { id: string; sections: string[] }[] };
  subscriptions: { added: string[]; removed: string[]; changed: string[] };
  /** Delivery settings (`allowTargets`, `retry`, `lanes`, …) whose value changed. */
  delivery: string[];
}

/** The sections of a system entry compared one by one; credentials per kind of credential. */
function sections(system: SystemEntry): Record<string, unknown> {
  const { credentials, ...rest } = system;
  const flat: Record<string, unknown> = { ...rest };
  for (const [kind, value] of Object.entries(credentials)) flat[`credentials.${kind}`] = value;
  return flat;
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

/** Compares two registry versions. */
export function diffRegistries(before: RegistryFile, after: RegistryFile): RegistryChanges {
  const oldSystems = byId(before.systems);
  const newSystems = byId(after.systems);
  const changed: { id: string; sections: string[] }[] = [];
  for (const [id, system] of newSystems) {
    const old = oldSystems.get(id);
    if (!old) continue;
    const differ = changedKeys(sections(old), sections(system));
    if (differ.length > 0) changed.push({ id, sections: differ });
  }
  const oldSubs = byId(before.subscriptions);
  const newSubs = byId(after.subscriptions);
  return {
    systems: {
      added: [...newSystems.keys()].filter((id) => !oldSystems.has(id)),
      removed: [...oldSystems.keys()].filter((id) => !newSystems.has(id)),
      changed,
    },
    subscriptions: {
      added: [...newSubs.keys()].filter((id) => !oldSubs.has(id)),
      removed: [...oldSubs.keys()].filter((id) => !newSubs.has(id)),
      changed: [...newSubs.keys()].filter((id) => oldSubs.has(id) && !isDeepStrictEqual(oldSubs.get(id), newSubs.get(id))),
    },
    delivery: changedKeys({ ...before.delivery }, { ...after.delivery }),
  };
}
