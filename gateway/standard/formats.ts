/**
 * Formats and keywords the standard's schemas use, registered on an Ajv instance:
 * identifiers with check characters, GB/T 2260 areas, catalogue codes and money precision.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isValidOrgCode, isValidUscc } from './identifiers.ts';
import { areaTable, catalogueTable, lookupCatalogue, unpadCatalogueCode } from './reference-data.ts';

/** Annotation keywords carrying the Chinese title/description and the codelist of an enum. */
export const ANNOTATION_KEYWORDS = ['x-title-zh', 'x-description-zh', 'x-codelist'] as const;

/** Number of decimals written in a number's shortest form (1.25 → 2, 1e-7 → 7). */
export function decimalsOf(n: number): number {
  if (Number.isInteger(n)) return 0;
  const text = String(n);
  const e = text.indexOf('e');
  if (e >= 0) {
    const mantissa = text.slice(0, e);
    const dot = mantissa.indexOf('.');
    const exponent = Number(text.slice(e + 1));
    return Math.max(0, (dot >= 0 ? mantissa.length - dot - 1 : 0) - exponent);
  }
  return text.length - text.indexOf('.') - 1;
}

const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** RFC 3339 date-time with an explicit offset (Z or ±hh:mm); checks the day exists in its month. */
export function isRfc3339DateTime(text: string): boolean {
  if (!DATE_TIME.test(text)) return false;
  const day = (text.charCodeAt(8) - 48) * 10 + text.charCodeAt(9) - 48;
  if (day <= 28) return true;
  const month = (text.charCodeAt(5) - 48) * 10 + text.charCodeAt(6) - 48;
  if (day > (MONTH_DAYS[month] as number)) return false;
  if (month !== 2 || day !== 29) return true;
  const year = Number(text.slice(0, 4));
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** A control (Cc), format (Cf: bidi overrides and isolates, zero-width characters) or lone surrogate (Cs) code point. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/** The first code point an identifier must not hold (U+202E …), with its index; null when it holds none. */
export function invisibleIn(text: string): { codePoint: string; index: number } | null {
  const match = INVISIBLE.exec(text);
  if (!match) return null;
  return { codePoint: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}

const AREA_CODE = /^\d{6}$/;

/** The shipped GB/T 2260 codes, as a set: a format check is then one lookup. */
function areaCodes(): ReadonlySet<string> {
  return new Set(Object.keys(areaTable().codes).filter((code) => AREA_CODE.test(code)));
}

/** The shipped catalogue codes in their padded 9-character form, for a lookup without unpadding. */
function knownCatalogueCodes(): ReadonlySet<string> {
  const known = new Set<string>();
  for (const plain of Object.keys(catalogueTable().codes)) {
    const padded = plain.padEnd(9, '0');
    if (padded.length === 9 && unpadCatalogueCode(padded) === plain) known.add(padded);
  }
  return known;
}

/** Registers the standard's formats and keywords on an Ajv (2020-12) instance. */
export function registerStandardVocabulary(ajv: Ajv2020): void {
  const areas = areaCodes();
  const catalogue = knownCatalogueCodes();
  addFormats.default(ajv, ['email']);
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  // A light URI check (scheme, then no spaces): the full RFC 3986 expression costs more than the rest of a notice.
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]+$/i);
  // Identifiers are compared, shown and logged: an invisible or reordering character would make two
  // ids look alike, or one look like another (Trojan Source, CVE-2021-42574).
  ajv.addFormat('plain-id', { type: 'string', validate: (text: string) => invisibleIn(text) === null });
  ajv.addFormat('uscc', { type: 'string', validate: isValidUscc });
  ajv.addFormat('orgcode', { type: 'string', validate: isValidOrgCode });
  // Every member of the set is six digits, so membership checks the shape too.
  ajv.addFormat('gbt2260', { type: 'string', validate: (code: string) => areas.has(code) });
  // The shape is the pattern's job (CatalogueCode); the format only looks the code up, shipped codes first.
  ajv.addFormat('catalogue', { type: 'string', validate: (code: string) => catalogue.has(code) || lookupCatalogue(code) !== 'unknown' });
  ajv.addKeyword({
    keyword: 'maxDecimals',
    type: 'number',
    schemaType: 'number',
    errors: false,
    validate: (limit: number, data: number) => decimalsOf(data) <= limit,
  });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
}
