import { describe, expect, it } from 'vitest';
import { brokenLink, GENESIS_HASH, MemoryAuditLog } from '../../gateway/audit/index.ts';

describe('audit hash chain', () => {
  it('links each entry to the one before and finds an altered entry', async () => {
    const audit = new MemoryAuditLog();
    await audit.append({ action: 'subscription.created', actor: 'ggzy-fj', target: 'sub-1' });
    await audit.append({
      action: 'subscription.paused',
      actor: 'mof-monitor',
      target: 'sub-1',
      systems: ['ggzy-fj'],
      details: { reason: 'maintenance' },
    });
    await audit.append({ action: 'subscription.deleted', actor: 'ggzy-fj', target: 'sub-1' });
    const entries = await audit.list({ limit: 10 });
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(brokenLink(entries)).toBeNull();

    const altered = entries.map((e) => (e.seq === 2 ? { ...e, details: { reason: 'something else' } } : e));
    expect(brokenLink(altered)?.seq).toBe(2);
    const removed = entries.filter((e) => e.seq !== 2);
    expect(brokenLink(removed)?.seq).toBe(3);
  });

  it('filters by system, action and sequence', async () => {
    const audit = new MemoryAuditLog();
    await audit.append({ action: 'subscription.created', actor: 'ggzy-fj', target: 'sub-1' });
    await audit.append({ action: 'subscription.paused', actor: 'mof-monitor', target: 'sub-1', systems: ['ggzy-fj'] });
    await audit.append({ action: 'subscription.created', actor: 'emall-zcy', target: 'sub-2' });
    expect((await audit.list({ systemId: 'ggzy-fj', limit: 10 })).map((e) => e.seq)).toEqual([1, 2]);
    expect((await audit.list({ action: 'subscription.created', limit: 10 })).map((e) => e.target)).toEqual(['sub-1', 'sub-2']);
    expect((await audit.list({ after: 1, limit: 1 })).map((e) => e.seq)).toEqual([2]);
  });
});
