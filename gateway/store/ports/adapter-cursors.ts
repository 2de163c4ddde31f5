/** The adapter cursor store port: how far the gateway has read each polled system. */

/** How far the gateway has read a polled system's feed (pull mode); `revision` changes on every write. */
export interface PullPosition {
  /** The system API's own opaque cursor; null before the first page was taken. */
  cursor: string | null;
  revision: number;
  /** When the last poll ended, successful or not (epoch ms); null when never polled. */
  polledAtMs: number | null;
  /** Why the last poll failed; null after a successful one. */
  lastError: string | null;
}

/**
 * Cursors of the systems the gateway pulls from. A cursor moves only after the page's records were
 * ingested, so a crash re-reads the page (ingest is idempotent) instead of skipping it.
 */
export interface AdapterCursorStore {
  /** The position of a system's feed ({ cursor: null, revision: 0 } when never pulled). */
  position(systemId: string): Promise<PullPosition>;
  /** Moves the cursor if it is still at `revision` (compare-and-set); false when another poller moved it. */
  advance(systemId: string, revision: number, cursor: string, atMs: number): Promise<boolean>;
  /** Notes a failed poll; the cursor stays where it is. */
  recordFailure(systemId: string, error: string, atMs: number): Promise<void>;
  /** Every pulled system's position, ascending by system id, for monitoring. */
  positions(): Promise<({ systemId: string } & PullPosition)[]>;
  /**
   * Takes or extends the right to poll a system until `nowMs + ttlMs`: true when `holder` has it,
   * false while another holder's is unexpired. It only spares gateway processes fetching the same
   * pages; correctness never depends on it (cursor moves are compare-and-set, ingest is idempotent).
   */
  leasePolling(systemId: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean>;
  /** Gives up the right to poll a system, if `holder` has it. */
  releasePolling(systemId: string, holder: string): Promise<void>;
}
