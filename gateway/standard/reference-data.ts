/**
 * The standard's reference data, read from schemas/: codelists, the GB/T 2260 area table
 * and the procurement catalogue. Each file is read once, on first use, and kept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bilingual } from '../core/index.ts';
import type { HolidaySchedule } from './holiday-schedule.ts';

/** Directory holding the standard as data (schemas/). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
/** Directory of the current schema version (schemas/v1/). */
export const V1_DIR = `${SCHEMAS_DIR}v1/`;

/** One entry of a codelist: its code, labels and any mapping columns (number, ocdsMethod, …). */
export interface CodelistEntry extends Bilingual {
  code: string;
  [extra: string]: unknown;
}

/** A codelist file of schemas/v1/codelists/. */
export interface Codelist {
  name: string;
  title: Bilingual;
  source: string;
  codes: CodelistEntry[];
}

const cache = new Map<string, unknown>();

function readJson<T>(path: string): T {
  let value = cache.get(path);
  if (value === undefined) {
    value = JSON.parse(readFileSync(path, 'utf8'));
    cache.set(path, value);
  }
  return value as T;
}

/** Names of the shipped codelists (file names without .json). */
export function codelistNames(): string[] {
  return readdirSync(`${V1_DIR}codelists`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Loads a codelist by name, e.g. `loadCodelist('noticeType')`; throws for an unknown name. */
export function loadCodelist(name: string): Codelist {
  if (!/^[A-Za-z]+$/.test(name)) throw new Error(`unknown codelist '${name}'`);
  return readJson<Codelist>(`${V1_DIR}codelists/${name}.json`);
}

/** The 13 notice types of 财办库〔2020〕50号, in their official order, with zh/en labels and OCDS release tag. */
export function noticeTypes(): readonly { code: string; number: number; zh: string; en: string; ocdsTag: string }[] {
  return loadCodelist('noticeType').codes as never;
}

/** The shipped area table: its source, date and codes. */
export interface AreaTable {
  source: string;
  asOf: string;
  codes: Record<string, string>;
}

/** The dated GB/T 2260 code table shipped in schemas/data/areas.json. */
export function areaTable(): AreaTable {
  return readJson<AreaTable>(`${SCHEMAS_DIR}data/areas.json`);
}

/** Name of a GB/T 2260 area code ('350102' → '鼓楼区'), or undefined if the shipped table does not know it. */
export function areaName(code: string): string | undefined {
  if (typeof code !== 'string') return undefined;
  const codes = areaTable().codes;
  return Object.hasOwn(codes, code) ? codes[code] : undefined;
}

/** Full name of an area with its parents, e.g. '福建省 福州市 鼓楼区'. */
export function areaPath(code: string): string | undefined {
  const own = areaName(code);
  if (own === undefined) return undefined;
  const parts = [areaName(`${code.slice(0, 2)}0000`), areaName(`${code.slice(0, 4)}00`), own];
  return [...new Set(parts.filter((p): p is string => p !== undefined && p !== '市辖区'))].join(' ');
}

/** The shipped catalogue subset: source, version, the complete nodes and the codes. */
export interface CatalogueTable {
  source: string;
  version: string;
  asOf: string;
  complete: string[];
  codes: Record<string, Bilingual>;
}

/** The procurement catalogue subset shipped in schemas/data/catalogue.json (财库〔2022〕31号). */
export function catalogueTable(): CatalogueTable {
  return readJson<CatalogueTable>(`${SCHEMAS_DIR}data/catalogue.json`);
}

/** The shipped holiday arrangements (放假调休, schemas/data/holidays.json); checked by WorkingCalendar. */
export function holidayArrangements(): HolidaySchedule {
  return readJson<HolidaySchedule>(`${SCHEMAS_DIR}data/holidays.json`);
}

const CATALOGUE_SHAPE = /^[ABC]\d{8}$/;

/** Strips the zero padding of a 9-character catalogue code: 'A02010000' → 'A0201'. */
export function unpadCatalogueCode(code: string): string {
  let c = code;
  while (c.length > 1 && c.endsWith('00')) c = c.slice(0, -2);
  return c;
}

/** Where a catalogue code stands against the shipped catalogue. */
export type CatalogueLookup = 'known' | 'unchecked' | 'unknown' | 'malformed';

/**
 * Looks a 9-character code up: 'known' if shipped, 'unchecked' if its nearest shipped parent
 * is not marked complete (the shape alone was checked), 'unknown' if it should have been shipped.
 */
export function lookupCatalogue(code: string): CatalogueLookup {
  if (typeof code !== 'string' || !CATALOGUE_SHAPE.test(code)) return 'malformed';
  const table = catalogueTable();
  const plain = unpadCatalogueCode(code);
  if (Object.hasOwn(table.codes, plain)) return 'known';
  // The nearest shipped ancestor: if its children are all shipped, this code does not exist.
  let parent = parentCode(plain);
  while (parent !== '' && !Object.hasOwn(table.codes, parent)) parent = parentCode(parent);
  return table.complete.includes(parent) ? 'unknown' : 'unchecked';
}

/** Parent of an unpadded code: 'A0201' → 'A02', 'A02' → 'A', 'A' → '' (the root). */
function parentCode(plain: string): string {
  if (plain.length <= 1) return '';
  if (plain.length <= 3) return plain.slice(0, 1);
  return plain.slice(0, -2);
}

/** Name of a catalogue code (padded or not), e.g. 'A02010105' → { zh: '台式计算机', en: 'Desktop computers' }. */
export function catalogueName(code: string): Bilingual | undefined {
  if (typeof code !== 'string') return undefined;
  const codes = catalogueTable().codes;
  const plain = unpadCatalogueCode(code);
  return Object.hasOwn(codes, plain) ? codes[plain] : undefined;
}

/** Example files of the standard: paths relative to schemas/v1/examples/, valid and invalid. */
export function exampleFiles(): { valid: string[]; invalid: string[] } {
  const list = (kind: string) =>
    readdirSync(`${V1_DIR}examples/${kind}`)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
      .sort()
      .map((f) => `${kind}/${f}`);
  return { valid: list('valid'), invalid: list('invalid') };
}

/** Absolute path of an example file given as returned by exampleFiles(). */
export function examplePath(relative: string): string {
  return `${V1_DIR}examples/${relative}`;
}
