/**
 * The webhook retry policy: exponential backoff with jitter, `Retry-After` honoured,
 * dead-lettering after too many attempts or too long, and automatic disabling of endpoints
 * that keep failing.
 */

/** How hard the gateway tries before giving an event to the dead-letter store. */
export interface RetryPolicy {
  /** Attempts per event before it is dead-lettered (the first delivery counts). */
  maxAttempts: number;
  /** Time since an event's first attempt after which it is dead-lettered. */
  maxAgeMs: number;
  /** Delay before the second attempt; doubled for every further one. */
  baseDelayMs: number;
  /** Longest delay between two attempts, including one asked for by `Retry-After`. */
  maxDelayMs: number;
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs: number;
  /** An endpoint whose last this-many events were all dead-lettered is disabled. */
  disableAfterDeadLetters: number;
  /** Time allowed for one request, connection included. */
  requestTimeoutMs: number;
}

/** Production defaults, close to what public webhook services use (about a day of retries). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 12,
  maxAgeMs: 24 * 3600_000,
  baseDelayMs: 5_000,
  maxDelayMs: 3600_000,
  disableAfterMs: 5 * 24 * 3600_000,
  disableAfterDeadLetters: 20,
  requestTimeoutMs: 15_000,
};

/**
 * The delay before attempt `attempt + 1` after `attempt` failures: base·2^(attempt−1), capped,
 * with "equal jitter" (half fixed, half random) so that retries of many events spread out.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Milliseconds asked for by a `Retry-After` header (delta-seconds or HTTP date), or null. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** What the worker does after a response (or none). */
export type Verdict = { kind: 'delivered' } | { kind: 'gone' } | { kind: 'retry'; delayMs: number } | { kind: 'dead-letter' };

/**
 * Judges one attempt: 2xx delivered; 410 Gone disables the endpoint; anything else (including
 * 429 and no response at all) is retried after the backoff or the `Retry-After` asked for,
 * until the policy's attempt or age limit sends the event to the dead-letter store.
 */
export function judge(
  policy: RetryPolicy,
  outcome: { status: number | null; retryAfter?: string | undefined },
  attempt: number,
  firstAttemptAt: number,
  now: Date,
  random?: () => number,
): Verdict {
  const { status } = outcome;
  if (status !== null && status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  const asked = parseRetryAfter(outcome.retryAfter, now);
  const delayMs = Math.min(policy.maxDelayMs, asked ?? backoffDelay(policy, attempt, random));
  if (attempt >= policy.maxAttempts) return { kind: 'dead-letter' };
  if (now.getTime() + delayMs - firstAttemptAt > policy.maxAgeMs) return { kind: 'dead-letter' };
  return { kind: 'retry', delayMs };
}
