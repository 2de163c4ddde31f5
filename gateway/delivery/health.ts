/**
 * The health of one webhook endpoint while its worker runs: active → failing on the first
 * failed attempt, back to active on any success, disabled on 410 Gone, after failing for too
 * long, or after too many dead letters in a row. Only transitions are written to the store
 * (plus the last success and failure times once per batch), so a busy endpoint costs no extra writes.
 */
import type { DeliveryStore, EndpointState } from '../store/index.ts';
import type { RetryPolicy } from './retry.ts';

/** The state of an endpoint never seen before. */
export function initialEndpointState(subscriptionId: string): EndpointState {
  return {
    subscriptionId,
    status: 'active',
    reason: null,
    since: new Date(0).toISOString(),
    consecutiveDeadLetters: 0,
    lastSuccessAt: null,
    lastFailureAt: null,
  };
}

/** Tracks and persists one endpoint's state; `stopped` aborts when the endpoint is disabled. */
export class EndpointHealth {
  private readonly stopper = new AbortController();
  private dirty = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private state: EndpointState,
    private readonly store: DeliveryStore,
    private readonly policy: RetryPolicy,
  ) {}

  /** Aborts once the endpoint is disabled: pending retries stop waiting. */
  get stopped(): AbortSignal {
    return this.stopper.signal;
  }

  get current(): EndpointState {
    return this.state;
  }

  succeeded(now: Date): void {
    const at = now.toISOString();
    if (this.state.status !== 'active') {
      this.persist({ ...this.state, status: 'active', reason: null, since: at, consecutiveDeadLetters: 0, lastSuccessAt: at });
      return;
    }
    // A busy endpoint's last success is written at most once a second.
    const stale = !this.state.lastSuccessAt || now.getTime() - Date.parse(this.state.lastSuccessAt) >= 1000;
    if (stale || this.state.consecutiveDeadLetters > 0) this.dirty = true;
    this.state = { ...this.state, consecutiveDeadLetters: 0, lastSuccessAt: at };
  }

  failed(now: Date, reason: string): void {
    const at = now.toISOString();
    if (this.state.status === 'active') {
      this.persist({ ...this.state, status: 'failing', reason, since: at, lastFailureAt: at });
      return;
    }
    this.state = { ...this.state, reason, lastFailureAt: at };
    this.dirty = true;
    if (this.state.status === 'failing' && now.getTime() - Date.parse(this.state.since) >= this.policy.disableAfterMs) {
      this.disable(now, `failing since ${this.state.since}: ${reason}`);
    }
  }

  deadLettered(now: Date, reason: string): void {
    const count = this.state.consecutiveDeadLetters + 1;
    this.state = { ...this.state, consecutiveDeadLetters: count };
    this.dirty = true;
    if (count >= this.policy.disableAfterDeadLetters) this.disable(now, `${count} events dead-lettered in a row; last: ${reason}`);
  }

  disable(now: Date, reason: string): void {
    if (this.state.status === 'disabled') return;
    this.persist({ ...this.state, status: 'disabled', reason, since: now.toISOString(), lastFailureAt: now.toISOString() });
    this.stopper.abort();
  }

  private persist(state: EndpointState): void {
    this.state = state;
    this.dirty = false;
    this.writes = this.writes.then(() => this.store.setEndpointState(state)).catch(() => {});
  }

  /** Writes pending changes; waits for every earlier write. */
  async flush(): Promise<void> {
    if (this.dirty) this.persist(this.state);
    await this.writes;
  }
}
