/**
 * Counting work instead of timing it: while a function runs, the array, string, regular-expression
 * and JSON built-ins most code spends its time in are wrapped to add the number of elements or
 * characters each call touches. A quadratic path (an array copied per item, a text re-scanned per
 * line) then shows as a count that grows with the square of the input, whatever the machine's load.
 */

type Method = (this: unknown, ...args: unknown[]) => unknown;
type Cost = (self: unknown, args: unknown[], result: unknown) => number;

const lengthOf = (v: unknown): number => (typeof v === 'string' || Array.isArray(v) ? v.length : 0);
const ofSelf: Cost = (self) => lengthOf(self);
const ofResult: Cost = (_self, _args, result) => lengthOf(result);
/** A search from `fromIndex`: the part scanned up to the hit, or to the end when there is none. */
const ofSearch: Cost = (self, args, result) => {
  const from = typeof args[1] === 'number' ? Math.max(0, args[1]) : 0;
  return typeof result === 'number' && result >= 0 ? result - from + lengthOf(args[0]) : lengthOf(self) - from;
};
/** A match: from where the scan started to the end of the match, or to the end of the input. */
const ofMatch = (self: unknown, input: unknown, result: unknown, lastIndexBefore: number): number => {
  const re = self as RegExp;
  const start = re.global || re.sticky ? lastIndexBefore : 0;
  if (result && typeof result === 'object' && 'index' in result) {
    const m = result as RegExpExecArray;
    return m.index + m[0].length - start;
  }
  return lengthOf(input) - start;
};

const METERED: [object, string, Cost][] = [
  [Array.prototype, 'indexOf', ofSearch],
  [String.prototype, 'indexOf', ofSearch],
  ...['lastIndexOf', 'includes', 'find', 'findIndex', 'some', 'every', 'filter', 'map', 'forEach', 'reduce', 'join', 'sort'].map(
    (name): [object, string, Cost] => [Array.prototype, name, ofSelf],
  ),
  [Array.prototype, 'concat', ofResult],
  [Array.prototype, 'slice', ofResult],
  [Array.prototype, 'splice', (_s, args) => args.length],
  [Array.prototype, 'push', (_s, args) => args.length],
  [Array.prototype, 'unshift', ofSelf],
  [Array.prototype, 'shift', ofSelf],
  ...['lastIndexOf', 'includes', 'split', 'replace', 'replaceAll', 'match', 'matchAll', 'search', 'trim', 'toLowerCase', 'normalize'].map(
    (name): [object, string, Cost] => [String.prototype, name, ofSelf],
  ),
  [String.prototype, 'slice', ofResult],
  [String.prototype, 'substring', ofResult],
  [String.prototype, 'concat', ofResult],
  [JSON, 'parse', (_s, args) => lengthOf(args[0])],
];

/** Runs `fn` with the built-ins metered; returns its result and the units of work counted. */
export function countWork<T>(fn: () => T): { result: T; work: number } {
  const meter = startMeter();
  try {
    return { result: fn(), work: meter.work() };
  } finally {
    meter.stop();
  }
}

/**
 * The same for an asynchronous function (a whole request through the app): everything the process
 * does until it settles is counted, so nothing else may run meanwhile.
 */
export async function countWorkAsync<T>(fn: () => Promise<T>): Promise<{ result: T; work: number }> {
  const meter = startMeter();
  try {
    const result = await fn();
    return { result, work: meter.work() };
  } finally {
    meter.stop();
  }
}

/** Wraps the metered built-ins until `stop()`. */
function startMeter(): { work: () => number; stop: () => void } {
  let work = 0;
  let inside = false;
  const originals: [object, string, Method][] = [];
  for (const [owner, name, cost] of METERED) {
    const original = (owner as Record<string, Method>)[name]!;
    originals.push([owner, name, original]);
    (owner as Record<string, Method>)[name] = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      // A metered call made by the meter's own bookkeeping (or nested in another) is counted once, by the outer call.
      if (!inside) {
        inside = true;
        work += 1 + cost(this, args, result);
        inside = false;
      }
      return result;
    };
  }
  // exec is what test, match and replace use underneath: metered once, from lastIndex to the match.
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const before = this.lastIndex;
    const result = exec.call(this, input);
    if (!inside) work += 1 + ofMatch(this, input, result, before);
    return result;
  };
  return {
    work: () => work,
    stop: () => {
      for (const [owner, name, original] of originals) (owner as Record<string, Method>)[name] = original;
      RegExp.prototype.exec = exec;
    },
  };
}
