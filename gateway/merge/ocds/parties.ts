/**
 * Organisation identifiers between the standard and OCDS.
 * - 统一社会信用代码 (USCC, GB 32100) of bodies registered with market regulation (registration authority
 *   code 9, 工商) → org-id.guide `CN-SAIC`, the register that publishes them; other USCCs (government
 *   bodies, 机构编制 1, 民政 5 …) have no org-id.guide list and keep the standard's `CN-USCC`.
 * - 组织机构代码 keeps `CN-ORGCODE`; `OTHER` is kept as is.
 * - 居民身份证号码 (`CN-RESIDENT`) is personal data and is never published to OCDS: the identifier is dropped.
 */
import type { JsonObject } from '../json.ts';
import { isObject } from '../json.ts';

/** OCDS scheme for an identifier of the standard, or undefined when it must not be published. */
export function ocdsScheme(scheme: unknown, id: unknown): string | undefined {
  if (scheme === 'CN-RESIDENT') return undefined;
  if (scheme === 'CN-USCC') return typeof id === 'string' && id.startsWith('9') ? 'CN-SAIC' : 'CN-USCC';
  return typeof scheme === 'string' ? scheme : undefined;
}

/** Standard scheme of an OCDS identifier: CN-SAIC and CN-USCC are USCCs; unknown registers become OTHER. */
export function standardScheme(scheme: unknown): string {
  if (scheme === 'CN-SAIC' || scheme === 'CN-USCC') return 'CN-USCC';
  if (scheme === 'CN-ORGCODE' || scheme === 'CN-RESIDENT') return scheme;
  return 'OTHER';
}

/** A party as OCDS publishes it. */
export function partyToOcds(party: JsonObject): JsonObject {
  const out: JsonObject = { ...party };
  const identifier = identifierToOcds(party.identifier);
  if (identifier) out.identifier = identifier;
  else delete out.identifier;
  if (Array.isArray(party.additionalIdentifiers)) {
    const extra = party.additionalIdentifiers.map(identifierToOcds).filter((i): i is JsonObject => i !== undefined);
    if (extra.length > 0) out.additionalIdentifiers = extra;
    else delete out.additionalIdentifiers;
  }
  return out;
}

/** A party of an OCDS release as the standard holds it. */
export function partyFromOcds(party: JsonObject): JsonObject {
  const out: JsonObject = { ...party };
  if (isObject(party.identifier)) out.identifier = identifierFromOcds(party.identifier);
  if (Array.isArray(party.additionalIdentifiers)) {
    out.additionalIdentifiers = party.additionalIdentifiers.filter(isObject).map(identifierFromOcds);
  }
  return out;
}

function identifierToOcds(identifier: unknown): JsonObject | undefined {
  if (!isObject(identifier)) return undefined;
  const scheme = ocdsScheme(identifier.scheme, identifier.id);
  return scheme ? { ...identifier, scheme } : undefined;
}

function identifierFromOcds(identifier: JsonObject): JsonObject {
  const out: JsonObject = { ...identifier, scheme: standardScheme(identifier.scheme) };
  if (typeof out.id === 'number') out.id = String(out.id);
  // OCDS allows a uri on identifiers; the standard's Identifier does not.
  delete out.uri;
  return out;
}
