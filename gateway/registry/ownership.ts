/**
 * Process ownership rules (docs/security.md, "Process ownership"): the system whose record opens a
 * procurement process (an ocid) or an e-marketplace order (a transaction id) owns it; others may
 * add only what the registry's `contribute` grants them. Pure functions of the registry, used both
 * at ingest (to build the claim) and at read (to filter records that were never allowed).
 */
import { processKeyOf, type RecordHeader, subtypeOf } from '../core/index.ts';
import { withinAreas } from './areas.ts';
import type { ContributionGrant, OwnershipTransfer, SystemEntry } from './types.ts';

/** The owners a record may be written under: its publisher itself, and the owners its grants name. */
export interface WriteRights {
  /** The publisher may open the process (become its owner) when it has none yet. */
  mayOpen: boolean;
  /** Owners whose processes it may add this record to besides its own: '*' for any owner. */
  contributesTo: '*' | string[];
}

/** Looks systems up by id (the live registry). */
export type SystemLookup = (id: string) => SystemEntry | undefined;

/** Whether `system` publishes this kind of record in this area as a responsible publisher. */
export function publishes(system: SystemEntry, record: Pick<RecordHeader, 'recordType' | 'regionCode'>): boolean {
  const rights = system.publish;
  return !!rights?.recordTypes.includes(record.recordType) && withinAreas(record.regionCode, rights.areas);
}

/** The grants of `system` that cover this record (kind, notice or transaction type, area). */
export function grantsFor(system: SystemEntry, record: RecordHeader): ContributionGrant[] {
  return (system.contribute ?? []).filter((grant) => grantCovers(grant, record));
}

function grantCovers(grant: ContributionGrant, record: RecordHeader): boolean {
  if (!grant.recordTypes.includes(record.recordType)) return false;
  const types = record.recordType === 'notice' ? grant.noticeTypes : grant.transactionTypes;
  if (types && !types.includes(subtypeOf(record))) return false;
  return withinAreas(record.regionCode, grant.areas);
}

/** True when a grant's `ofOwners` (kinds or ids; absent: anyone) names this owner. */
export function grantNamesOwner(grant: ContributionGrant, owner: string, systems: SystemLookup): boolean {
  if (!grant.ofOwners) return true;
  const kind = systems(owner)?.kind;
  return grant.ofOwners.some((o) => o === owner || o === kind);
}

/** The transfers that cover a process key (its prefix matches, or they cover every process). */
export function transfersCovering(transfers: readonly OwnershipTransfer[], processKey: string): OwnershipTransfer[] {
  return transfers.filter((t) => t.processPrefix === undefined || processKey.startsWith(t.processPrefix));
}

/**
 * What `system` may do with `record`: open its process when it publishes this kind of record here
 * (unless a transfer handed its processes there to a successor), and contribute where granted.
 * Null when neither: the record is outside the system's rights altogether.
 */
export function writeRights(
  system: SystemEntry,
  record: RecordHeader,
  systems: () => readonly SystemEntry[],
  transfers: readonly OwnershipTransfer[],
): WriteRights | null {
  const handedOver = transfersCovering(transfers, processKeyOf(record)).some((t) => t.from === system.id);
  const mayOpen = publishes(system, record) && !handedOver;
  const grants = grantsFor(system, record);
  if (!mayOpen && grants.length === 0 && !publishes(system, record)) return null;
  if (grants.some((g) => !g.ofOwners)) return { mayOpen, contributesTo: '*' };
  const byKind = new Set(grants.flatMap((g) => g.ofOwners ?? []));
  const owners = systems()
    .filter((s) => s.id !== system.id && (byKind.has(s.id) || byKind.has(s.kind)))
    .map((s) => s.id);
  // Ids named directly stay granted even when no longer registered (a retired owner's processes).
  for (const named of byKind) if (!owners.includes(named) && !isKind(named)) owners.push(named);
  return { mayOpen, contributesTo: owners };
}

const KINDS = new Set(['provincial', 'trading-platform', 'e-marketplace', 'finance-department', 'ministry']);

function isKind(name: string): boolean {
  return KINDS.has(name);
}

/**
 * Whether a record published by `source` belongs in a process owned by `owner` (the read-side
 * rule, for records stored before ownership was enforced): the owner's own records, those of a
 * former owner that transferred the process to it, and granted contributions.
 */
export function allowedInProcess(
  source: string,
  owner: string,
  record: RecordHeader,
  systems: SystemLookup,
  transfers: readonly OwnershipTransfer[],
): boolean {
  if (source === owner) return true;
  if (formerOwners(owner, transfersCovering(transfers, processKeyOf(record))).has(source)) return true;
  const publisher = systems(source);
  if (!publisher) return false;
  return grantsFor(publisher, record).some((grant) => grantNamesOwner(grant, owner, systems));
}

/** Every system whose processes reached `owner` through a chain of transfers. */
function formerOwners(owner: string, transfers: OwnershipTransfer[]): Set<string> {
  const former = new Set<string>();
  const queue = [owner];
  while (queue.length > 0) {
    const to = queue.pop()!;
    for (const t of transfers)
      if (t.to === to && !former.has(t.from) && t.from !== owner) {
        former.add(t.from);
        queue.push(t.from);
      }
  }
  return former;
}
