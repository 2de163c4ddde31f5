/**
 * A cheap walk over a record that failed validation, before the diagnostic all-errors pass:
 * that pass costs time in proportion to the number of errors, so a record far larger than any
 * valid one (arrays beyond every schema's maxItems, hundreds of thousands of values) is reported
 * by its size alone.
 */
import { pointerSegment } from './messages.ts';
import type { Issue } from './port.ts';

/** No array in the v1 schemas may hold more items than this. */
const MAX_ARRAY = 1000;
/** Values a record may contain before it is rejected for size alone. */
const MAX_NODES = 200_000;

/** Issues for an oversized record, or undefined if its size is plausible. */
export function oversized(input: unknown): Issue[] | undefined {
  const issues: Issue[] = [];
  const seen = new WeakSet<object>();
  const stack: [unknown, string][] = [[input, '']];
  let nodes = 0;
  while (stack.length > 0) {
    const [value, pointer] = stack.pop() as [unknown, string];
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (++nodes > MAX_NODES) {
      issues.push({
        pointer: '',
        keyword: 'maxSize',
        severity: 'error',
        message: { zh: `记录过大：超过 ${MAX_NODES} 个值`, en: `the record is too large: more than ${MAX_NODES} values` },
      });
      break;
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ARRAY) {
        issues.push({
          pointer,
          keyword: 'maxItems',
          severity: 'error',
          message: {
            zh: `数组过长：${value.length} 项，最多 ${MAX_ARRAY} 项`,
            en: `array too long: ${value.length} items, at most ${MAX_ARRAY}`,
          },
        });
        if (issues.length >= 20) break;
        continue;
      }
      for (let i = 0; i < value.length; i++) stack.push([value[i], `${pointer}/${i}`]);
    } else {
      for (const key of Object.keys(value)) stack.push([(value as Record<string, unknown>)[key], `${pointer}/${pointerSegment(key)}`]);
    }
  }
  return issues.length > 0 ? issues : undefined;
}
