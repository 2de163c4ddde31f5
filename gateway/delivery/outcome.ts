/**
 * Expected failures of the delivery layer, as values. Their codes are entries of the HTTP error
 * catalogue (gateway/core/problems.ts), so the routes render them without translation tables.
 */
import type { Bilingual } from '../core/index.ts';

/** Why a delivery operation was refused. */
export type DeliveryFailureCode =
  | 'not_found'
  | 'forbidden'
  | 'subscription_invalid'
  | 'subscription_exists'
  | 'subscription_managed_by_registry'
  | 'subscription_paused'
  | 'webhook_target_forbidden'
  | 'cursor_invalid'
  | 'feed_mode_mismatch'
  | 'webhook_delivery_failed';

/** A refused operation with a bilingual explanation and, for invalid input, the offending fields. */
export interface DeliveryFailure {
  ok: false;
  code: DeliveryFailureCode;
  detail?: Bilingual;
  errors?: { pointer: string; keyword: string; message: Bilingual }[];
  extensions?: Record<string, unknown>;
}

/** A successful operation's value, or why it failed. */
export type Outcome<T> = { ok: true; value: T } | DeliveryFailure;

/** Shorthand for a failure. */
export function fail(code: DeliveryFailureCode, zh?: string, en?: string, more: Partial<DeliveryFailure> = {}): DeliveryFailure {
  const failure: DeliveryFailure = { ok: false, code, ...more };
  if (zh !== undefined && en !== undefined) failure.detail = { zh, en };
  return failure;
}

/** Shorthand for a success. */
export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}
