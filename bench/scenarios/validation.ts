/**
 * Validation cost: validating a typical notice of 2–5 KB (the standard's valid notice examples)
 * against parsing its JSON text, both in-process, interleaved so that both see the same machine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createStandard } from '../../gateway/standard/index.ts';
import type { Row } from '../lib/report.ts';

const EXAMPLES = new URL('../../schemas/v1/examples/valid/', import.meta.url);

/** The notice examples of the standard between 2 and 6 KB, as text. */
function typicalNotices(): { file: string; text: string }[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.startsWith('notice-') && f.endsWith('.json') && !f.endsWith('.expect.json'))
    .map((file) => ({ file, text: readFileSync(new URL(file, EXAMPLES), 'utf8') }))
    .filter(({ text }) => text.length >= 2048 && text.length <= 6 * 1024);
}

function timePerOp(fn: () => void, ms: number): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  return (performance.now() - start) / n;
}

/** Validation time ÷ JSON.parse time, over every typical notice. */
export function validationCost(seconds: number): Row {
  const standard = createStandard();
  const notices = typicalNotices();
  const parsed = notices.map((n) => JSON.parse(n.text) as unknown);
  const slice = (seconds * 1000) / (notices.length * 2 * 2);
  let parseMs = 0;
  let validateMs = 0;
  for (let round = 0; round < 2; round++) {
    for (const [i, n] of notices.entries()) {
      parseMs += timePerOp(() => JSON.parse(n.text), slice);
      validateMs += timePerOp(() => standard.validate(parsed[i]), slice);
    }
  }
  const sizes = notices.map((n) => n.text.length);
  return {
    figure: 'validation ÷ JSON.parse (typical notice)',
    value: `${((validateMs / (notices.length * 2)) * 1000).toFixed(1)} µs per notice`,
    baseline: `${((parseMs / (notices.length * 2)) * 1000).toFixed(1)} µs JSON.parse`,
    ratio: validateMs / parseMs,
    goal: '≤ 1',
    note: `${notices.length} notice examples, ${Math.min(...sizes)}–${Math.max(...sizes)} bytes`,
  };
}
