/**
 * Validation cost: validating a typical notice of 2–5 KB (the standard's valid notice examples)
 * against parsing its JSON text, both in-process. Fair by construction: both are warmed up first,
 * then each document is parsed and validated the same number of times, in alternating order, the
 * validation running on the object parsed from the very text that is timed; the figure is the
 * median of several rounds, so a burst of load on a shared machine moves it little.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createStandard } from '../../gateway/standard/index.ts';
import type { Row } from '../lib/report.ts';

const EXAMPLES = new URL('../../schemas/v1/examples/valid/', import.meta.url);
const ROUNDS = 7;

/** The notice examples of the standard between 2 and 6 KB, as text. */
function typicalNotices(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.startsWith('notice-') && f.endsWith('.json') && !f.endsWith('.expect.json'))
    .map((file) => ({ file, text: readFileSync(new URL(file, EXAMPLES), 'utf8') }))
    .filter(({ text }) => text.length >= 2048 && text.length <= 6 * 1024);
}

/** Milliseconds to run `fn` `n` times. */
function timeOf(fn: () => void, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Validation time ÷ JSON.parse time, over every typical notice. */
export function validationCost(seconds: number): Row {
  const standard = createStandard();
  const notices = typicalNotices();
  const parsed = notices.map((n) => JSON.parse(n.text) as unknown);
  // Only the accept path is measured: a failing example would time the diagnostic pass instead.
  for (const [i, n] of notices.entries()) {
    if (!standard.validate(parsed[i]).ok) throw new Error(`bench: ${n.file} does not validate`);
  }
  // Results feed a sink so that neither loop can be optimised away.
  let sink = 0;
  const parse = (i: number) => () => {
    sink += (JSON.parse(notices[i]!.text) as { version: number }).version;
  };
  const validate = (i: number) => () => {
    sink += standard.validate(parsed[i]).ok ? 1 : 0;
  };
  const ops = notices.map((_, i) => ({ parse: parse(i), validate: validate(i) }));

  // Warm-up (about a fifth of the time): both reach optimised code before anything is counted.
  const warmupMs = (seconds * 1000) / 5;
  const warmupStart = performance.now();
  let warmupIterations = 0;
  while (performance.now() - warmupStart < warmupMs) {
    for (const op of ops) {
      op.parse();
      op.validate();
    }
    warmupIterations++;
  }
  // The same iteration count for both operations, sized so that the rounds fill the remaining time.
  const perIterationMs = (performance.now() - warmupStart) / Math.max(1, warmupIterations);
  const iterations = Math.max(100, Math.floor((seconds * 1000 - warmupMs) / ROUNDS / perIterationMs));

  const parseUs: number[] = [];
  const validateUs: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let parseMs = 0;
    let validateMs = 0;
    for (const op of ops) {
      if (round % 2 === 0) {
        parseMs += timeOf(op.parse, iterations);
        validateMs += timeOf(op.validate, iterations);
      } else {
        validateMs += timeOf(op.validate, iterations);
        parseMs += timeOf(op.parse, iterations);
      }
    }
    parseUs.push((parseMs / (iterations * ops.length)) * 1000);
    validateUs.push((validateMs / (iterations * ops.length)) * 1000);
    ratios.push(validateMs / parseMs);
  }
  if (sink === 0) throw new Error('bench: nothing was measured');
  const sizes = notices.map((n) => Buffer.byteLength(n.text));
  return {
    figure: 'validation ÷ JSON.parse (typical notice)',
    value: `${median(validateUs).toFixed(1)} µs per notice`,
    baseline: `${median(parseUs).toFixed(1)} µs JSON.parse`,
    ratio: median(ratios),
    goal: '≤ 1',
    note: `${notices.length} notice examples, ${Math.min(...sizes)}–${Math.max(...sizes)} bytes; warmed up, ${iterations} iterations of each per notice, median of ${ROUNDS} rounds`,
  };
}
