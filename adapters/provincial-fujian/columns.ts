/**
 * The legacy export of the Fujian provincial procurement management system (福建省政府采购网
 * 旧版数据导出): one CSV line per notice version, columns named by pinyin initials of their
 * Chinese names. Documented column by column in README.md.
 */

/** Every column, in export order, with its Chinese name. */
export const COLUMNS = [
  ['GGBH', '公告编号'],
  ['BBH', '版本号'],
  ['CZLX', '操作类型'],
  ['GGLX', '公告类型'],
  ['XZQH', '行政区划代码'],
  ['XMBH', '项目编号'],
  ['XMMC', '项目名称'],
  ['GGBT', '公告标题'],
  ['FBSJ', '发布时间'],
  ['GGNR', '公告内容'],
  ['GGLJ', '公告链接'],
  ['CGRMC', '采购人名称'],
  ['CGRDM', '采购人统一社会信用代码'],
  ['DLJGMC', '代理机构名称'],
  ['DLJGDM', '代理机构统一社会信用代码'],
  ['CGFS', '采购方式'],
  ['JEDW', '金额单位'],
  ['YSJE', '预算金额'],
  ['ZGXJ', '最高限价'],
  ['GYSZG', '供应商资格要求'],
  ['HQWJKSSJ', '获取文件开始时间'],
  ['HQWJJZSJ', '获取文件截止时间'],
  ['HQWJFS', '获取文件方式'],
  ['HQWJDD', '获取文件地点'],
  ['TBJZSJ', '投标截止时间'],
  ['KBSJ', '开标时间'],
  ['KBDD', '开标地点'],
  ['BDBH', '包号'],
  ['ZBGYSMC', '中标（成交）供应商名称'],
  ['ZBGYSDM', '中标（成交）供应商统一社会信用代码'],
  ['ZBJE', '中标（成交）金额'],
  ['JGQDRQ', '结果确定日期'],
  ['PSZJ', '评审专家名单'],
  ['BDMC', '主要标的名称'],
  ['BDPP', '品牌'],
  ['BDXH', '规格型号'],
  ['BDSL', '数量'],
  ['BDDW', '计量单位'],
  ['BDDJ', '单价（元）'],
  ['PMDM', '品目代码'],
  ['YGGBH', '原公告编号'],
  ['SFYXTB', '是否影响投标'],
  ['SFSY', '是否顺延截止时间'],
  ['XTBJZSJ', '新投标截止时间'],
  ['GZX', '更正项'],
  ['GZQ', '更正前内容'],
  ['GZH', '更正后内容'],
  ['ZZYY', '终止原因'],
] as const;

/** A column name. */
export type Column = (typeof COLUMNS)[number][0];

/** Column names in export order. */
export const HEADER: readonly Column[] = COLUMNS.map(([name]) => name);

/** GGLX (公告类型): the provincial codes follow the numbers of 财办库〔2020〕50号. */
export const NOTICE_TYPES = { '03': 'tender', '04': 'competitive', '05': 'award', '06': 'correction', '07': 'termination' } as const;

/** CZLX (操作类型): XZ 新增, XG 修改, CH 撤回. */
export const OPERATIONS = { XZ: 'create', XG: 'update', CH: 'withdraw' } as const;

/** CGFS (采购方式): written out in Chinese. */
export const METHODS = {
  公开招标: 'open',
  邀请招标: 'invited',
  竞争性谈判: 'competitiveNegotiation',
  竞争性磋商: 'competitiveConsultation',
  询价: 'inquiry',
  单一来源: 'singleSource',
  框架协议采购: 'frameworkAgreement',
  合作创新采购: 'innovation',
} as const;

/** 是/否 flags. */
export const YES_NO = { 是: true, 否: false } as const;

/** The key of `table` whose value is `value`, if any. */
export function keyOf<T extends Record<string, unknown>>(table: T, value: unknown): keyof T | undefined {
  return (Object.keys(table) as (keyof T)[]).find((k) => table[k] === value);
}
