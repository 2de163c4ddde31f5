/**
 * The publication policy (信息公开范围): which records the gateway publishes to the public, read
 * from the registry's `publication` section at every use (a reload applies at once). Off by default:
 * without listed notice types nothing is public. E-marketplace transactions are never published
 * (the OCDS mapping covers notices only; the registry schema allows no transaction type).
 */
import { canonicalJson, hashOfCanonical, type StandardRecord } from '../core/index.ts';
import { type PublicationSection, withinAreas } from '../registry/index.ts';

/** The publisher named when the section names none. */
const DEFAULT_PUBLISHER = { name: 'Procurement Exchange 政府采购数据交换平台' };
/** The package URI base when the section names none (a package's uri only has to be stable). */
const DEFAULT_URI_BASE = 'https://procurement-exchange.example/public/ocds/';

/** The policy in force, derived from the registry section. */
export interface PublicationPolicy {
  /** Notice types published; empty: publication is off. */
  noticeTypes: ReadonlySet<string>;
  /** GB/T 2260 areas published (prefix semantics); undefined: every area. */
  areas?: readonly string[];
  /** The OCDS adapter's configuration for public packages (publisher, uri base, licence). */
  ocds: Record<string, unknown>;
  /** Fingerprint of the section: bulk files built under another fingerprint are rebuilt, never served. */
  fingerprint: string;
}

/** Reads the policy from the registry's section (absent: nothing is public). */
export function publicationPolicy(section: PublicationSection | undefined): PublicationPolicy {
  const noticeTypes = new Set(section?.notices?.noticeTypes ?? []);
  const ocds: Record<string, unknown> = {
    publisher: section?.publisher ?? DEFAULT_PUBLISHER,
    uriBase: section?.uriBase ?? DEFAULT_URI_BASE,
    ...(section?.license ? { license: section.license } : {}),
    ...(section?.publicationPolicy ? { publicationPolicy: section.publicationPolicy } : {}),
  };
  const areas = section?.notices?.areas;
  const fingerprint = hashOfCanonical(
    canonicalJson({ types: [...noticeTypes].sort(), areas: areas ? [...areas].sort() : null, ocds }),
  ).slice(0, 16);
  return { noticeTypes, ...(areas ? { areas } : {}), ocds, fingerprint };
}

/** True when publication is on at all. */
export function publishesAnything(policy: PublicationPolicy): boolean {
  return policy.noticeTypes.size > 0;
}

/** True when the policy makes this record version public. */
export function isPublic(policy: PublicationPolicy, record: StandardRecord): boolean {
  if (record.recordType !== 'notice') return false;
  if (!policy.noticeTypes.has(String(record.noticeType))) return false;
  return policy.areas === undefined || withinAreas(String(record.regionCode), policy.areas);
}
