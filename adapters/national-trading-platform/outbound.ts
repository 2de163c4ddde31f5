/**
 * Outbound: standard notices → a data package of the trading platform (the same XML that inbound
 * reads). Award and contract notices give one record per award or contract (the data sets hold one
 * winner or one contract per row); notice types the data sets do not carry are refused.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { formatMicros, numberToMicros, type StandardValue, sourceAmount } from '../native-codecs/money.ts';
import { codeOf, type Party } from '../native-codecs/parties.ts';
import { rfc3339ToCompact } from '../native-codecs/time.ts';
import {
  type AdapterIssue,
  adapterError,
  type OutboundContext,
  type OutboundInput,
  type OutboundResult,
  recordsOf,
  type StandardRecord,
} from '../sdk.ts';
import { CATEGORIES, type DataSetCode, keyOf, METHODS, OPERATIONS } from './codes.ts';

type Field = [name: string, value: string | Field[] | undefined];
type Fields = Field[];
type Ref = { id: string; name: string };
// biome-ignore lint/suspicious/noExplicitAny: a notice's body is read field by field as the schema shapes it.
type Notice = StandardRecord & Record<string, any>;

const builder = new XMLBuilder({ format: true, indentBy: '  ', processEntities: true, suppressEmptyNode: false });

/** standard notices → one XML data package (UTF-8). */
export function outbound(input: OutboundInput, ctx: OutboundContext): OutboundResult {
  const platformCode = ctx.config['platformCode'];
  const pubServicePlatCode = ctx.config['pubServicePlatCode'];
  if (typeof platformCode !== 'string' || typeof pubServicePlatCode !== 'string') {
    return adapterError('adapter.config', {
      zh: '缺少 platformCode 或 pubServicePlatCode 配置',
      en: 'platformCode or pubServicePlatCode is missing in the configuration',
    });
  }
  const entries: unknown[] = [];
  const issues: AdapterIssue[] = [];
  for (const [n, record] of recordsOf(input).entries()) {
    const rows = rowsOf(record as Notice);
    if ('refused' in rows) {
      issues.push({ pointer: `/${n}/noticeType`, keyword: 'unmapped', message: rows.refused });
      continue;
    }
    for (const { dataSet, key, fields } of rows.list) {
      const timestamp = rfc3339ToCompact(ctx.publishedAt ?? record.date ?? '');
      const row: Fields = [
        ...fields,
        ['REGION_CODE', record.regionCode],
        ['PLATFORM_CODE', platformCode],
        ['PUB_SERVICE_PLAT_CODE', pubServicePlatCode],
        ['DATA_TIMESTAMP', timestamp],
      ];
      entries.push({
        TITLE: { DATA_SET_CODE: dataSet, OPERATION: keyOf(OPERATIONS, record.operation), RECORD_KEY: key },
        ROW: toXmlObject(row),
      });
    }
  }
  if (issues.length > 0) {
    return adapterError(
      'adapter.mapping',
      { zh: '部分记录无法以交易平台数据集表示', en: 'some records have no trading-platform data set' },
      issues,
    );
  }
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ DATA_PACKAGE: { RECORD: entries } })}`;
  return { ok: true, mediaType: 'application/xml', body };
}

type Rows = { list: { dataSet: DataSetCode; key: string; fields: Fields }[] } | { refused: { zh: string; en: string } };

function rowsOf(r: Notice): Rows {
  if (r.recordType !== 'notice')
    return { refused: { zh: '交易平台数据集只承载公告', en: 'the trading-platform data sets carry notices only' } };
  const parties: Party[] = r.parties ?? [];
  const head: Fields = [
    ['PURCHASE_PROJECT_CODE', r.project?.id],
    ['PURCHASE_PROJECT_NAME', r.project?.name],
  ];
  const deal: Fields = [['UNIFIED_DEAL_CODE', r.tender?.id]];
  const bulletin = (content = true): Fields => [
    ['BULLETIN_TITLE', r.title],
    ...(content ? ([['BULLETIN_CONTENT', r.description]] as Fields) : []),
    ['BULLETIN_START_TIME', compact(r.date)],
  ];
  const buyer: Fields = [
    ['PURCHASER_NAME', r.buyer?.name],
    ['PURCHASER_CODE', codeOf(parties, r.buyer)],
  ];
  const agency = (ref: Ref | undefined): Fields => [
    ['AGENCY_NAME', ref?.name],
    ['AGENCY_CODE', codeOf(parties, ref)],
  ];
  const url: Fields = [['URL', r.url]];
  switch (r.noticeType) {
    case 'intention': {
      const p = r.planning ?? {};
      const month: string | undefined = p.expectedDate;
      const fields: Fields = [
        ...head,
        ...deal,
        ...buyer,
        ['PURCHASER_MODE', keyOf(METHODS, r.tender?.procurementMethod)],
        ['PURCHASE_CATEGORY', keyOf(CATEGORIES, r.tender?.mainProcurementCategory)],
        ...budget('PROGRAM_BUDGET', 'UNIT_BUDGET', p.budget),
        ['PURCHASE_CONTENT', p.requirementSummary],
        ['PLAN_PURCHASE_MONTH', month?.replace('-', '')],
        ['IS_SME_RESERVED', flag(p.reservedForSme)],
      ];
      return { list: [{ dataSet: '550', key: r.id, fields }] };
    }
    case 'tender':
    case 'competitive':
    case 'prequalification': {
      const t = r.tender ?? {};
      const access = t.documentsAccess;
      const fields: Fields = [
        ...head,
        ...deal,
        ['BULLETIN_TYPE', r.noticeType === 'prequalification' ? '2' : '1'],
        ...bulletin(),
        ...buyer,
        ...agency(t.procuringEntity),
        ['PURCHASER_MODE', keyOf(METHODS, t.procurementMethod)],
        ['PURCHASE_CATEGORY', keyOf(CATEGORIES, t.mainProcurementCategory)],
        ...budget('PROGRAM_BUDGET', 'UNIT_BUDGET', t.value),
        ['MAX_PRICE', t.maxPrice ? sourceAmount(t.maxPrice)?.text : undefined],
        ['QUALIFICATION_REQUIREMENT', t.eligibilityCriteria],
        ['DOC_GET_START_TIME', compact(access?.period?.startDate)],
        ['DOC_GET_END_TIME', compact(access?.period?.endDate)],
        ['DOC_GET_METHOD', access?.method],
        ['DOC_GET_PLACE', access?.place],
        ['DOC_GET_URL', access?.url],
        ['BID_CLOSING_TIME', compact(t.tenderPeriod?.endDate)],
        ['IS_POSTPONE', '0'],
        ['BID_OPEN_TIME', compact(t.bidOpening?.date)],
        ['BID_OPEN_ADDRESS', t.bidOpening?.address],
        ...url,
      ];
      return { list: [{ dataSet: '551', key: r.id, fields }] };
    }
    case 'correction': {
      const c = r.correction ?? {};
      const fields: Fields = [
        ...head,
        ...deal,
        ['ORIGINAL_RECORD_KEY', c.noticeId],
        ...bulletin(),
        ...buyer,
        ['IS_SUBSTANTIVE', flag(c.substantive)],
        ['IS_POSTPONE', flag(c.deadlineChanged)],
        ['POST_BID_CLOSING_TIME', compact(c.tenderPeriodEnd)],
        ['POST_BID_OPEN_TIME', compact(c.bidOpeningDate)],
        [
          'CORRECTION_ITEMS',
          (c.changes ?? []).map(
            (ch: { field: string; before?: string; after: string }): Field => [
              'ITEM',
              [
                ['ITEM_NAME', ch.field],
                ['BEFORE_CONTENT', ch.before],
                ['AFTER_CONTENT', ch.after],
              ],
            ],
          ),
        ],
        ...url,
      ];
      return { list: [{ dataSet: '552', key: r.id, fields }] };
    }
    case 'award': {
      const awards: Notice[] = r.awards ?? [];
      const list = awards.map((a) => {
        const winner: Ref | undefined = a.suppliers?.[0];
        const fields: Fields = [
          ...head,
          ['PURCHASE_SECTION_CODE', a.id],
          ...deal,
          ...bulletin(),
          ...buyer,
          ['WINNINGBIDDER_NAME', winner?.name],
          ['WINNINGBIDDER_CODE', codeOf(parties, winner)],
          ...price('WIN_BID_PRICE', a.value),
          ['WIN_BID_TIME', compact(a.date)],
          ['EVALUATION_EXPERTS', a.evaluationPanel?.join('、')],
          ['MAIN_ITEMS', (a.items ?? []).map((item: Notice): Field => ['ITEM', itemFields(item)])],
          ...url,
        ];
        return { dataSet: '553' as const, key: awards.length > 1 ? `${r.id}-${a.id}` : r.id, fields };
      });
      return { list };
    }
    case 'contract': {
      const contracts: Notice[] = r.contracts ?? [];
      const list = contracts.map((c) => {
        const supplier: Ref | undefined = c.suppliers?.[0];
        const fields: Fields = [
          ...head,
          ['PURCHASE_SECTION_CODE', c.awardID],
          ...deal,
          ['CONTRACT_CODE', c.id],
          ['CONTRACT_NAME', c.title],
          ...bulletin(false),
          ...buyer,
          ['SUPPLIER_NAME', supplier?.name],
          ['SUPPLIER_CODE', codeOf(parties, supplier)],
          ...price('CONTRACT_AMOUNT', c.value),
          ['SIGNING_TIME', compact(c.dateSigned)],
          ...url,
        ];
        return { dataSet: '554' as const, key: contracts.length > 1 ? `${r.id}-${c.id}` : r.id, fields };
      });
      return { list };
    }
    default:
      return {
        refused: {
          zh: `公告类型 ${r.noticeType} 没有对应的交易平台数据集`,
          en: `notice type ${r.noticeType} has no trading-platform data set`,
        },
      };
  }
}

function itemFields(item: Notice): Fields {
  return [
    ['ITEM_NAME', item.description],
    ['CATALOGUE_CODE', item.classification?.id],
    ['ITEM_BRAND', item.brand],
    ['ITEM_MODEL', item.model],
    ['ITEM_QUANTITY', item.quantity === undefined ? undefined : decimal(item.quantity)],
    ['ITEM_UNIT', item.unit?.name],
    ['ITEM_UNIT_PRICE', item.unit?.value?.amount === undefined ? undefined : decimal(item.unit.value.amount)],
  ];
}

/** An amount and its unit field (0 元 / 1 万元), as the source sent it when known. */
function budget(field: string, unitField: string, value: StandardValue | undefined): Fields {
  const amount = value && sourceAmount(value);
  return [
    [field, amount?.text],
    ...(field === 'PROGRAM_BUDGET' ? ([['BUDGET_CURRENCY', amount ? 'CNY' : undefined]] as Fields) : []),
    [unitField, amount ? (amount.unit === '万元' ? '1' : '0') : undefined],
  ];
}

/** A price with PRICE_FORM_CODE: rates go out as percentages without a unit. */
function price(field: string, value: StandardValue | undefined): Fields {
  if (!value) return [];
  const form = value.priceForm ?? '1';
  const amount = form === '2' ? undefined : sourceAmount(value);
  return [
    [field, form === '2' && value.rate !== undefined ? decimal(value.rate) : amount?.text],
    ['PRICE_FORM_CODE', form],
    ['PRICE_UNIT', amount ? (amount.unit === '万元' ? '1' : '0') : undefined],
    ['PRICE_DESCRIPTION', value.details],
  ];
}

function compact(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : rfc3339ToCompact(iso);
}

function flag(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? '1' : '0';
}

function decimal(value: number): string | undefined {
  const micros = numberToMicros(value);
  return micros === undefined ? undefined : formatMicros(micros);
}

/** Ordered fields → the builder's object form, leaving out absent fields and empty lists. */
function toXmlObject(fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      out[name] = value;
      continue;
    }
    if (value.length === 0) continue;
    // A list of same-named children (ITEM, ITEM …) becomes an array under that name.
    const children: Record<string, unknown[]> = {};
    for (const [childName, childValue] of value) {
      const list = children[childName] ?? [];
      list.push(typeof childValue === 'string' ? childValue : toXmlObject(childValue ?? []));
      children[childName] = list;
    }
    out[name] = children;
  }
  return out;
}
