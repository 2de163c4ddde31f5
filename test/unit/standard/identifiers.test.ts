import { describe, expect, it } from 'vitest';
import { isValidOrgCode, isValidUscc, orgCodeCheckChar, usccCheckChar } from '../../../gateway/standard/identifiers.ts';

describe('Unified Social Credit Code (GB 32100)', () => {
  it.each(['91350100M000100Y43', '91110108551385082Q', '91110000710926094P', '91330000755918469E'])('accepts the real code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it('rejects a code whose check character is wrong', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91110108551385082P')).toBe(false);
  });

  it('computes the check character from the first 17 characters', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('11350102003162187')).toBe('C');
  });

  it('maps a weighted sum divisible by 31 to the check character 0', () => {
    // Seventeen zeros: the sum is 0, so C18 = 31 - 0 = 31, written 0.
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the letter %s, which is not in the alphabet', (letter) => {
    const code = `9135010${letter}M000100Y4`;
    expect(isValidUscc(`${code}${usccCheckChar(code.replace(letter, '0')) ?? '0'}`)).toBe(false);
    expect(usccCheckChar(code)).toBeUndefined();
  });

  it('rejects wrong lengths, lower case and non-strings', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc(12 as unknown as string)).toBe(false);
  });

  it('requires digits in positions 3 to 8 (the area code)', () => {
    const first17 = '9135A100M000100Y4';
    expect(isValidUscc(`${first17}${usccCheckChar(first17)}`)).toBe(false);
  });
});

describe('organisation code (GB 11714)', () => {
  it.each(['551385082', '710926094', '755918469', 'M000100Y4'])('accepts %s, embedded in a real USCC', (code) => {
    expect(isValidOrgCode(code)).toBe(true);
  });

  it('accepts the hyphenated form', () => {
    expect(isValidOrgCode('55138508-2')).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidOrgCode('551385083')).toBe(false);
  });

  it('writes 10 as X and 11 as 0', () => {
    // Find first-8 strings whose check is X and 0, and check both directions.
    const codes = Array.from({ length: 200 }, (_, i) => String(10_000_000 + i));
    const x = codes.find((c) => orgCodeCheckChar(c) === 'X');
    const zero = codes.find((c) => orgCodeCheckChar(c) === '0');
    expect(x && isValidOrgCode(`${x}X`)).toBe(true);
    expect(zero && isValidOrgCode(`${zero}0`)).toBe(true);
  });
});
