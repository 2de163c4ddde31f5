/**
 * How far a webhook subscription's cursor may move while its lanes deliver independently: the
 * watermark is the highest journal seq below which every admitted event is finished (delivered
 * or dead-lettered). Events the filter skips never hold it back.
 */

/** FNV-1a: a cheap, stable hash to spread process keys over lanes (one key always maps to one lane). */
export function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

/** Tracks read, dispatched and finished journal seqs of one delivery session. */
export class Watermark {
  /** Dispatched seqs not yet known to be below the watermark, ascending. */
  private readonly pending: number[] = [];
  private readonly finished = new Set<number>();
  private read: number;

  /** Starts at the durable cursor: everything up to `from` is finished. */
  constructor(from: number) {
    this.read = from;
  }

  /** The highest seq read from the journal so far. */
  get readTo(): number {
    return this.read;
  }

  /** Events dispatched and not yet finished. */
  get inFlight(): number {
    return this.pending.length - this.finished.size;
  }

  /** Notes an event handed to a lane; seqs must come in ascending order. */
  dispatched(seq: number): void {
    this.pending.push(seq);
    this.readPast(seq);
  }

  /** Notes that everything up to `seq` was read (entries the filter skipped included). */
  readPast(seq: number): void {
    if (seq > this.read) this.read = seq;
  }

  /** Notes an event delivered or dead-lettered. */
  finish(seq: number): void {
    this.finished.add(seq);
    while (this.pending.length > 0 && this.finished.delete(this.pending[0]!)) this.pending.shift();
  }

  /** The seq the cursor may advance to: just below the oldest unfinished event, or all that was read. */
  get value(): number {
    const oldest = this.pending[0];
    return oldest === undefined ? this.read : oldest - 1;
  }
}
