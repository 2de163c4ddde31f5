/**
 * Inbound: OCDS 1.1 release packages (or a JSON array of releases, or one release) → standard notices.
 * Releases the gateway published map back exactly (see release.ts); other publishers' releases map
 * best-effort: the notice type from the release tag and method, the area from the system's config,
 * and the gateway's validation against the standard has the last word.
 */
import {
  type AdapterIssue,
  adapterError,
  decodeText,
  type InboundContext,
  type InboundResult,
  isObject,
  type JsonObject,
  methodOfOcds,
  noticeTypeOfTag,
  partyFromOcds,
  releaseToNotice,
  type StandardRecord,
  tooManyRecords,
} from '../sdk.ts';

const ID = /^[^\s]{1,64}$/;

/** Translates an OCDS payload into standard notices. Never throws. */
export function inbound(native: Uint8Array | string, ctx: InboundContext): InboundResult {
  const text = decodeText(native, ctx.encoding ?? 'utf-8');
  if (!text.ok) return text;
  let data: unknown;
  try {
    data = JSON.parse(text.text);
  } catch (error) {
    return adapterError('adapter.malformed', {
      zh: `不是合法的 JSON：${(error as Error).message}`,
      en: `not valid JSON: ${(error as Error).message}`,
    });
  }
  const releases = releasesOf(data);
  if (!releases) {
    return adapterError('adapter.malformed', {
      zh: '应为 OCDS 发布包（含 releases 数组）、发布数组或单个发布',
      en: 'expected an OCDS release package (with a releases array), an array of releases or one release',
    });
  }
  if (ctx.maxRecords !== undefined && releases.length > ctx.maxRecords) return tooManyRecords(releases.length, ctx.maxRecords);
  const records: StandardRecord[] = [];
  const issues: AdapterIssue[] = [];
  for (const [index, release] of releases.entries()) {
    const pointer = Array.isArray(data) ? `/${index}` : isObject(data) && Array.isArray(data.releases) ? `/releases/${index}` : '';
    if (!isObject(release)) {
      issues.push(issue(pointer, 'type', '发布必须是 JSON 对象', 'a release must be a JSON object'));
      continue;
    }
    const own = releaseToNotice(release);
    if (own) records.push(own);
    else {
      const mapped = foreignRelease(release, pointer, ctx, issues);
      if (mapped) records.push(mapped);
    }
  }
  if (issues.length > 0) {
    return adapterError('adapter.mapping', { zh: '部分发布无法映射为公告', en: 'some releases cannot be mapped to notices' }, issues);
  }
  return { ok: true, records };
}

function releasesOf(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data.length > 0 ? data : undefined;
  if (!isObject(data)) return undefined;
  if (Array.isArray(data.releases)) return data.releases.length > 0 ? data.releases : undefined;
  return typeof data.ocid === 'string' ? [data] : undefined;
}

/** A release another publisher made: header fields derived, aligned sections copied. */
function foreignRelease(release: JsonObject, at: string, ctx: InboundContext, issues: AdapterIssue[]): StandardRecord | undefined {
  const before = issues.length;
  const tender = isObject(release.tender) ? release.tender : undefined;
  const budget = isObject(release.planning) && isObject(release.planning.budget) ? release.planning.budget : {};
  const tag = Array.isArray(release.tag) && typeof release.tag[0] === 'string' ? release.tag[0] : undefined;
  const noticeType = tag
    ? noticeTypeOfTag(tag, typeof tender?.procurementMethod === 'string' ? tender.procurementMethod : undefined)
    : undefined;
  const name = budget.project ?? tender?.title;
  const regionCode = ctx.config.regionCode;
  if (typeof release.id !== 'string' || !ID.test(release.id))
    issues.push(issue(`${at}/id`, 'pattern', '发布 id 须为 1–64 个非空白字符', 'the release id must be 1–64 non-space characters'));
  if (typeof release.ocid !== 'string') issues.push(issue(`${at}/ocid`, 'required', '缺少 ocid', 'ocid is missing'));
  if (typeof release.date !== 'string') issues.push(issue(`${at}/date`, 'required', '缺少 date', 'date is missing'));
  if (!noticeType) issues.push(issue(`${at}/tag`, 'enum', '无法由 tag 确定公告类型', 'the tag gives no notice type'));
  if (typeof name !== 'string')
    issues.push(
      issue(
        `${at}/tender/title`,
        'required',
        '缺少项目名称（tender.title 或 planning.budget.project）',
        'no project name (tender.title or planning.budget.project)',
      ),
    );
  if (typeof regionCode !== 'string')
    issues.push(
      issue(at, 'config', '系统配置缺少 regionCode，无法确定行政区划', 'the system configuration has no regionCode for the area'),
    );
  if (issues.length > before) return undefined;

  const notice: JsonObject = {
    recordType: 'notice',
    id: release.id!,
    version: 1,
    operation: 'create',
    regionCode: regionCode as string,
    ocid: release.ocid!,
    noticeType: noticeType!,
    date: release.date!,
    title: name as string,
    project: { id: String(budget.projectID ?? tender?.id ?? release.ocid), name: name as string },
    parties: Array.isArray(release.parties) ? release.parties.filter(isObject).map(partyFromOcds) : [],
  };
  if (isObject(release.buyer)) notice.buyer = release.buyer;
  if (budget.amount !== undefined) notice.planning = { budget: budget.amount };
  if (tender) {
    const { procurementMethodDetails, title: _title, ...rest } = tender;
    const method = methodOfOcds(tender.procurementMethod, procurementMethodDetails);
    notice.tender = method ? { ...rest, procurementMethod: method } : rest;
    if (!method) delete (notice.tender as JsonObject).procurementMethod;
  }
  if (Array.isArray(release.awards)) notice.awards = release.awards;
  if (Array.isArray(release.contracts)) notice.contracts = release.contracts;
  return notice as unknown as StandardRecord;
}

function issue(pointer: string, keyword: string, zh: string, en: string): AdapterIssue {
  return { pointer, keyword, message: { zh, en } };
}
