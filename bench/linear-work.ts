/**
 * Linear work per request: every inbound format (each adapter's native format, the batch route's
 * JSON array and NDJSON) read and validated in-process (no store) at 1× and 10× the items, in the
 * same run; the figure is the time per KB at 10× ÷ the time per KB at 1× (linear ≈ 1, quadratic ≈ 10).
 * Runs alone in seconds (`node bin/run-ts.js bench/linear-work.ts`, appending to bench/RESULTS.md)
 * and as part of `npm run bench`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapterHost } from '../adapters/host.ts';
import { createStandard } from '../gateway/standard/index.ts';
import { inboundFormats, type RequestWork, readRequest } from './lib/native-payloads.ts';
import { appendResults, machine, printTable, type Row } from './lib/report.ts';

const SMALL = 100;
const LARGE = 1000;
const ROUNDS = 5;

/** Median milliseconds of reading `body` (after one warm-up read). */
function medianMs(read: () => unknown): number {
  read();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    read();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
}

/** One row per inbound format: µs per KB at 1× and 10×, and their ratio. */
export function linearWork(): Row[] {
  const work: RequestWork = {
    host: createAdapterHost(),
    standard: createStandard(),
    limits: { maxBatchRecords: LARGE, maxDepth: 32, maxStringLength: 200_000 },
  };
  return inboundFormats().map((format) => {
    const small = format.payload(SMALL);
    const large = format.payload(LARGE);
    const perKb = (body: Uint8Array) => (medianMs(() => readRequest(work, format, body)) * 1000) / (body.length / 1024);
    const one = perKb(small);
    const ten = perKb(large);
    const outcome = readRequest(work, format, large);
    return {
      figure: `work per KB, ${format.name}`,
      value: `${ten.toFixed(1)} µs/KB at ${LARGE} items (${(large.length / 1024).toFixed(0)} KB)`,
      baseline: `${one.toFixed(1)} µs/KB at ${SMALL} items (${(small.length / 1024).toFixed(0)} KB)`,
      ratio: ten / one,
      goal: '≈ 1 (linear)',
      note: 'records' in outcome ? `${outcome.records} records validated` : `refused: ${outcome.refused}`,
    };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const info = machine();
  const started = performance.now();
  const rows = linearWork();
  info['duration'] = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  printTable(rows);
  appendResults(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), rows, info, [
    'linear-work: in-process read + translate + validate of one request (no store), median of 5 after a warm-up; 1× and 10× in the same run.',
  ]);
}
