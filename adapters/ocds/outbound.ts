/**
 * Outbound: standard notices → an OCDS 1.1 release package, or a record package whose records are
 * compiled (and, if configured, versioned) by the merge engine from the releases of each process.
 */
import {
  type AdapterError,
  adapterError,
  compile,
  contentHash,
  type JsonObject,
  mergeableRelease,
  noticeToRelease,
  type OutboundContext,
  type OutboundInput,
  type OutboundResult,
  ocdsReleaseSchema,
  processFactsOf,
  recordsOf,
  type StandardRecord,
  sortByDate,
} from '../sdk.ts';

/** The OCDS adapter's per-system configuration (manifest configSchema). */
export interface OcdsConfig {
  /** Publisher named in every package. */
  publisher: { name: string; scheme?: string; uid?: string; uri?: string };
  /** Base URI packages are published under; package URIs are derived from it. */
  uriBase: string;
  license?: string;
  publicationPolicy?: string;
  /** release: a release package per batch; record: a record package, one record per process. */
  package?: 'release' | 'record';
  /** Record packages: also include each record's versionedRelease. */
  versioned?: boolean;
  /** Inbound from other publishers: the GB/T 2260 area their releases belong to. */
  regionCode?: string;
  /** URL of the project's OCDS extension (extension.json); by default `/public/ocds/extension/extension.json` on uriBase's host. */
  extensionUrl?: string;
}

/** Where the gateway serves the project's OCDS extension (schemas/ocds/extension), relative to its public URL. */
export const OCDS_EXTENSION_PATH = '/public/ocds/extension/extension.json';

/** The URL packages declare the project's OCDS extension under. */
export function extensionUrlOf(config: Pick<OcdsConfig, 'uriBase' | 'extensionUrl'>): string {
  return config.extensionUrl ?? new URL(OCDS_EXTENSION_PATH, config.uriBase).href;
}

const MEDIA_TYPE = 'application/json';

/** Translates standard notices into an OCDS package (pure: the publication time comes from ctx or the data). */
export function outbound(input: OutboundInput, ctx: OutboundContext): OutboundResult {
  const config = ctx.config as unknown as OcdsConfig;
  const records = recordsOf(input);
  if (records.length === 0) return adapterError('adapter.mapping', { zh: '没有可发布的记录', en: 'there are no records to publish' });
  const transaction = records.findIndex((r) => r.recordType !== 'notice');
  if (transaction >= 0) {
    return adapterError(
      'adapter.mapping',
      { zh: 'OCDS 适配器只发布公告，不发布电子卖场交易', en: 'the OCDS adapter publishes notices, not e-marketplace transactions' },
      [{ pointer: `/${transaction}/recordType`, keyword: 'const', message: { zh: '应为 notice', en: 'must be notice' } }],
    );
  }
  const facts = processFactsOf(records);
  const releases = records.map((record) => noticeToRelease(record, facts));
  const body = config.package === 'record' ? recordPackage(releases, records, config, ctx) : releasePackage(releases, records, config, ctx);
  if (body.ok === false) return body as { ok: false; error: AdapterError };
  return { ok: true, mediaType: MEDIA_TYPE, body: `${JSON.stringify(body, null, 2)}\n` };
}

function releasePackage(releases: JsonObject[], records: StandardRecord[], config: OcdsConfig, ctx: OutboundContext): JsonObject {
  return { ...packageMetadata('releases', releases, records, config, ctx), releases };
}

function recordPackage(
  releases: JsonObject[],
  records: StandardRecord[],
  config: OcdsConfig,
  ctx: OutboundContext,
): JsonObject | { ok: false; error: AdapterError } {
  const byOcid = new Map<string, JsonObject[]>();
  for (const release of releases) {
    const ocid = String(release.ocid);
    byOcid.set(ocid, [...(byOcid.get(ocid) ?? []), release]);
  }
  const compiled: JsonObject[] = [];
  for (const [ocid, group] of byOcid) {
    const result = compile(group.map(mergeableRelease), { schema: ocdsReleaseSchema(), versioned: config.versioned === true });
    if (!result.ok) {
      return adapterError('adapter.mapping', {
        zh: `无法合并 ${ocid}：${result.error.message.zh}`,
        en: `cannot compile ${ocid}: ${result.error.message.en}`,
      });
    }
    const record: JsonObject = { ocid, releases: sortByDate(group), compiledRelease: result.compiledRelease };
    if (result.versionedRelease) record.versionedRelease = result.versionedRelease;
    compiled.push(record);
  }
  return { ...packageMetadata('records', releases, records, config, ctx), records: compiled };
}

/** The metadata every OCDS package carries; the URI is stable for the same content. */
function packageMetadata(
  kind: 'releases' | 'records',
  releases: JsonObject[],
  records: StandardRecord[],
  config: OcdsConfig,
  ctx: OutboundContext,
): JsonObject {
  const name = releases.length === 1 ? String(releases[0]!.id) : `batch-${contentHash(releases.map((r) => r.id)).slice(0, 16)}`;
  const meta: JsonObject = {
    uri: `${config.uriBase.replace(/\/?$/, '/')}${kind}/${encodeURIComponent(name)}.json`,
    version: '1.1',
    publishedDate: ctx.publishedAt ?? latestDate(records),
    publisher: { ...config.publisher },
    // Every package uses the fields of the project's extension (cnNotice, lots, …), so every package declares it.
    extensions: [extensionUrlOf(config)],
  };
  if (config.license) meta.license = config.license;
  if (config.publicationPolicy) meta.publicationPolicy = config.publicationPolicy;
  return meta;
}

function latestDate(records: StandardRecord[]): string {
  return records.map((r) => String(r.date)).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}
