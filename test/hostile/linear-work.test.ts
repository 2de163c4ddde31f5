/**
 * Bounded, linear work per request, proven by counting (test/hostile/work-meter.ts), not by timing:
 * every inbound format (each adapter's native format, the batch route's JSON array and NDJSON) is
 * read and validated at 1× and 10× the items, and the work counted at 10× is at most 12 times the
 * work at 1×. Payloads over the record limit are refused by their count before any item is validated.
 */
import { describe, expect, it } from 'vitest';
import { createAdapterHost } from '../../adapters/host.ts';
import { inboundFormats, readRequest } from '../../bench/lib/native-payloads.ts';
import { createStandard } from '../../gateway/standard/index.ts';
import type { Standard } from '../../gateway/standard/port.ts';
import { countWork } from './work-meter.ts';

const standard = createStandard();
let validations = 0;
const counting: Standard = {
  ...standard,
  validate: (input, context) => {
    validations++;
    return standard.validate(input, context);
  },
};
const work = {
  host: createAdapterHost(),
  standard: counting,
  limits: { maxBatchRecords: 1000, maxDepth: 32, maxStringLength: 200_000 },
};

describe('work per request', () => {
  for (const format of inboundFormats()) {
    it(`grows linearly with the items of a ${format.name}`, () => {
      // Warm-up: compiled schemas and lazily built tables are not part of a request's work.
      readRequest(work, format, format.payload(10));
      const small = format.payload(50);
      const large = format.payload(500);
      validations = 0;
      const one = countWork(() => readRequest(work, format, small));
      const validatedOne = validations;
      validations = 0;
      const ten = countWork(() => readRequest(work, format, large));
      expect(ten.work / one.work, `${one.work} → ${ten.work} units`).toBeLessThanOrEqual(12);
      // One validation per record at most, and never more at 10× than ten times as many.
      expect(validations).toBeLessThanOrEqual(10 * Math.max(validatedOne, 1));
      if ('records' in one.result) expect(validatedOne).toBe(one.result.records);
    });
  }

  it('refuses a page of 10 000 empty e-marketplace events by its count, before validating one', () => {
    const format = inboundFormats().find((f) => f.name.includes('empty events'))!;
    const body = format.payload(10_000);
    const counted = countWork(() => readRequest(work, format, body));
    expect(counted.result).toEqual({ refused: 'adapter.too-large' });
    // Reading the JSON once is all it costs: a few units per byte, nothing per event.
    expect(counted.work).toBeLessThan(2 * body.length);
    const within = countWork(() => readRequest(work, format, format.payload(1000)));
    expect(within.result).toEqual({ refused: 'adapter.mapping' });
  });

  it('refuses a batch over the record limit before validating any record', () => {
    for (const format of inboundFormats().filter((f) => !f.adapter)) {
      validations = 0;
      expect(readRequest(work, format, format.payload(1001))).toEqual({ refused: 'batch_too_large' });
      expect(validations).toBe(0);
    }
  });
});
