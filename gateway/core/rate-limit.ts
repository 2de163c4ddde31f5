/**
 * Rate limits: a token bucket per key (a system id, or a client address on public routes), refilled
 * continuously at `requestsPerSecond`, holding at most `burst` tokens. In-process: each gateway
 * process limits on its own. Memory is bounded: a bucket that has refilled is the same as no bucket
 * and is dropped when the map grows; past `maxKeys` the oldest go.
 */

/** The verdict for one request. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A limit: sustained rate and burst. */
export interface RateLimit {
  requestsPerSecond: number;
  burst?: number;
}

/** Token buckets by key. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; fullAt: number }>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token for `key`; without a limit every request is allowed. */
  take(key: string, limit: RateLimit | undefined): RateVerdict {
    if (!limit) return { allowed: true };
    const capacity = limit.burst ?? Math.max(1, Math.ceil(limit.requestsPerSecond));
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now, fullAt: now };
    const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * limit.requestsPerSecond);
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    if (!this.buckets.has(key) && this.buckets.size >= this.maxKeys) this.prune(now);
    this.buckets.set(key, { tokens: left, at: now, fullAt: now + ((capacity - left) / limit.requestsPerSecond) * 1000 });
    return allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.ceil((1 - tokens) / limit.requestsPerSecond) };
  }

  /** How many keys hold a bucket (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.fullAt <= now) this.buckets.delete(key);
    // Still full of busy keys: the least recently inserted go first.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
