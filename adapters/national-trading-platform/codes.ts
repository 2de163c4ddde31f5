/**
 * Code tables of the trading-platform data sets (公共资源交易平台系统数据规范, government-procurement
 * sets as a provincial platform implements them) and their counterparts in the standard.
 */

/** 数据集编号: the government-procurement data sets, with the standard notice type each maps to. */
export const DATA_SETS = {
  /** 采购项目 PURCHASE_PROJECT: the project as registered, the planning stage → 采购意向公告. */
  '550': { name: 'PURCHASE_PROJECT', noticeTypes: ['intention'] },
  /** 采购（资格预审）公告 PURCHASE_BULLETIN. */
  '551': { name: 'PURCHASE_BULLETIN', noticeTypes: ['tender', 'competitive', 'prequalification'] },
  /** 更正事项 CORRECTION_ITEM → 更正公告. */
  '552': { name: 'CORRECTION_ITEM', noticeTypes: ['correction'] },
  /** 中标（成交）结果公告 BID_DEAL_ANNOUNCE. */
  '553': { name: 'BID_DEAL_ANNOUNCE', noticeTypes: ['award'] },
  /** 采购合同 PURCHASE_CONTRACT → 合同公告. */
  '554': { name: 'PURCHASE_CONTRACT', noticeTypes: ['contract'] },
} as const;

/** A data set this adapter maps. */
export type DataSetCode = keyof typeof DATA_SETS;

/**
 * Data sets of the specification that have no record in the standard (v1): refused with
 * `adapter.mapping` and this reason rather than silently dropped.
 */
export const UNMAPPED_DATA_SETS: Record<string, { zh: string; en: string }> = {
  '556': {
    zh: '数据集 556（开标记录）在数据标准 v1 中没有对应记录（标准不交换投标报价明细），不予接收',
    en: 'data set 556 (bid opening record) has no record in standard v1 (bids are not exchanged); not accepted',
  },
  '557': {
    zh: '数据集 557（供应商名单）在数据标准 v1 中没有对应记录（投标人名单不单独交换），不予接收',
    en: 'data set 557 (supplier list) has no record in standard v1 (tenderer lists are not exchanged on their own); not accepted',
  },
};

/** OPERATION of the title block: 1 新增 add, 2 修改 update, 3 删除 delete. */
export const OPERATIONS = { '1': 'create', '2': 'update', '3': 'withdraw' } as const;

/** PURCHASER_MODE (采购方式) → the standard's procurementMethod. */
export const METHODS = {
  '1': 'open',
  '2': 'invited',
  '3': 'competitiveNegotiation',
  '4': 'inquiry',
  '5': 'singleSource',
  '6': 'competitiveConsultation',
  '7': 'frameworkAgreement',
  '8': 'innovation',
} as const;

/** PURCHASE_CATEGORY (品目类别) A/B/C → mainProcurementCategory. */
export const CATEGORIES = { A: 'goods', B: 'works', C: 'services' } as const;

/** UNIT_BUDGET / PRICE_UNIT: 0 元, 1 万元. */
export const UNITS = { '0': '元', '1': '万元' } as const;

/** BULLETIN_TYPE of 551: 1 采购公告, 2 资格预审公告. */
export const BULLETIN_TYPES = ['1', '2'] as const;

/** The key of `table` whose value is `value`, if any. */
export function keyOf<T extends Record<string, string>>(table: T, value: string | undefined): keyof T | undefined {
  if (value === undefined) return undefined;
  return (Object.keys(table) as (keyof T)[]).find((k) => table[k] === value);
}

/** Versions count seconds from this instant (2000-01-01 00:00:00 Asia/Shanghai) to DATA_TIMESTAMP. */
export const VERSION_EPOCH_MS = Date.parse('2000-01-01T00:00:00+08:00');

/** Elements that may repeat in a data package. */
export const REPEATED_ELEMENTS = ['RECORD', 'ITEM'] as const;
