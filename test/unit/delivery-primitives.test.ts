/**
 * The delivery layer's pure parts: cursors, Standard Webhooks signatures (checked by the
 * official library), the retry verdicts, filters with entitlements, and the SSRF guard.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { envelopeFor } from '../../gateway/core/envelope.ts';
import type { StandardRecord } from '../../gateway/core/records.ts';
import { decodeCursor, encodeCursor } from '../../gateway/delivery/cursor.ts';
import { admits, areaPrefix, catalogueCodesOf, matches } from '../../gateway/delivery/filter.ts';
import { NO_ADAPTERS, renderWebhook } from '../../gateway/delivery/format.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, judge, parseRetryAfter, type RetryPolicy } from '../../gateway/delivery/retry.ts';
import { generateSecret, isValidSecret, signatureHeaders, signingSecrets } from '../../gateway/delivery/signing.ts';
import { TargetGuard } from '../../gateway/delivery/ssrf.ts';

function notice(over: Partial<StandardRecord> = {}): StandardRecord {
  return {
    recordType: 'notice',
    id: 'n-1',
    version: 1,
    operation: 'create',
    regionCode: '350102',
    ocid: 'ocds-x-1',
    noticeType: 'tender',
    ...over,
  };
}
const SCHEMA = 'https://procurement-exchange.example/schemas/v1/notice.schema.json';

describe('feed cursors', () => {
  it('round-trips a journal seq through an opaque cursor', () => {
    for (const seq of [0, 1, 42, 9_007_199_254_740_991]) expect(decodeCursor(encodeCursor(seq))).toBe(seq);
    expect(encodeCursor(42)).not.toContain('42');
  });

  it('rejects cursors this gateway did not issue', () => {
    for (const bad of [
      '',
      'abc',
      '42',
      Buffer.from('v2.5').toString('base64url'),
      Buffer.from('v1.-1').toString('base64url'),
      Buffer.from('v1.01').toString('base64url'),
      'a'.repeat(100),
      'djEuMQ==!',
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});

describe('webhook signatures', () => {
  it('produces signatures the official standardwebhooks library verifies, with either secret during a rotation', () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const body = JSON.stringify({ hello: '政府采购' });
    const headers = signatureHeaders([newSecret, oldSecret], 'evt-1', new Date(), body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(body, headers)).toEqual({ hello: '政府采购' });
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual({ hello: '政府采购' });
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newSecret).verify(`${body} `, headers)).toThrow();
  });

  it('stops signing with a rotated-out secret once it expires, but never signs with none', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const secrets = [{ secret: 'whsec_new' }, { secret: 'whsec_old', expiresAt: '2026-03-01T12:00:00Z' }];
    expect(signingSecrets(secrets, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(secrets, new Date('2026-03-02T00:00:00Z'))).toEqual(['whsec_new']);
    expect(signingSecrets([{ secret: 'whsec_only', expiresAt: '2026-01-01T00:00:00Z' }], now)).toEqual(['whsec_only']);
  });

  it('accepts only whsec_ secrets of a sensible length', () => {
    expect(isValidSecret(generateSecret())).toBe(true);
    expect(isValidSecret('whsec_c2hvcnQ=')).toBe(false);
    expect(isValidSecret(generateSecret().slice(6))).toBe(false);
  });
});

describe('retry policy', () => {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxAgeMs: 60_000 };
  const now = new Date('2026-03-01T00:00:00Z');

  it('grows the backoff exponentially with jitter, up to the cap', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 20, () => 1)).toBe(1000);
  });

  it('delivers on 2xx, disables on 410 and retries anything else', () => {
    expect(judge(policy, { status: 204 }, 1, now.getTime(), now).kind).toBe('delivered');
    expect(judge(policy, { status: 410 }, 1, now.getTime(), now).kind).toBe('gone');
    expect(judge(policy, { status: 500 }, 1, now.getTime(), now).kind).toBe('retry');
    expect(judge(policy, { status: null }, 1, now.getTime(), now).kind).toBe('retry');
    expect(judge(policy, { status: 301 }, 1, now.getTime(), now).kind).toBe('retry');
  });

  it('honours Retry-After (seconds or date) on 429, capped at the longest delay', () => {
    expect(judge(policy, { status: 429, retryAfter: '0' }, 1, now.getTime(), now, () => 1)).toEqual({ kind: 'retry', delayMs: 0 });
    expect(judge(policy, { status: 429, retryAfter: '60' }, 1, now.getTime(), now)).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(parseRetryAfter('Sun, 01 Mar 2026 00:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('dead-letters after the last attempt or when the next one would be too late', () => {
    expect(judge(policy, { status: 500 }, 5, now.getTime(), now).kind).toBe('dead-letter');
    expect(judge(policy, { status: 500 }, 2, now.getTime() - 59_950, now, () => 1).kind).toBe('dead-letter');
  });
});

describe('filters and entitlements', () => {
  const env = (record: StandardRecord, source = 'fj-gpms') => envelopeFor(record, source, SCHEMA, new Date());

  it('matches areas by GB/T 2260 prefix, province codes standing for their whole province', () => {
    expect(areaPrefix('350000')).toBe('35');
    expect(areaPrefix('350100')).toBe('3501');
    expect(matches({ areaPrefixes: ['350000'] }, env(notice()))).toBe(true);
    expect(matches({ areaPrefixes: ['3502'] }, env(notice()))).toBe(false);
  });

  it('selects by record type, notice type, source system and catalogue prefix', () => {
    const withItems = notice({ items: [{ classification: { scheme: 'CN-GPC', id: 'A02010105' } }] });
    expect(catalogueCodesOf(withItems)).toEqual(['A02010105']);
    expect(matches({ cataloguePrefixes: ['A0201'] }, env(withItems))).toBe(true);
    expect(matches({ cataloguePrefixes: ['C'] }, env(withItems))).toBe(false);
    expect(matches({ noticeTypes: ['award'] }, env(notice()))).toBe(false);
    expect(matches({ recordTypes: ['transaction'] }, env(notice()))).toBe(false);
    expect(matches({ sourceSystems: ['fj-gpms'] }, env(notice()))).toBe(true);
    expect(matches({ sourceSystems: ['zj-gpms'] }, env(notice()))).toBe(false);
  });

  it('admits an event only when both the subscription and the entitlement accept it', () => {
    const e = env(notice({ regionCode: '330100' }));
    expect(admits({}, { areaPrefixes: ['35'] }, e)).toBe(false);
    expect(admits({ areaPrefixes: ['33'] }, { areaPrefixes: ['35'] }, e)).toBe(false);
    expect(admits({ areaPrefixes: ['33'] }, {}, e)).toBe(true);
    expect(admits({}, null, e)).toBe(false);
  });
});

describe('webhook formats', () => {
  it('sends CloudEvents binary mode with percent-encoded ce- headers and the traceparent', () => {
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const e = envelopeFor(notice({ id: '公告-1' }), 'fj-gpms', SCHEMA, new Date(), tp);
    const message = renderWebhook(e, 'cloudevents-binary', NO_ADAPTERS, 'ggzy-fj');
    expect(message.headers['ce-id']).toBe(e.id);
    expect(message.headers['ce-subject']).toBe(encodeURIComponent('公告-1'));
    expect(message.headers.traceparent).toBe(tp);
    expect(JSON.parse(String(message.body))).toEqual(e.data);
    const structured = renderWebhook(e, 'cloudevents', NO_ADAPTERS, 'ggzy-fj');
    expect(structured.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(JSON.parse(String(structured.body))).toEqual(e);
  });
});

describe('SSRF guard', () => {
  it('refuses loopback, private, link-local, metadata and mapped addresses unless allow-listed', () => {
    const guard = new TargetGuard();
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(guard.permits(a), a).toBe(false);
    }
    expect(guard.permits('93.184.216.34')).toBe(true);
    const allowing = new TargetGuard(['127.0.0.1', '10.9.0.0/16']);
    expect(allowing.permits('127.0.0.1')).toBe(true);
    expect(allowing.permits('127.0.0.2')).toBe(false);
    expect(allowing.permits('10.9.1.1')).toBe(true);
  });

  it('checks URLs before a subscription is accepted, resolving host names', async () => {
    const guard = new TargetGuard(['127.0.0.1']);
    expect(await guard.check('http://127.0.0.1:8080/hook')).toEqual({ ok: true });
    expect((await new TargetGuard().check('http://localhost:8080/hook')).ok).toBe(false);
    expect((await guard.check('http://169.254.169.254/latest/meta-data')).ok).toBe(false);
    expect((await guard.check('ftp://example.com/')).ok).toBe(false);
    expect((await guard.check('http://user:pw@127.0.0.1/')).ok).toBe(false);
  });
});
