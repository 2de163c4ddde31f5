/** The nonce store port: request nonces seen recently, shared by every gateway process of a deployment. */

/**
 * Nonces of signed requests (docs/security.md, "Request signing and replay protection"). A nonce is
 * remembered per system until its signature could no longer be accepted anyway, so a replay is
 * refused by whichever process it reaches. Rows past their expiry are purged.
 */
export interface NonceStore {
  /**
   * Remembers `nonce` of `systemId` until `expiresAtMs` (epoch ms): true when it is new, false when
   * it is already remembered and unexpired at `nowMs` (a replay). Atomic across processes.
   */
  remember(systemId: string, nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Deletes nonces expired at `nowMs`; returns how many. */
  purge(nowMs: number): Promise<number>;
}
