/**
 * The daily bulk files (批量下载): for each publication day (Asia/Shanghai, UTC+8, the day notices
 * are dated in), the public release packages of the records the gateway accepted that day, one
 * release package per line (JSON Lines), gzipped, with a manifest of its sha-256 and counts.
 * Built once per ended day, in the state store, so every process serves every day; a lease in the
 * state store lets one process build while the others skip. Building is idempotent: a day already
 * built under the same policy is left as it is; one built under another policy is rebuilt.
 */
import { createHash, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { errorMessage, type Logger } from '../core/index.ts';
import type { BulkDay, JournalStore, PublicationStore } from '../store/index.ts';
import { isPublic, publishesAnything } from './policy.ts';
import { publicCopy } from './redact.ts';
import type { PublicationService } from './service.ts';

/** Asia/Shanghai has no daylight saving: a fixed +08:00. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** A day is built this long after it ended, so records accepted just before midnight are projected. */
export const BUILD_GRACE_MS = 15 * 60_000;
/** Most days one run builds (a backfill continues at the next run). */
const DAYS_PER_RUN = 31;
const LEASE = 'bulk-build';
const LEASE_TTL_MS = 10 * 60_000;
const SCAN_BATCH = 1_000;

/** The publication day (YYYY-MM-DD, Asia/Shanghai) of an instant. */
export function publicationDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a publication day starts. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

/** True for a well-formed calendar day `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && publicationDay(dayStartMs(text)) === text;
}

/** Builds and keeps the daily bulk files. */
export class BulkBuilder {
  private readonly holder = `bulk-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      journal: JournalStore;
      store: PublicationStore;
      service: PublicationService;
      logger: Logger;
      /** How often the background job looks for days to build. */
      intervalMs?: number;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Starts the background job: a first run at once, then every interval. */
  async start(): Promise<void> {
    const run = () => {
      this.running = this.buildDue().catch((error: unknown) =>
        this.options.logger.error('building the daily bulk files failed; retried at the next run', { error: errorMessage(error) }),
      );
    };
    run();
    this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
  }

  /** Stops the job after the run in progress. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Builds every ended day not yet built under the policy in force (at most a month per run); returns the days built. */
  async buildDue(): Promise<string[]> {
    const policy = this.options.service.policy();
    if (!publishesAnything(policy)) return [];
    const first = (await this.options.journal.readJournal(0, 1))[0];
    if (!first) return [];
    const built = new Map((await this.options.store.bulkDays()).map((d) => [d.day, d.policy]));
    const due: string[] = [];
    const lastEnded = publicationDay(this.now() - BUILD_GRACE_MS - DAY_MS);
    for (let ms = dayStartMs(publicationDay(Date.parse(first.envelope.time))); due.length < DAYS_PER_RUN; ms += DAY_MS) {
      const day = publicationDay(ms);
      if (day > lastEnded) break;
      if (built.get(day) !== policy.fingerprint) due.push(day);
    }
    if (due.length === 0) return [];
    return this.leased(() => this.build(due));
  }

  /** Builds one day now (the operator's or a test's hook), ended or not; returns its stored file. */
  async buildDay(day: string): Promise<BulkDay> {
    if (!isDay(day)) throw new Error(`not a day: ${day}`);
    await this.build([day]);
    return (await this.options.store.bulkDay(day))!;
  }

  /** Runs `work` while holding the build lease; [] when another process holds it. */
  private async leased(work: () => Promise<string[]>): Promise<string[]> {
    const { store } = this.options;
    if (!(await store.lease(LEASE, this.holder, LEASE_TTL_MS, this.now()))) return [];
    try {
      return await work();
    } finally {
      await store.releaseLease(LEASE, this.holder);
    }
  }

  /** One pass over the journal, collecting the public releases of each day, then one stored file per day. */
  private async build(days: string[]): Promise<string[]> {
    const { journal, service, store } = this.options;
    const policy = service.policy();
    const lines = new Map<string, string[]>(days.map((d) => [d, []]));
    for (let after = 0; ; ) {
      const batch = await journal.readJournal(after, SCAN_BATCH);
      if (batch.length === 0) break;
      for (const { envelope } of batch) {
        const dayLines = lines.get(publicationDay(Date.parse(envelope.time)));
        if (!dayLines || !isPublic(policy, envelope.data)) continue;
        const pkg = service.packages.releasePackage(policy, [publicCopy(envelope.data)], envelope.time);
        if (Array.isArray(pkg.releases) && pkg.releases.length > 0) dayLines.push(JSON.stringify(pkg));
      }
      after = batch[batch.length - 1]!.seq;
    }
    for (const day of days) {
      const dayLines = lines.get(day)!;
      const gzip = gzipSync(Buffer.from(dayLines.map((l) => `${l}\n`).join(''), 'utf8'));
      const sha256 = createHash('sha256').update(gzip).digest('hex');
      const builtAtMs = this.now();
      const summary = {
        day,
        packages: dayLines.length,
        releases: dayLines.length,
        sha256,
        bytes: gzip.length,
        policy: policy.fingerprint,
        builtAtMs,
      };
      const manifest = JSON.stringify(
        {
          day,
          timeZone: 'Asia/Shanghai',
          builtAt: new Date(builtAtMs).toISOString(),
          files: [
            {
              name: `${day}.jsonl.gz`,
              mediaType: 'application/gzip',
              sha256,
              bytes: gzip.length,
              packages: dayLines.length,
              releases: dayLines.length,
            },
          ],
        },
        null,
        2,
      );
      await store.putBulkDay({ ...summary, gzip: new Uint8Array(gzip), manifest });
    }
    return days;
  }
}
