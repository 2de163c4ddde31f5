import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox, signCompact, sm2PointOf, suiteOf, verifyCompact } from '../../gateway/crypto/index.ts';
import { describeWithService } from '../support/services.ts';

/** OpenSSL's command line with SM2 (distinguishing id) support: the independent implementation. */
const openssl = (() => {
  try {
    return execFileSync('openssl', ['list', '-public-key-algorithms'], { encoding: 'utf8' }).includes('SM2');
  } catch {
    return false;
  }
})();

/** Skipped with the reason where OpenSSL lacks SM2; required under CI, so the cross-check cannot go quiet there. */
const describeWithOpenssl = describeWithService(
  'OpenSSL with SM2',
  openssl ? { kind: 'local', address: 'openssl' } : { kind: 'missing', reason: 'openssl not found or built without SM2' },
);

describe('SM3 (GB/T 32905-2016 appendix A)', () => {
  const sm3 = suiteOf('sm2+sm3');

  it('hashes "abc" to the standard example A.1', () => {
    expect(sm3.hash('abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes the 64-byte "abcd" × 16 to the standard example A.2', () => {
    expect(sm3.hash('abcd'.repeat(16)).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('computes HMAC-SM3 as RFC 2104 over SM3 (64-byte block)', () => {
    const key = randomBytes(32);
    const message = 'id.1700000000.{"a":1}';
    expect(sm3.hmac(key, message)).toEqual(createHmac('sm3', key).update(message).digest());
    expect(sm3.hmac(key, message)).not.toEqual(suiteOf('ed25519+sha256').hmac(key, message));
  });
});

/** The SEC1 DER of an SM2 private key (OID 1.2.156.10197.1.301), for OpenSSL. */
function sm2Pem(dir: string, d: Buffer, point: string): string {
  const der = Buffer.from(`30770201010420${d.toString('hex')}a00a06082a811ccf5501822da144034200${point}`, 'hex');
  writeFileSync(join(dir, 'key.der'), der);
  execFileSync('openssl', ['ec', '-inform', 'DER', '-in', join(dir, 'key.der'), '-out', join(dir, 'key.pem')], { stdio: 'ignore' });
  execFileSync('openssl', ['pkey', '-in', join(dir, 'key.pem'), '-pubout', '-out', join(dir, 'pub.pem')]);
  return dir;
}

/** r || s (64 bytes) as the DER SEQUENCE of two INTEGERs OpenSSL writes, and back. */
function toDer(rs: Buffer): Buffer {
  const int = (b: Buffer) => {
    let v = b;
    while (v.length > 1 && v[0] === 0 && v[1]! < 0x80) v = v.subarray(1);
    if (v[0]! >= 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(rs.subarray(0, 32)), int(rs.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
function fromDer(der: Buffer): Buffer {
  const rLen = der[3]!;
  const r = der.subarray(4, 4 + rLen);
  const s = der.subarray(6 + rLen);
  const fix = (b: Buffer) => Buffer.from(b.toString('hex').replace(/^00/, '').padStart(64, '0'), 'hex');
  return Buffer.concat([fix(r), fix(s)]);
}

describeWithOpenssl('SM2 signatures (GB/T 32918.2-2016) against OpenSSL', () => {
  const suite = suiteOf('sm2+sm3');
  const setup = () => {
    const jwk = suite.generateKey();
    const key = suite.signingKey(jwk);
    const dir = sm2Pem(mkdtempSync(join(tmpdir(), 'pxg-sm2-')), Buffer.from(jwk.d, 'base64url'), sm2PointOf(key.publicJwk));
    return { key, dir };
  };
  const pkeyutl = (dir: string, args: string[]) =>
    execFileSync('openssl', ['pkeyutl', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', ...args], { cwd: dir });

  it('signs with Z over the default user id 1234567812345678 so that OpenSSL verifies', () => {
    const { key, dir } = setup();
    const message = Buffer.from('{"rootHash":"ab","treeSize":3}');
    writeFileSync(join(dir, 'm'), message);
    writeFileSync(join(dir, 'sig'), toDer(key.sign(message)));
    expect(pkeyutl(dir, ['-verify', '-pubin', '-inkey', 'pub.pem', '-in', 'm', '-sigfile', 'sig']).toString()).toContain(
      'Verified Successfully',
    );
  });

  it('verifies what OpenSSL signs, and not under another user id or message', () => {
    const { key, dir } = setup();
    writeFileSync(join(dir, 'm'), 'header.payload');
    pkeyutl(dir, ['-sign', '-inkey', 'key.pem', '-in', 'm', '-out', 'sig']);
    const signature = fromDer(readFileSync(join(dir, 'sig')));
    const token = `${Buffer.from(JSON.stringify({ alg: 'SM2-SM3', kid: key.publicJwk.kid })).toString('base64url')}`;
    // The JWS signing input is header.payload; sign that exact text with OpenSSL to check verifyCompact.
    writeFileSync(join(dir, 'jws'), `${token}.${Buffer.from('hello').toString('base64url')}`);
    pkeyutl(dir, ['-sign', '-inkey', 'key.pem', '-in', 'jws', '-out', 'jws.sig']);
    const jws = `${readFileSync(join(dir, 'jws'), 'utf8')}.${fromDer(readFileSync(join(dir, 'jws.sig'))).toString('base64url')}`;
    expect(verifyCompact(jws, [key.publicJwk]).payload.toString()).toBe('hello');
    expect(signature).toHaveLength(64);
    execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-sign',
        '-rawin',
        '-digest',
        'sm3',
        '-pkeyopt',
        'distid:ALICE123@YAHOO.COM',
        '-inkey',
        'key.pem',
        '-in',
        'jws',
        '-out',
        'other.sig',
      ],
      { cwd: dir },
    );
    const otherId = `${readFileSync(join(dir, 'jws'), 'utf8')}.${fromDer(readFileSync(join(dir, 'other.sig'))).toString('base64url')}`;
    expect(() => verifyCompact(otherId, [key.publicJwk])).toThrow(/verification failed/);
  });

  it('does not take ECDSA over the SM2 curve for an SM2 signature', () => {
    const { key, dir } = setup();
    writeFileSync(join(dir, 'm'), 'header.payload');
    // ECDSA-with-SM3 on the same key (no Z, different equation) must not verify as SM2.
    execFileSync('openssl', ['dgst', '-sm3', '-sign', 'key.pem', '-out', 'ecdsa.sig', 'm'], { cwd: dir });
    const header = Buffer.from(JSON.stringify({ alg: 'SM2-SM3', kid: key.publicJwk.kid })).toString('base64url');
    const forged = `${header}.${Buffer.from('x').toString('base64url')}.${fromDer(readFileSync(join(dir, 'ecdsa.sig'))).toString('base64url')}`;
    expect(() => verifyCompact(forged, [key.publicJwk])).toThrow();
  });
});

describe.each(['ed25519+sha256', 'sm2+sm3'] as const)('suite %s', (id) => {
  const suite = suiteOf(id);

  it('signs a compact JWS that verifies with the published key only', () => {
    const key = suite.signingKey(suite.generateKey());
    const other = suite.signingKey(suite.generateKey());
    const token = signCompact(key, { typ: 'test' }, '{"a":1}');
    expect(verifyCompact(token, [other.publicJwk, key.publicJwk]).payload.toString()).toBe('{"a":1}');
    expect(() => verifyCompact(token, [{ ...other.publicJwk, kid: key.publicJwk.kid }])).toThrow(/verification failed/);
    const tampered = token.replace(/\.[^.]+\./, `.${Buffer.from('{"a":2}').toString('base64url')}.`);
    expect(() => verifyCompact(tampered, [key.publicJwk])).toThrow(/verification failed/);
  });

  it('publishes the key with alg, crv, kid and use', () => {
    const { publicJwk } = suite.signingKey(suite.generateKey());
    expect(publicJwk).toMatchObject({ alg: suite.signatureAlg, use: 'sig', kty: id === 'sm2+sm3' ? 'EC' : 'OKP' });
    expect(publicJwk.crv).toBe(id === 'sm2+sm3' ? 'SM2' : 'Ed25519');
    expect(publicJwk).not.toHaveProperty('d');
  });

  it('seals a webhook secret so that no plain text remains, bound to its row', () => {
    const box = new SecretBox(randomBytes(32), id);
    const sealed = box.seal('whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', 'sub-1');
    expect(sealed).not.toContain('whsec_');
    expect(sealed).toContain(id === 'sm2+sm3' ? 'sm4-gcm' : 'aes-256-gcm');
    expect(box.open(sealed, 'sub-1')).toBe('whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0');
    expect(() => box.open(sealed, 'sub-2')).toThrow();
  });
});
