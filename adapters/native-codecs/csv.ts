/**
 * Legacy CSV exports (csv-parse / csv-stringify, iconv-lite for GB18030): decoding that refuses
 * bytes invalid in the declared encoding, and encoding that neutralises spreadsheet formulas.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { type AdapterError, adapterError, errorMessage } from '../sdk.ts';

/**
 * Decodes bytes in `encoding` (any iconv-lite encoding: gb18030, gbk, utf-8 …). iconv-lite replaces
 * invalid sequences with U+FFFD; a replacement character that does not re-encode to the same bytes
 * is such a substitution, and the payload is refused rather than silently altered.
 */
export function decodeBytes(
  native: Uint8Array | string,
  encoding: string,
): { ok: true; text: string } | { ok: false; error: AdapterError } {
  if (typeof native === 'string') return { ok: true, text: native };
  if (!iconv.encodingExists(encoding)) {
    return adapterError('adapter.encoding', { zh: `不支持的字符编码 ${encoding}`, en: `unsupported character encoding ${encoding}` });
  }
  const bytes = Buffer.from(native.buffer, native.byteOffset, native.byteLength);
  const utf8Bom = /^utf-?8$/i.test(encoding) && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = utf8Bom ? bytes.subarray(3) : bytes;
  const text = iconv.decode(body, encoding, { stripBOM: false });
  if (text.includes('\uFFFD') && !iconv.encode(text, encoding).equals(body)) {
    return adapterError('adapter.encoding', { zh: `数据不是有效的 ${encoding} 文本`, en: `the payload is not valid ${encoding} text` });
  }
  return { ok: true, text };
}

/** Encodes text for a legacy system in `encoding`. */
export function encodeText(text: string, encoding: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, encoding));
}

/** Parses CSV with a header line into rows keyed by column name; every row must have every column. */
export function parseCsv(
  text: string,
): { ok: true; header: string[]; rows: Record<string, string>[] } | { ok: false; error: AdapterError } {
  try {
    const table = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
    const [header, ...lines] = table;
    if (!header || header.length === 0) {
      return adapterError('adapter.malformed', { zh: 'CSV 缺少表头行', en: 'the CSV has no header line' });
    }
    const rows = lines.map((line) => Object.fromEntries(header.map((name, i) => [name, unneutralise(line[i] ?? '')])));
    return { ok: true, header, rows };
  } catch (error) {
    const message = errorMessage(error);
    return adapterError('adapter.malformed', { zh: `CSV 格式错误：${message}`, en: `malformed CSV: ${message}` });
  }
}

/** Characters that make a spreadsheet treat a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a cell that a spreadsheet would run as a formula with an apostrophe. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Removes the apostrophe that `neutralise` added, so values survive a round trip. */
export function unneutralise(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Writes rows as CSV (header line first, CRLF), every cell neutralised against formula injection. */
export function stringifyCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // A lone LF or CR inside a cell must be quoted too, not only the CRLF record delimiter.
  return stringify([header, ...rows.map((row) => row.map(neutralise))], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}
