/**
 * What the public may read (信息公开), assembled from the journal under the publication policy:
 * release packages in journal order from a cursor, a process's record package, the newest notices
 * of an area for its Atom feed. Every record goes through the policy, then through publicCopy.
 */
import type { EventEnvelope, StandardRecord } from '../core/index.ts';
import { areaPrefix } from '../registry/index.ts';
import type { JournalEntry, JournalStore } from '../store/index.ts';
import type { OcdsPackage, PublicPackages } from './packages.ts';
import { isPublic, type PublicationPolicy, publishesAnything } from './policy.ts';
import { publicCopy } from './redact.ts';

/** Journal entries read per store call. */
const SCAN_BATCH = 500;
/** Most journal entries one release page reads, public or not, so a sparse policy cannot make a page scan everything. */
const MAX_SCAN = 5_000;
/** How far back (journal entries) an area's Atom feed looks. */
export const ATOM_WINDOW = 5_000;
/** Most entries in an Atom feed. */
export const ATOM_ENTRIES = 50;

/** A page of public releases: the package and the cursor to continue from. */
export interface ReleasePage {
  package: OcdsPackage;
  /** The cursor after this page (the same as the request's when nothing more was read). */
  next: number;
  releases: number;
}

/** A public notice version, for the Atom feed. */
export interface PublicNotice {
  record: StandardRecord;
  /** When the gateway accepted it (RFC 3339). */
  time: string;
}

/** The public side of the journal. */
export class PublicationService {
  readonly packages: PublicPackages;

  constructor(
    private readonly options: {
      journal: JournalStore;
      packages: PublicPackages;
      /** The policy in force now (read from the registry at every call). */
      policy: () => PublicationPolicy;
    },
  ) {
    this.packages = options.packages;
  }

  /** The policy in force now. */
  policy(): PublicationPolicy {
    return this.options.policy();
  }

  /** Public releases after the cursor `since` (a journal seq), at most `limit`, as one release package. */
  async releases(since: number, limit: number): Promise<ReleasePage> {
    const policy = this.policy();
    const picked: EventEnvelope[] = [];
    let after = since;
    let lastTime: string | undefined;
    if (publishesAnything(policy)) {
      for (let scanned = 0; picked.length < limit && scanned < MAX_SCAN; ) {
        const batch = await this.options.journal.readJournal(after, Math.min(SCAN_BATCH, MAX_SCAN - scanned));
        if (batch.length === 0) break;
        for (const entry of batch) {
          after = entry.seq;
          lastTime = entry.envelope.time;
          scanned += 1;
          if (isPublic(policy, entry.envelope.data)) picked.push(entry.envelope);
          if (picked.length === limit) break;
        }
      }
    }
    const publishedAt = latest(picked.map((e) => e.time)) ?? lastTime ?? new Date(0).toISOString();
    const records = picked.map((e) => publicCopy(e.data));
    return { package: this.packages.releasePackage(policy, records, publishedAt), next: after, releases: records.length };
  }

  /** The record package of a process (ocid): every public version of its notices; undefined when none is public. */
  async record(ocid: string): Promise<OcdsPackage | undefined> {
    const policy = this.policy();
    if (!publishesAnything(policy)) return undefined;
    const versions = (await this.options.journal.processVersions(ocid)).filter(
      (entry) => entry.envelope.data.ocid === ocid && isPublic(policy, entry.envelope.data),
    );
    if (versions.length === 0) return undefined;
    const publishedAt = latest(versions.map((e) => e.envelope.time))!;
    return this.packages.recordPackage(
      policy,
      versions.map((e) => publicCopy(e.envelope.data)),
      publishedAt,
    );
  }

  /** The newest public notices of an area (a province includes its cities), newest first. */
  async newestInArea(areaCode: string): Promise<PublicNotice[]> {
    const policy = this.policy();
    if (!publishesAnything(policy)) return [];
    const prefix = areaPrefix(areaCode);
    const head = await this.options.journal.journalHead();
    const found: JournalEntry[] = [];
    for (let after = Math.max(0, head - ATOM_WINDOW); after < head; ) {
      const batch = await this.options.journal.readJournal(after, SCAN_BATCH);
      if (batch.length === 0) break;
      for (const entry of batch) {
        const record = entry.envelope.data;
        if (isPublic(policy, record) && String(record.regionCode).startsWith(prefix)) found.push(entry);
      }
      after = batch[batch.length - 1]!.seq;
    }
    return found
      .slice(-ATOM_ENTRIES)
      .reverse()
      .map((entry) => ({ record: publicCopy(entry.envelope.data), time: entry.envelope.time }));
  }
}

/** The latest of RFC 3339 times, or undefined for none. */
export function latest(times: string[]): string | undefined {
  return times.reduce<string | undefined>((a, b) => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a), undefined);
}
