/** State-store availability: the error that means "not now", answered 503. */

/**
 * Thrown (or rejected with) when the state store cannot be reached or cannot take writes right now
 * (server down, connection lost, pool exhausted, disk full or locked); retrying later can help.
 * The HTTP layer answers it with 503 `store_unavailable` and Retry-After.
 */
export class StoreUnavailableError extends Error {
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
