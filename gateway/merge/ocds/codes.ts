/**
 * The code mappings between the standard and OCDS 1.1, read from the standard's codelists
 * (schemas/v1/codelists: noticeType.ocdsTag, procurementMethod.ocdsMethod) rather than restated here.
 */
import { type CodelistEntry, loadCodelist } from '../../standard/index.ts';

/** The OCDS release tag of a notice type: 意向→planning, 招标/谈判/磋商/询价→tender, 更正→tenderAmendment … */
export function releaseTagOf(noticeType: string): string | undefined {
  return entry('noticeType', noticeType)?.ocdsTag as string | undefined;
}

/** The notice type an OCDS release tag most plausibly comes from, for OCDS data the gateway did not publish. */
export function noticeTypeOfTag(tag: string, ocdsMethod?: string): string | undefined {
  if (tag === 'tender') {
    // 招标 vs 谈判/磋商/询价 vs 单一来源 share the tag; the method tells them apart.
    if (ocdsMethod === 'limited') return 'competitive';
    if (ocdsMethod === 'direct') return 'singleSource';
    return 'tender';
  }
  const preferred: Record<string, string> = { planning: 'intention', planningUpdate: 'intention', tenderUpdate: 'tender' };
  if (preferred[tag]) return preferred[tag];
  return loadCodelist('noticeType').codes.find((c) => c.ocdsTag === tag)?.code;
}

/** OCDS procurementMethod and procurementMethodDetails (the Chinese name) of a standard method. */
export function ocdsMethodOf(method: string): { procurementMethod: string; procurementMethodDetails: string } | undefined {
  const found = entry('procurementMethod', method);
  if (!found) return undefined;
  return { procurementMethod: found.ocdsMethod as string, procurementMethodDetails: found.zh };
}

/** The standard method named by OCDS procurementMethodDetails (code, Chinese or English name), else by the OCDS method. */
export function methodOfOcds(procurementMethod: unknown, details: unknown): string | undefined {
  const codes = loadCodelist('procurementMethod').codes;
  if (typeof details === 'string') {
    const named = codes.find((c) => c.code === details || c.zh === details || c.en.toLowerCase() === details.toLowerCase());
    if (named) return named.code;
  }
  // Without details only the unambiguous OCDS methods map back.
  const byMethod: Record<string, string> = { open: 'open', selective: 'invited', direct: 'singleSource' };
  return typeof procurementMethod === 'string' ? byMethod[procurementMethod] : undefined;
}

function entry(list: string, code: string): CodelistEntry | undefined {
  return loadCodelist(list).codes.find((c) => c.code === code);
}
