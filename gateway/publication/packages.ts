/**
 * Public OCDS packages, built by the OCDS adapter's own package builders (adapters/ocds/outbound.ts,
 * reached through the adapter host) so that the public output and subscribers' OCDS output are one
 * mapping. Only the empty release package, which the adapter does not build, is written here.
 */
import type { AdapterHost } from '../../adapters/host.ts';
import type { StandardRecord } from '../core/index.ts';
import type { PublicationPolicy } from './policy.ts';

/** An OCDS package as JSON. */
export type OcdsPackage = Record<string, unknown>;

/** The system id the adapter host is told for public output (no registered system). */
const PUBLIC = 'public';

/** Builds release and record packages of already public (redacted) records. */
export class PublicPackages {
  constructor(
    private readonly adapters: AdapterHost,
    private readonly onSkipped: (recordId: string, reason: string) => void,
  ) {}

  /** A release package of the records' versions, one release each; records the mapping refuses are left out. */
  releasePackage(policy: PublicationPolicy, records: StandardRecord[], publishedAt: string): OcdsPackage {
    if (records.length === 0) return this.emptyReleasePackage(policy, publishedAt);
    const whole = this.render(policy, 'release', records, publishedAt);
    if (whole.ok) return whole.value;
    // One record the mapping refuses must not hold the others back: render one by one, keep those that map.
    const mapped = records.filter((record) => {
      const one = this.render(policy, 'release', [record], publishedAt);
      if (!one.ok) this.onSkipped(record.id, one.reason);
      return one.ok;
    });
    if (mapped.length === 0) return this.emptyReleasePackage(policy, publishedAt);
    const retried = this.render(policy, 'release', mapped, publishedAt);
    return retried.ok ? retried.value : this.emptyReleasePackage(policy, publishedAt);
  }

  /** A record package of one process's versions, or undefined when they cannot be compiled. */
  recordPackage(policy: PublicationPolicy, records: StandardRecord[], publishedAt: string): OcdsPackage | undefined {
    const result = this.render(policy, 'record', records, publishedAt);
    if (result.ok) return result.value;
    this.onSkipped(records[0]?.ocid ?? '', result.reason);
    return undefined;
  }

  private render(
    policy: PublicationPolicy,
    kind: 'release' | 'record',
    records: StandardRecord[],
    publishedAt: string,
  ): { ok: true; value: OcdsPackage } | { ok: false; reason: string } {
    const result = this.adapters.outbound('ocds', {
      systemId: PUBLIC,
      config: { ...policy.ocds, package: kind },
      input: records,
      publishedAt,
    });
    if (!result.ok) return { ok: false, reason: `${result.error.code}: ${result.error.detail?.en ?? ''}` };
    const text = typeof result.body === 'string' ? result.body : new TextDecoder().decode(result.body);
    return { ok: true, value: JSON.parse(text) as OcdsPackage };
  }

  /** The package metadata with no releases (OCDS 1.1 release package). */
  private emptyReleasePackage(policy: PublicationPolicy, publishedAt: string): OcdsPackage {
    const base = String(policy.ocds.uriBase).replace(/\/?$/, '/');
    return {
      uri: `${base}releases/empty.json`,
      version: '1.1',
      publishedDate: publishedAt,
      publisher: policy.ocds.publisher,
      ...(policy.ocds.license ? { license: policy.ocds.license } : {}),
      ...(policy.ocds.publicationPolicy ? { publicationPolicy: policy.ocds.publicationPolicy } : {}),
      releases: [],
    };
  }
}
