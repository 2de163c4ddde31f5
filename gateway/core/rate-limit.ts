/**
 * Per-system rate limits: a token bucket per system, refilled continuously at the system's
 * `requestsPerSecond`, holding at most `burst` tokens. In-process: each gateway process limits on its own.
 */

/** The verdict for one request. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Token buckets by system id. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one token for `systemId`; without a limit every request is allowed. */
  take(systemId: string, limit: { requestsPerSecond: number; burst?: number } | undefined): RateVerdict {
    if (!limit) return { allowed: true };
    const capacity = limit.burst ?? Math.max(1, Math.ceil(limit.requestsPerSecond));
    const now = this.now();
    const bucket = this.buckets.get(systemId) ?? { tokens: capacity, at: now };
    const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * limit.requestsPerSecond);
    if (tokens >= 1) {
      this.buckets.set(systemId, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    this.buckets.set(systemId, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - tokens) / limit.requestsPerSecond) };
  }
}
