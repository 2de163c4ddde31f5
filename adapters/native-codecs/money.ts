/**
 * Money of Chinese source systems: decimal strings in 元 (yuan), 万元 (ten thousand yuan) or
 * 分 (fen, hundredths), converted exactly (integer arithmetic on millionths of a yuan, never
 * floating point) into the standard's Value: 元 with at most 2 decimals plus what the source sent.
 */

/** The unit a source amount is expressed in. */
export type SourceUnit = '元' | '万元';

/** The standard's Value (schemas/v1/common.schema.json#/$defs/Value). */
export interface StandardValue {
  amount?: number;
  currency?: 'CNY';
  original?: { amount: number; unit: SourceUnit };
  priceForm?: '1' | '2' | '3' | '9';
  rate?: number;
  details?: string;
}

const MICRO = 1_000_000n;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative plain decimal (no sign, no exponent) into millionths; undefined when it is
 * not one or exceeds the precision (`integerDigits` before the point, at most 6 after).
 */
export function parseMicros(text: string, integerDigits = 8): bigint | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = m[2] ?? '';
  if (whole.length > integerDigits || fraction.length > 6) return undefined;
  return BigInt(whole) * MICRO + BigInt(fraction.padEnd(6, '0'));
}

/** Millionths → shortest plain decimal string ("1500000", "12.5"). */
export function formatMicros(micros: bigint): string {
  const whole = micros / MICRO;
  const fraction = (micros % MICRO).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/** A JSON number → millionths, rounding half up beyond 6 decimals; undefined for negatives and non-finite values. */
export function numberToMicros(value: number): bigint | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const [whole, fraction = ''] = value.toFixed(7).split('.');
  const micros = BigInt(whole!) * MICRO + BigInt(fraction.slice(0, 6));
  return Number(fraction[6]) >= 5 ? micros + 1n : micros;
}

/** Millionths of a yuan → 元 rounded half up to 2 decimals, as a JSON number. */
export function microsToYuan(micros: bigint): number {
  const cents = (micros + 5_000n) / 10_000n;
  return Number(formatMicros(cents * 10_000n));
}

/** A source amount in its unit → millionths of a yuan. */
export function toYuanMicros(micros: bigint, unit: SourceUnit): bigint {
  return unit === '万元' ? micros * 10_000n : micros;
}

/** Builds the standard Value of an amount sent as a decimal string in `unit`, keeping the original. */
export function amountValue(micros: bigint, unit: SourceUnit, priceForm?: '1' | '3'): StandardValue {
  const value: StandardValue = {
    amount: microsToYuan(toYuanMicros(micros, unit)),
    currency: 'CNY',
    original: { amount: Number(formatMicros(micros)), unit },
  };
  if (priceForm) value.priceForm = priceForm;
  return value;
}

/**
 * The amount to send back to a source system: what it originally sent when the record carries it,
 * else the 元 amount (switching to 万元 when 元 would exceed the integer digits allowed).
 */
export function sourceAmount(value: StandardValue, integerDigits = 8): { text: string; unit: SourceUnit } | undefined {
  if (value.original) {
    const micros = numberToMicros(value.original.amount);
    return micros === undefined ? undefined : { text: formatMicros(micros), unit: value.original.unit };
  }
  if (value.amount === undefined) return undefined;
  const micros = numberToMicros(value.amount);
  if (micros === undefined) return undefined;
  if (formatMicros(micros).split('.')[0]!.length <= integerDigits) return { text: formatMicros(micros), unit: '元' };
  return { text: formatMicros(micros / 10_000n), unit: '万元' };
}
