import { describe, expect, it } from 'vitest';
import { laneOf, Watermark } from '../../gateway/delivery/watermark.ts';

describe('delivery watermark', () => {
  it('stays just below the oldest unfinished event while later events finish', () => {
    const w = new Watermark(10);
    for (const seq of [11, 12, 13]) w.dispatched(seq);
    w.finish(12);
    w.finish(13);
    expect(w.value).toBe(10);
    expect(w.inFlight).toBe(1);
    w.finish(11);
    expect(w.value).toBe(13);
    expect(w.inFlight).toBe(0);
  });

  it('moves over entries the filter skipped, but not past an unfinished event before them', () => {
    const w = new Watermark(0);
    w.dispatched(1);
    w.readPast(5);
    expect(w.value).toBe(0);
    expect(w.readTo).toBe(5);
    w.finish(1);
    expect(w.value).toBe(5);
    w.dispatched(8);
    expect(w.value).toBe(7);
  });

  it('puts every version of one process key in the same lane', () => {
    const lanes = new Set(Array.from({ length: 10 }, () => laneOf('ocds-213czf-000001', 16)));
    expect(lanes.size).toBe(1);
    const spread = new Set(Array.from({ length: 200 }, (_, i) => laneOf(`ocds-213czf-${i}`, 16)));
    expect(spread.size).toBe(16);
  });
});
