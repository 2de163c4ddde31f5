/**
 * Refusal bursts: a client address that keeps failing authentication, or a system whose requests
 * keep failing signature verification, is worth one audit entry (`auth.refused_burst`,
 * `signature.refused_burst`) per window, not one per request and not none. Counts live in a
 * bounded map: past `maxKeys`, finished windows go first, then the oldest.
 */
import type { Context } from 'hono';
import type { AuditAction, AuditLog } from '../../audit/index.ts';
import { errorMessage, type Logger } from '../../core/index.ts';
import type { AppEnv } from '../context.ts';
import { clientAddress } from './request.ts';

/** When a run of refusals is a burst. */
export interface BurstSettings {
  /** More refusals than this within the window make a burst. */
  threshold: number;
  windowMs: number;
  /** How many keys are counted at once. */
  maxKeys: number;
}

/** 10 refusals within 60 s; counts kept for at most 10 000 keys. */
export const DEFAULT_BURST: BurstSettings = { threshold: 10, windowMs: 60_000, maxKeys: 10_000 };

/** Counts refusals per key in fixed windows; tells once per window when a key crosses the threshold. */
export class RefusalCounter {
  private readonly windows = new Map<string, { start: number; count: number; reported: boolean }>();

  constructor(
    private readonly settings: BurstSettings = DEFAULT_BURST,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one refusal; the count when this one makes the burst (once per window), otherwise null. */
  count(key: string): number | null {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.settings.windowMs) {
      if (!window && this.windows.size >= this.settings.maxKeys) this.prune(now);
      window = { start: now, count: 0, reported: false };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.reported || window.count <= this.settings.threshold) return null;
    window.reported = true;
    return window.count;
  }

  /** How many keys are being counted. */
  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.settings.windowMs) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.settings.maxKeys) break;
      this.windows.delete(key);
    }
  }
}

/** The audit of refused authentication and signatures, as the app wires it into the guards. */
export class RefusalAudit {
  private readonly auth: RefusalCounter;
  private readonly signature: RefusalCounter;

  constructor(
    private readonly deps: { audit: AuditLog; logger: Logger },
    private readonly settings: BurstSettings = DEFAULT_BURST,
    now: () => number = Date.now,
  ) {
    this.auth = new RefusalCounter(settings, now);
    this.signature = new RefusalCounter(settings, now);
  }

  /** A refused authentication, counted by client address (never by the credential presented). */
  readonly authRefused = (c: Context<AppEnv>): void => {
    const address = clientAddress(c);
    const count = this.auth.count(address);
    if (count !== null) this.report('auth.refused_burst', c, address, count, {});
  };

  /** A refused signature of an identified system, counted by system. */
  readonly signatureRefused = (c: Context<AppEnv>): void => {
    const systemId = c.get('system').id;
    const count = this.signature.count(systemId);
    if (count !== null) this.report('signature.refused_burst', c, systemId, count, { systemId });
  };

  private report(action: AuditAction, c: Context<AppEnv>, target: string, count: number, extra: Record<string, unknown>): void {
    const address = clientAddress(c);
    const systemId = extra['systemId'] as string | undefined;
    // The refusal is answered at once; the audit entry follows, and its failure is logged, never the request's.
    void this.deps.audit
      .append({
        action,
        actor: 'gateway',
        target,
        ...(systemId ? { systems: [systemId] } : {}),
        details: { ...extra, address, count, windowSeconds: this.settings.windowMs / 1000 },
        address,
        requestId: c.get('requestId'),
      })
      .catch((error: unknown) => this.deps.logger.error('auditing a refusal burst failed', { action, error: errorMessage(error) }));
  }
}
