/** What the load generator (bench/load.ts) is told to do, and what it reports. */

/** One load run. */
export interface LoadSpec {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** single: one record per request; batch: a JSON array of `batchSize` records. */
  kind: 'single' | 'batch';
  batchSize?: number;
  /** Distinguishes the record ids of this run from every other run against the same gateway (3 chars of [0-9a-z]). */
  tag: string;
  connections: number;
  durationS: number;
  /** Requests per second, paced on a clock (bench/load.ts); as fast as the connections go when absent. */
  overallRate?: number;
  /** File to write `<record id> <send time ms>` lines to. */
  sendLog?: string;
}

/** The result of one load run. */
export interface LoadSummary {
  durationS: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  recordsPerRequest: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}
