/**
 * One data-set row → one standard notice: the field mapping of each data set (550–554).
 * Every problem of the row is collected by the FieldReader; the caller turns them into one error.
 */

import { defined, type FieldReader } from '../native-codecs/fields.ts';
import { amountValue, formatMicros, type SourceUnit, type StandardValue } from '../native-codecs/money.ts';
import { PartyList } from '../native-codecs/parties.ts';
import { childList, childObject, type XmlNode } from '../native-codecs/xml.ts';
import type { StandardRecord } from '../sdk.ts';
import { BULLETIN_TYPES, CATEGORIES, type DataSetCode, METHODS, UNITS, VERSION_EPOCH_MS } from './codes.ts';

/** What the title block and the adapter configuration contribute to every row. */
export interface RowContext {
  dataSet: DataSetCode;
  operation: 'create' | 'update' | 'withdraw';
  recordKey: string;
  ocidPrefix: string;
  /** When set, rows must carry this PLATFORM_CODE (the sender owns its rows). */
  platformCode?: string;
}

/** Maps a row of a mapped data set; undefined when the reader collected problems. */
export function mapRow(fields: FieldReader, row: XmlNode, ctx: RowContext): StandardRecord | undefined {
  const header = commonFields(fields, ctx);
  const parties = new PartyList();
  const body = BODIES[ctx.dataSet](fields, row, parties);
  if (!header || !body || fields.issues.length > 0) return undefined;
  const { dataTime, projectName, ...record } = header;
  const { date, title, ...rest } = body;
  // 550 has no bulletin: its date is the row's data time and its title the project name.
  return { ...record, date: date ?? dataTime, title: title ?? projectName, ...rest, parties: parties.list() } as StandardRecord;
}

type Body = { date?: string; title?: string } & Record<string, unknown>;

function commonFields(f: FieldReader, ctx: RowContext) {
  const projectCode = f.text('PURCHASE_PROJECT_CODE', { required: true, maxLength: 50 });
  const projectName = f.text('PURCHASE_PROJECT_NAME', { required: true, maxLength: 200 });
  const regionCode = f.text('REGION_CODE', { required: true, maxLength: 6 });
  const platformCode = f.text('PLATFORM_CODE', { required: true, maxLength: 18 });
  f.text('PUB_SERVICE_PLAT_CODE', { required: true, maxLength: 18 });
  const dataTime = f.compactTime('DATA_TIMESTAMP', { required: true });
  if (ctx.platformCode && platformCode && platformCode !== ctx.platformCode) {
    f.fail(
      'PLATFORM_CODE',
      'owner',
      `与该系统登记的平台编码 ${ctx.platformCode} 不符`,
      `does not match the platform code ${ctx.platformCode} registered for this system`,
    );
  }
  if (projectCode && /\s/.test(projectCode)) f.fail('PURCHASE_PROJECT_CODE', 'pattern', '不能含有空白字符', 'must not contain whitespace');
  if (!projectCode || !projectName || !regionCode || !dataTime) return undefined;
  // A later row replaces an earlier one: the version counts seconds of DATA_TIMESTAMP since 2000.
  const version = Math.floor((Date.parse(dataTime) - VERSION_EPOCH_MS) / 1000);
  if (version < 1) {
    f.fail('DATA_TIMESTAMP', 'minimum', '不能早于 2000-01-01', 'must not be before 2000-01-01');
    return undefined;
  }
  return {
    recordType: 'notice' as const,
    id: ctx.recordKey,
    version,
    operation: ctx.operation,
    regionCode,
    ocid: `${ctx.ocidPrefix}-${projectCode}`,
    project: { id: projectCode, name: projectName },
    dataTime,
    projectName,
  };
}

/** The buyer (采购人) and, when named, the agency (采购代理机构). */
function buyerAndAgency(f: FieldReader, parties: PartyList, buyerRequired = true) {
  const buyerName = f.text('PURCHASER_NAME', { required: buyerRequired, maxLength: 200 });
  const buyerCode = f.text('PURCHASER_CODE', { maxLength: 18 });
  const agencyName = f.text('AGENCY_NAME', { maxLength: 200 });
  const agencyCode = f.text('AGENCY_CODE', { maxLength: 18 });
  const buyer = buyerName ? parties.add(buyerName, buyerCode, 'buyer') : undefined;
  const agency = agencyName ? parties.add(agencyName, agencyCode, 'procuringEntity') : undefined;
  return { buyer, agency };
}

/** An amount with its unit field (0 元 / 1 万元). */
function money(f: FieldReader, field: string, unitField: string, required: boolean): StandardValue | undefined {
  const micros = f.decimal(field, { required });
  const unitCode = f.code(unitField, Object.keys(UNITS) as (keyof typeof UNITS)[], { required: micros !== undefined });
  if (micros === undefined || unitCode === undefined) return undefined;
  return amountValue(micros, UNITS[unitCode] as SourceUnit);
}

/** A price by PRICE_FORM_CODE: 1 amount, 2 rate (%), 3 unit price, 9 other (described). */
function price(f: FieldReader, field: string): StandardValue | undefined {
  const form = f.code('PRICE_FORM_CODE', ['1', '2', '3', '9'] as const, { required: true });
  const description = f.text('PRICE_DESCRIPTION', { required: form === '9', maxLength: 2000 });
  if (form === '2') {
    const rate = f.decimal(field, { required: true, integerDigits: 3 });
    if (rate === undefined) return undefined;
    if (rate > 100_000_000n) f.fail(field, 'maximum', '费率不能超过 100', 'a rate must not exceed 100');
    const value: StandardValue = { priceForm: '2', rate: Number(formatMicros(rate)) };
    if (description) value.details = description;
    return value;
  }
  const amount = money(f, field, 'PRICE_UNIT', form !== '9');
  if (!form) return undefined;
  const value: StandardValue = { ...(amount ?? {}), priceForm: form };
  if (description) value.details = description;
  return value;
}

function method(f: FieldReader, required: boolean) {
  const code = f.code('PURCHASER_MODE', Object.keys(METHODS) as (keyof typeof METHODS)[], { required });
  return code && METHODS[code];
}

function category(f: FieldReader) {
  const code = f.code('PURCHASE_CATEGORY', Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[]);
  return code && CATEGORIES[code];
}

function bulletin(f: FieldReader) {
  return {
    title: f.text('BULLETIN_TITLE', { required: true, maxLength: 300 }),
    description: f.text('BULLETIN_CONTENT', { maxLength: 100_000 }),
    date: f.compactTime('BULLETIN_START_TIME', { required: true }),
    url: f.text('URL', { maxLength: 500 }),
  };
}

/** tender.id carries 统一交易标识码 (UNIFIED_DEAL_CODE) on every notice that has it. */
function dealCode(f: FieldReader) {
  return f.text('UNIFIED_DEAL_CODE', { maxLength: 40 });
}

const BODIES: Record<DataSetCode, (f: FieldReader, row: XmlNode, parties: PartyList) => Body | undefined> = {
  /** 550 采购项目 → 采购意向公告 (intention): the planning stage of the process. */
  '550'(f, _row, parties) {
    const { buyer } = buyerAndAgency(f, parties);
    const budget = money(f, 'PROGRAM_BUDGET', 'UNIT_BUDGET', true);
    currency(f);
    const month = f.text('PLAN_PURCHASE_MONTH', { required: true, maxLength: 6 });
    if (month && !/^\d{4}(0[1-9]|1[0-2])$/.test(month)) f.fail('PLAN_PURCHASE_MONTH', 'format', '应为 yyyyMM', 'must be yyyyMM');
    const planning = defined({
      budget,
      requirementSummary: f.text('PURCHASE_CONTENT', { required: true, maxLength: 4000 }),
      expectedDate: month && `${month.slice(0, 4)}-${month.slice(4)}`,
      reservedForSme: f.flag('IS_SME_RESERVED'),
    });
    const tender = defined({ id: dealCode(f), procurementMethod: method(f, false), mainProcurementCategory: category(f) });
    return defined({ noticeType: 'intention', buyer, planning, tender: Object.keys(tender).length > 0 ? tender : undefined });
  },

  /** 551 采购（资格预审）公告 → tender / competitive / prequalification notice. */
  '551'(f, _row, parties) {
    const { buyer, agency } = buyerAndAgency(f, parties);
    const kind = f.code('BULLETIN_TYPE', BULLETIN_TYPES, { required: true });
    const procurementMethod = method(f, true);
    let noticeType: string | undefined;
    if (kind === '2') noticeType = 'prequalification';
    else if (procurementMethod === 'open' || procurementMethod === 'invited') noticeType = 'tender';
    else if (
      procurementMethod === 'competitiveNegotiation' ||
      procurementMethod === 'competitiveConsultation' ||
      procurementMethod === 'inquiry'
    )
      noticeType = 'competitive';
    else if (kind === '1' && procurementMethod) {
      f.fail(
        'PURCHASER_MODE',
        'mapping',
        '采购公告不能使用该采购方式（单一来源公示等应另行报送）',
        'a procurement notice cannot use this method (single-source publicity and the like go elsewhere)',
      );
    }
    const value = money(f, 'PROGRAM_BUDGET', 'UNIT_BUDGET', true);
    currency(f);
    const maxPrice = money(f, 'MAX_PRICE', 'UNIT_BUDGET', false);
    const postponed = f.flag('IS_POSTPONE');
    const closing = f.compactTime('BID_CLOSING_TIME', { required: true });
    const postClosing = f.compactTime('POST_BID_CLOSING_TIME', { required: postponed === true });
    const docStart = f.compactTime('DOC_GET_START_TIME');
    const docEnd = f.compactTime('DOC_GET_END_TIME');
    const docMethod = f.text('DOC_GET_METHOD', { maxLength: 1000 });
    const documentsAccess =
      docMethod || docStart || docEnd
        ? defined({
            period: defined({ startDate: docStart, endDate: docEnd }),
            place: f.text('DOC_GET_PLACE', { maxLength: 500 }),
            url: f.text('DOC_GET_URL', { maxLength: 500 }),
            method: docMethod,
          })
        : undefined;
    const openTime = f.compactTime('BID_OPEN_TIME');
    const openAddress = f.text('BID_OPEN_ADDRESS', { maxLength: 500 });
    const tender = defined({
      id: dealCode(f),
      procurementMethod,
      mainProcurementCategory: category(f),
      value,
      maxPrice,
      procuringEntity: agency,
      eligibilityCriteria: f.text('QUALIFICATION_REQUIREMENT', { maxLength: 20_000 }),
      documentsAccess,
      // The deadline in force: the postponed one when IS_POSTPONE is 1.
      tenderPeriod: closing ? { endDate: postponed ? (postClosing ?? closing) : closing } : undefined,
      bidOpening: openTime || openAddress ? defined({ date: openTime, address: openAddress }) : undefined,
    });
    return defined({ ...bulletin(f), noticeType, buyer, tender });
  },

  /** 552 更正事项 → 更正公告 (correction). */
  '552'(f, row, parties) {
    const { buyer } = buyerAndAgency(f, parties, false);
    const deadlineChanged = f.flag('IS_POSTPONE', { required: true });
    const changes = childList(childObject(row, 'CORRECTION_ITEMS'), 'ITEM').map((item, n) => {
      const g = f.nested(item, `CORRECTION_ITEMS/ITEM[${n + 1}]`);
      return defined({
        field: g.text('ITEM_NAME', { required: true, maxLength: 300 }),
        before: g.text('BEFORE_CONTENT', { maxLength: 8000 }),
        after: g.text('AFTER_CONTENT', { required: true, maxLength: 8000 }),
      });
    });
    if (changes.length === 0) f.fail('CORRECTION_ITEMS', 'required', '至少列出一项更正内容', 'must list at least one change');
    const correction = defined({
      noticeId: f.text('ORIGINAL_RECORD_KEY', { required: true, maxLength: 64 }),
      substantive: f.flag('IS_SUBSTANTIVE', { required: true }),
      deadlineChanged,
      tenderPeriodEnd: f.compactTime('POST_BID_CLOSING_TIME', { required: deadlineChanged === true }),
      bidOpeningDate: f.compactTime('POST_BID_OPEN_TIME'),
      changes,
    });
    const id = dealCode(f);
    return defined({ ...bulletin(f), noticeType: 'correction', buyer, correction, tender: id ? { id } : undefined });
  },

  /** 553 中标（成交）结果公告 → award notice, one award for the row's lot. */
  '553'(f, row, parties) {
    const { buyer } = buyerAndAgency(f, parties);
    const lot = f.text('PURCHASE_SECTION_CODE', { required: true, maxLength: 64 });
    const winnerName = f.text('WINNINGBIDDER_NAME', { required: true, maxLength: 200 });
    const winner = winnerName ? parties.add(winnerName, f.text('WINNINGBIDDER_CODE', { maxLength: 18 }), 'supplier') : undefined;
    const experts = f.text('EVALUATION_EXPERTS', { maxLength: 2000 });
    const items = childList(childObject(row, 'MAIN_ITEMS'), 'ITEM').map((item, n) => {
      const g = f.nested(item, `MAIN_ITEMS/ITEM[${n + 1}]`);
      const unitPrice = g.decimal('ITEM_UNIT_PRICE');
      const quantity = g.decimal('ITEM_QUANTITY', { integerDigits: 10 });
      const unitName = g.text('ITEM_UNIT', { maxLength: 20 });
      const catalogue = g.text('CATALOGUE_CODE', { maxLength: 9 });
      return defined({
        id: String(n + 1),
        description: g.text('ITEM_NAME', { required: true, maxLength: 500 }),
        classification: catalogue ? { scheme: 'CN-GPC', id: catalogue } : undefined,
        brand: g.text('ITEM_BRAND', { maxLength: 200 }),
        model: g.text('ITEM_MODEL', { maxLength: 200 }),
        quantity: quantity === undefined ? undefined : Number(formatMicros(quantity)),
        unit:
          unitName || unitPrice !== undefined
            ? defined({ name: unitName, value: unitPrice === undefined ? undefined : amountValue(unitPrice, '元') })
            : undefined,
      });
    });
    const award = defined({
      id: lot,
      status: 'active',
      date: f.compactTime('WIN_BID_TIME', { required: true }),
      value: price(f, 'WIN_BID_PRICE'),
      suppliers: winner ? [winner] : undefined,
      items: items.length > 0 ? items : undefined,
      relatedLots: lot ? [lot] : undefined,
      evaluationPanel: experts
        ?.split(/[、，,；;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
    const id = dealCode(f);
    return defined({ ...bulletin(f), noticeType: 'award', buyer, awards: [award], tender: id ? { id } : undefined });
  },

  /** 554 采购合同 → 合同公告 (contract), linked to the award of its lot. */
  '554'(f, _row, parties) {
    const { buyer } = buyerAndAgency(f, parties);
    const supplierName = f.text('SUPPLIER_NAME', { required: true, maxLength: 200 });
    const supplier = supplierName ? parties.add(supplierName, f.text('SUPPLIER_CODE', { maxLength: 18 }), 'supplier') : undefined;
    const contract = defined({
      id: f.text('CONTRACT_CODE', { required: true, maxLength: 64 }),
      awardID: f.text('PURCHASE_SECTION_CODE', { required: true, maxLength: 64 }),
      title: f.text('CONTRACT_NAME', { required: true, maxLength: 300 }),
      status: 'active',
      value: price(f, 'CONTRACT_AMOUNT'),
      suppliers: supplier ? [supplier] : undefined,
      dateSigned: f.compactTime('SIGNING_TIME', { required: true }),
    });
    const id = dealCode(f);
    return defined({ ...bulletin(f), noticeType: 'contract', buyer, contracts: [contract], tender: id ? { id } : undefined });
  },
};

/** BUDGET_CURRENCY: only 人民币 (CNY, or its numeric code 156) is exchanged. */
function currency(f: FieldReader): void {
  const code = f.text('BUDGET_CURRENCY', { maxLength: 3 });
  if (code !== undefined && code !== 'CNY' && code !== '156')
    f.fail('BUDGET_CURRENCY', 'enum', '仅支持人民币（CNY/156）', 'only CNY (156) is supported');
}
