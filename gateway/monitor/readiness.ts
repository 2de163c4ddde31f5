/**
 * Readiness (GET /readyz): a deep check that the gateway can do its work — the record log takes
 * writes, the state store answers, the receipt signing key is loaded — cached for a few seconds
 * so that a busy probe does not hammer the log and the store.
 */
import type { RecordLog } from '../log/index.ts';
import type { JournalStore } from '../store/index.ts';

/** One failed check, in both languages. */
export interface NotReadyReason {
  check: 'log' | 'store' | 'signing_key';
  message: { zh: string; en: string };
}

/** The outcome of a deep check. */
export interface Readiness {
  ready: boolean;
  checkedAt: string;
  checks: { log: boolean; store: boolean; signingKey: boolean };
  reasons: NotReadyReason[];
}

/** What readiness is checked against. */
export interface ReadinessSources {
  log: Pick<RecordLog, 'writable'>;
  journal: Pick<JournalStore, 'journalHead'>;
  /** True when the receipt signing key is loaded. */
  signingKeyLoaded: () => boolean;
}

const TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), TIMEOUT_MS);
  });
  return Promise.race([promise.catch(() => fallback), timeout]).finally(() => clearTimeout(timer));
}

/** Runs the deep check at most once per `cacheMs`. */
export class ReadinessCheck {
  private last: { atMs: number; result: Promise<Readiness> } | null = null;

  constructor(
    private readonly sources: ReadinessSources,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(): Promise<Readiness> {
    const nowMs = this.now();
    if (this.last && nowMs - this.last.atMs < this.cacheMs) return this.last.result;
    const result = this.run(nowMs);
    this.last = { atMs: nowMs, result };
    return result;
  }

  private async run(nowMs: number): Promise<Readiness> {
    const [log, store] = await Promise.all([
      within(this.sources.log.writable(), false),
      within(
        this.sources.journal.journalHead().then(() => true),
        false,
      ),
    ]);
    let signingKey = false;
    try {
      signingKey = this.sources.signingKeyLoaded();
    } catch {
      signingKey = false;
    }
    const reasons: NotReadyReason[] = [];
    if (!log) reasons.push({ check: 'log', message: { zh: '记录日志不可写入', en: 'The record log cannot accept writes' } });
    if (!store) reasons.push({ check: 'store', message: { zh: '状态存储无法访问', en: 'The state store does not answer' } });
    if (!signingKey)
      reasons.push({ check: 'signing_key', message: { zh: '回执签名密钥未加载', en: 'The receipt signing key is not loaded' } });
    return { ready: reasons.length === 0, checkedAt: new Date(nowMs).toISOString(), checks: { log, store, signingKey }, reasons };
  }
}
