import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../gateway/monitor/reconciliation.ts';

const hash = 'a'.repeat(64);

describe('submitted reconciliation manifests', () => {
  it('refuses a record id with a bidi override or a zero-width character, pointing at it', () => {
    for (const recordId of ['n-1\u202e', '\u200bn-1', 'n\u00001']) {
      const parsed = parseManifest({
        records: [
          { recordId: 'n-0', version: 1, contentHash: hash },
          { recordId, version: 1, contentHash: hash },
        ],
      });
      expect(parsed.ok, JSON.stringify(recordId)).toBe(false);
      if (!parsed.ok) expect(parsed.problems[0]!.pointer).toBe('/records/1/recordId');
    }
  });

  it('refuses a version outside 1 … 2^31 − 1', () => {
    for (const version of [0, 2147483648, Number.MAX_SAFE_INTEGER + 1, 1.5]) {
      const parsed = parseManifest([{ recordId: 'n-1', version, contentHash: hash }]);
      expect(parsed.ok, String(version)).toBe(false);
    }
    expect(parseManifest([{ recordId: 'n-1', version: 2147483647, contentHash: hash }]).ok).toBe(true);
  });
});
