/**
 * Encryption at rest of the secrets the gateway keeps in its state store (webhook signing secrets):
 * AES-256-GCM, or SM4-GCM (GB/T 32907-2016) under the `sm2+sm3` suite, with a 32-byte key from
 * PXG_SECRETS_KEY. A sealed value reads `pxgenc:v1:<aes-256-gcm|sm4-gcm>:<base64url iv>:<base64url
 * ciphertext || tag>`; it names its cipher, so rows written before a suite switch still open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sm4 } from 'sm-crypto-v2';
import type { SuiteId } from './suite.ts';

const PREFIX = 'pxgenc:v1:';

/** The cipher of a suite's sealed secrets. */
export type SecretCipher = 'aes-256-gcm' | 'sm4-gcm';

/** Seals and opens secrets with one key. */
export class SecretBox {
  readonly cipher: SecretCipher;
  private keys: { aes: Buffer; sm4: Buffer } | null = null;

  /** `key`: 32 bytes (PXG_SECRETS_KEY), or a function reading it on first use (construction does no I/O). */
  constructor(
    private readonly key: Buffer | (() => Buffer),
    suite: SuiteId,
  ) {
    this.cipher = suite === 'sm2+sm3' ? 'sm4-gcm' : 'aes-256-gcm';
  }

  private get aesKey(): Buffer {
    return this.loaded().aes;
  }

  private get sm4Key(): Buffer {
    return this.loaded().sm4;
  }

  private loaded(): { aes: Buffer; sm4: Buffer } {
    if (this.keys) return this.keys;
    const key = typeof this.key === 'function' ? this.key() : this.key;
    if (key.length !== 32) throw new RangeError('the secrets key must be 32 bytes');
    // SM4 keys are 128 bits: derived from the configured key (HKDF-SM3, RFC 5869 structure).
    this.keys = { aes: key, sm4: Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'pxg secrets sm4-gcm', 16)) };
    return this.keys;
  }

  /** True when `value` is sealed (not plain text). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** The sealed form of a secret; `context` (e.g. the subscription id) is bound as associated data. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const data = Buffer.from(plain, 'utf8');
    let sealed: Buffer;
    if (this.cipher === 'aes-256-gcm') {
      const c = createCipheriv('aes-256-gcm', this.aesKey, iv).setAAD(Buffer.from(context));
      sealed = Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
    } else {
      const { output, tag } = sm4.encrypt(data, this.sm4Key, {
        mode: 'gcm',
        iv,
        associatedData: Buffer.from(context),
        output: 'array',
        outputTag: true,
      });
      sealed = Buffer.concat([output, tag ?? new Uint8Array()]);
    }
    return `${PREFIX}${this.cipher}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /** The plain secret of a sealed value (a plain value is returned as it is: rows written before encryption). */
  open(value: string, context: string): string {
    if (!SecretBox.isSealed(value)) return value;
    const [cipher, ivText, bodyText] = value.slice(PREFIX.length).split(':');
    const iv = Buffer.from(ivText ?? '', 'base64url');
    const body = Buffer.from(bodyText ?? '', 'base64url');
    const data = body.subarray(0, body.length - 16);
    const tag = body.subarray(body.length - 16);
    if (cipher === 'aes-256-gcm') {
      const d = createDecipheriv('aes-256-gcm', this.aesKey, iv).setAAD(Buffer.from(context)).setAuthTag(tag);
      return Buffer.concat([d.update(data), d.final()]).toString('utf8');
    }
    if (cipher === 'sm4-gcm') {
      const out = sm4.decrypt(data, this.sm4Key, { mode: 'gcm', iv, associatedData: Buffer.from(context), tag, output: 'array' });
      return Buffer.from(out).toString('utf8');
    }
    throw new Error(`unknown secret cipher ${String(cipher)}`);
  }
}

/** The 32-byte key of PXG_SECRETS_KEY (64 hex digits or base64 of 32 bytes), or an error message. */
export function parseSecretsKey(text: string): Buffer | string {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return bytes.length === 32 ? bytes : 'PXG_SECRETS_KEY must be 32 bytes, as 64 hex digits or base64';
}

/**
 * The embedded deployment's secrets key when PXG_SECRETS_KEY is unset: generated once into the data
 * dir (`secrets.key`, 64 hex digits, mode 0600), like the receipt signing key.
 */
export function dataDirSecretsKey(dataDir: string): Buffer {
  const file = join(dataDir, 'secrets.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    throw error;
  }
  return key;
}
