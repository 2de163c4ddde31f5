/**
 * Outbound: standard notices → the legacy CSV export, encoded in GB18030 (or the configured
 * encoding). Every cell is neutralised against formula injection. Notices the flat export cannot
 * hold without loss (several awards, items or changes; rates and other price forms) are refused.
 */
import { encodeText, stringifyCsv } from '../native-codecs/csv.ts';
import { formatMicros, numberToMicros, type StandardValue, sourceAmount } from '../native-codecs/money.ts';
import { codeOf, type Party } from '../native-codecs/parties.ts';
import { rfc3339ToDashed } from '../native-codecs/time.ts';
import {
  type AdapterIssue,
  adapterError,
  type OutboundContext,
  type OutboundInput,
  type OutboundResult,
  recordsOf,
  type StandardRecord,
} from '../sdk.ts';
import { type Column, HEADER, keyOf, METHODS, NOTICE_TYPES, OPERATIONS, YES_NO } from './columns.ts';

// biome-ignore lint/suspicious/noExplicitAny: a notice's body is read field by field as the schema shapes it.
type Notice = StandardRecord & Record<string, any>;

/** standard notices → one CSV export. */
export function outbound(input: OutboundInput, ctx: OutboundContext): OutboundResult {
  const encoding = typeof ctx.config['encoding'] === 'string' ? ctx.config['encoding'] : 'gb18030';
  const lines: string[][] = [];
  const issues: AdapterIssue[] = [];
  for (const [n, record] of recordsOf(input).entries()) {
    const line = lineOf(record as Notice);
    if ('refused' in line) issues.push({ pointer: `/${n}`, keyword: 'unmapped', message: line.refused });
    else lines.push(HEADER.map((column) => line.cells[column] ?? ''));
  }
  if (issues.length > 0) {
    return adapterError(
      'adapter.mapping',
      { zh: '部分记录无法以旧版导出格式表示', en: 'some records cannot be written in the legacy export' },
      issues,
    );
  }
  return { ok: true, mediaType: 'text/csv', body: encodeText(stringifyCsv(HEADER, lines), encoding) };
}

type Line = { cells: Partial<Record<Column, string>> } | { refused: { zh: string; en: string } };

function refuse(zh: string, en: string): Line {
  return { refused: { zh, en } };
}

function lineOf(r: Notice): Line {
  const type = keyOf(NOTICE_TYPES, r.noticeType);
  if (r.recordType !== 'notice' || !type) {
    return refuse(`旧版导出不含 ${r.noticeType ?? r.recordType} 类型`, `the legacy export has no ${r.noticeType ?? r.recordType} type`);
  }
  const parties: Party[] = r.parties ?? [];
  const cells: Partial<Record<Column, string>> = {
    GGBH: r.id,
    BBH: String(r.version),
    CZLX: keyOf(OPERATIONS, r.operation),
    GGLX: type,
    XZQH: r.regionCode,
    XMBH: r.project?.id,
    XMMC: r.project?.name,
    GGBT: r.title,
    FBSJ: dashed(r.date),
    GGNR: r.description,
    GGLJ: r.url,
    CGRMC: r.buyer?.name,
    CGRDM: codeOf(parties, r.buyer),
  };
  // One unit column serves every amount of the line: the first amount sets it, the others must agree.
  let unit: string | undefined;
  const money = (column: Column, value: StandardValue | undefined): string | undefined => {
    if (!value) return undefined;
    if (value.priceForm === '2' || value.priceForm === '9')
      throw new Refusal(
        '旧版导出只能表示金额（不含费率等价款形式）',
        'the legacy export holds amounts only, not rates or other price forms',
      );
    const amount = sourceAmount(value, 12);
    if (!amount) return undefined;
    if (unit && unit !== amount.unit)
      throw new Refusal(`${column} 的金额单位与其他金额不同`, `${column} is in another unit than the other amounts`);
    unit = amount.unit;
    cells.JEDW = unit;
    return amount.text;
  };
  try {
    switch (r.noticeType) {
      case 'tender':
      case 'competitive': {
        const t = r.tender ?? {};
        Object.assign(cells, {
          DLJGMC: t.procuringEntity?.name,
          DLJGDM: codeOf(parties, t.procuringEntity),
          CGFS: keyOf(METHODS, t.procurementMethod),
          YSJE: money('YSJE', t.value),
          ZGXJ: money('ZGXJ', t.maxPrice),
          GYSZG: t.eligibilityCriteria,
          HQWJKSSJ: dashed(t.documentsAccess?.period?.startDate),
          HQWJJZSJ: dashed(t.documentsAccess?.period?.endDate),
          HQWJFS: t.documentsAccess?.method,
          HQWJDD: t.documentsAccess?.place,
          TBJZSJ: dashed(t.tenderPeriod?.endDate),
          KBSJ: dashed(t.bidOpening?.date),
          KBDD: t.bidOpening?.address,
        });
        break;
      }
      case 'award': {
        const awards: Notice[] = r.awards ?? [];
        const a = awards[0];
        if (awards.length !== 1 || (a?.items?.length ?? 0) > 1 || (a?.suppliers?.length ?? 0) > 1) {
          throw new Refusal(
            '旧版导出每行只能表示一个包、一个中标供应商和一项主要标的',
            'the legacy export holds one lot, one winner and one main item per line',
          );
        }
        const item = a!.items?.[0];
        Object.assign(cells, {
          BDBH: a!.id,
          ZBGYSMC: a!.suppliers?.[0]?.name,
          ZBGYSDM: codeOf(parties, a!.suppliers?.[0]),
          ZBJE: money('ZBJE', a!.value),
          JGQDRQ: dashed(a!.date),
          PSZJ: a!.evaluationPanel?.join('、'),
          BDMC: item?.description,
          BDPP: item?.brand,
          BDXH: item?.model,
          BDSL: decimal(item?.quantity),
          BDDW: item?.unit?.name,
          BDDJ: decimal(item?.unit?.value?.amount),
          PMDM: item?.classification?.id,
        });
        break;
      }
      case 'correction': {
        const c = r.correction ?? {};
        if ((c.changes?.length ?? 0) !== 1)
          throw new Refusal('旧版导出每行只能表示一项更正内容', 'the legacy export holds one change per line');
        Object.assign(cells, {
          YGGBH: c.noticeId,
          SFYXTB: keyOf(YES_NO, c.substantive),
          SFSY: keyOf(YES_NO, c.deadlineChanged),
          XTBJZSJ: dashed(c.tenderPeriodEnd),
          GZX: c.changes[0].field,
          GZQ: c.changes[0].before,
          GZH: c.changes[0].after,
        });
        break;
      }
      case 'termination':
        Object.assign(cells, { ZZYY: r.termination?.reason, YGGBH: r.termination?.noticeId });
        break;
    }
  } catch (error) {
    if (error instanceof Refusal) return { refused: error.reason };
    throw error;
  }
  return { cells };
}

/** A notice the export cannot hold; caught in lineOf and returned as a value. */
class Refusal extends Error {
  readonly reason: { zh: string; en: string };
  constructor(zh: string, en: string) {
    super(en);
    this.reason = { zh, en };
  }
}

function dashed(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : rfc3339ToDashed(iso);
}

function decimal(value: number | undefined): string | undefined {
  const micros = value === undefined ? undefined : numberToMicros(value);
  return micros === undefined ? undefined : formatMicros(micros);
}
