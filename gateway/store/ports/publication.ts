/** The publication store port: the daily bulk files of public OCDS data, shared by every gateway process. */

/** A day's bulk file as listed in the index (without its bytes). */
export interface BulkDaySummary {
  /** The publication day, `YYYY-MM-DD` (Asia/Shanghai). */
  day: string;
  /** Release packages (lines) in the file. */
  packages: number;
  /** Releases in the file (one per package). */
  releases: number;
  /** sha-256 (hex) of the gzipped file. */
  sha256: string;
  /** Size of the gzipped file in bytes. */
  bytes: number;
  /** Fingerprint of the publication policy the file was built under. */
  policy: string;
  builtAtMs: number;
}

/** A day's bulk file: the gzipped JSON Lines and its manifest (JSON text, stored as built). */
export interface BulkDay extends BulkDaySummary {
  gzip: Uint8Array;
  manifest: string;
}

/**
 * Where the daily bulk files live: in the state store, so every process serves every day, and a
 * lease there makes one process build a day while the others wait for it.
 */
export interface PublicationStore {
  /** Stores a day's file; replaces one built under another policy; false when one under the same policy is there. */
  putBulkDay(day: BulkDay): Promise<boolean>;
  /** The day's file, or undefined. */
  bulkDay(day: string): Promise<BulkDay | undefined>;
  /** Every stored day, ascending. */
  bulkDays(): Promise<BulkDaySummary[]>;
  /**
   * Takes or extends the lease `name` until `nowMs + ttlMs`: true when `holder` has it, false while
   * another holder's is unexpired (like the pull scheduler's polling lease).
   */
  lease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean>;
  /** Gives up the lease, if `holder` has it. */
  releaseLease(name: string, holder: string): Promise<void>;
}
