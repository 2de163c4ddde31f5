/**
 * Check characters of Chinese organisation identifiers:
 * 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015) and
 * 组织机构代码 (organisation code, GB 11714-1997).
 */

/** The 31 characters a USCC may use (no I, O, S, V, Z). */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Computes the 18th (check) character of a USCC from its first 17 characters; undefined if they are not valid. */
export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] as string);
    if (value < 0) return undefined;
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Value of each USCC character by char code (-1: not in the alphabet), so a check needs no search or slice. */
const USCC_VALUE = (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < USCC_ALPHABET.length; i++) values[USCC_ALPHABET.charCodeAt(i)] = i;
  return values;
})();

/** True if the string is an 18-character USCC whose check character is right. */
export function isValidUscc(code: string): boolean {
  if (typeof code !== 'string' || !USCC_SHAPE.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (USCC_VALUE[code.charCodeAt(i)] as number) * (USCC_WEIGHTS[i] as number);
  return code.charCodeAt(17) === USCC_ALPHABET.charCodeAt((31 - (sum % 31)) % 31);
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_SHAPE = /^[0-9A-Z]{8}-?[0-9X]$/;

/** Value of an organisation code character: digits 0–9, letters A–Z 10–35. */
function orgValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}

/** Computes the 9th (check) character of an organisation code from its first 8 characters. */
export function orgCodeCheckChar(first8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(first8[i] as string) * (ORG_WEIGHTS[i] as number);
  const c9 = 11 - (sum % 11);
  return c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
}

/** True if the string is a 9-character organisation code (optionally written `XXXXXXXX-X`) with a right check character. */
export function isValidOrgCode(code: string): boolean {
  if (typeof code !== 'string' || !ORG_SHAPE.test(code)) return false;
  const plain = code.replace('-', '');
  return orgCodeCheckChar(plain.slice(0, 8)) === plain[8];
}
