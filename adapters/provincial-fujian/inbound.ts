/**
 * Inbound: a legacy CSV export (GB18030 unless the Content-Type says otherwise) → standard notices,
 * one per line, in file order.
 */
import { decodeBytes, parseCsv } from '../native-codecs/csv.ts';
import { defined, FieldReader } from '../native-codecs/fields.ts';
import { amountValue, formatMicros, type StandardValue } from '../native-codecs/money.ts';
import { PartyList } from '../native-codecs/parties.ts';
import { type AdapterIssue, adapterError, type InboundContext, type InboundResult, type StandardRecord, tooManyRecords } from '../sdk.ts';
import { HEADER, METHODS, NOTICE_TYPES, OPERATIONS, YES_NO } from './columns.ts';

/** native (legacy CSV) → standard notices. */
export function inbound(native: Uint8Array | string, ctx: InboundContext): InboundResult {
  const ocidPrefix = ctx.config['ocidPrefix'];
  if (typeof ocidPrefix !== 'string' || !/^ocds-[a-z0-9]{6}$/.test(ocidPrefix)) {
    return adapterError('adapter.config', {
      zh: '缺少或无效的 ocidPrefix 配置',
      en: 'ocidPrefix is missing or invalid in the configuration',
    });
  }
  const decoded = decodeBytes(native, ctx.encoding ?? 'gb18030');
  if (!decoded.ok) return decoded;
  const table = parseCsv(decoded.text);
  if (!table.ok) return table;
  const missing = HEADER.filter((column) => !table.header.includes(column));
  if (missing.length > 0) {
    return adapterError('adapter.malformed', {
      zh: `表头缺少列：${missing.join('、')}`,
      en: `the header lacks columns: ${missing.join(', ')}`,
    });
  }
  if (table.rows.length === 0) return adapterError('adapter.malformed', { zh: 'CSV 没有数据行', en: 'the CSV has no data lines' });
  if (ctx.maxRecords !== undefined && table.rows.length > ctx.maxRecords) return tooManyRecords(table.rows.length, ctx.maxRecords);

  const issues: AdapterIssue[] = [];
  const records: StandardRecord[] = [];
  for (const [n, row] of table.rows.entries()) {
    // Line numbers as a spreadsheet shows them: the header is line 1.
    const record = mapLine(new FieldReader(row, `/line/${n + 2}`, issues), ocidPrefix);
    if (record) records.push(record);
  }
  if (issues.length > 0) {
    return adapterError(
      'adapter.mapping',
      { zh: `导出文件有 ${issues.length} 处字段问题`, en: `the export has ${issues.length} field problem(s)` },
      issues,
    );
  }
  return { ok: true, records };
}

function mapLine(f: FieldReader, ocidPrefix: string): StandardRecord | undefined {
  const before = f.issues.length;
  const id = f.text('GGBH', { required: true, maxLength: 64 });
  const versionText = f.text('BBH', { required: true, maxLength: 9 });
  const version = versionText !== undefined && /^[1-9]\d{0,8}$/.test(versionText) ? Number(versionText) : undefined;
  if (versionText !== undefined && version === undefined) f.fail('BBH', 'format', '应为正整数', 'must be a positive integer');
  const operation = f.code('CZLX', Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[], { required: true });
  const type = f.code('GGLX', Object.keys(NOTICE_TYPES) as (keyof typeof NOTICE_TYPES)[], { required: true });
  const projectId = f.text('XMBH', { required: true, maxLength: 100 });
  for (const [field, value] of [
    ['GGBH', id],
    ['XMBH', projectId],
  ] as const) {
    if (value && /\s/.test(value)) f.fail(field, 'pattern', '不能含有空白字符', 'must not contain whitespace');
  }
  const parties = new PartyList();
  const buyerName = f.text('CGRMC', { maxLength: 200 });
  const buyer = buyerName ? parties.add(buyerName, f.text('CGRDM', { maxLength: 18 }), 'buyer') : undefined;
  const agencyName = f.text('DLJGMC', { maxLength: 200 });
  const agency = agencyName ? parties.add(agencyName, f.text('DLJGDM', { maxLength: 18 }), 'procuringEntity') : undefined;
  const noticeType = type && NOTICE_TYPES[type];

  const record: Record<string, unknown> = defined({
    recordType: 'notice',
    id,
    version,
    operation: operation && OPERATIONS[operation],
    regionCode: f.text('XZQH', { required: true, maxLength: 6 }),
    ocid: projectId && `${ocidPrefix}-${projectId}`,
    noticeType,
    date: f.dashedTime('FBSJ', { required: true }),
    title: f.text('GGBT', { required: true, maxLength: 300 }),
    url: f.text('GGLJ', { maxLength: 500 }),
    description: f.text('GGNR', { maxLength: 100_000 }),
    project: defined({ id: projectId, name: f.text('XMMC', { required: true, maxLength: 300 }) }),
    buyer,
  });
  const unit = f.code('JEDW', ['元', '万元'] as const);
  const money = (field: string): StandardValue | undefined => {
    const micros = f.decimal(field, { integerDigits: 12 });
    if (micros === undefined) return undefined;
    if (!unit) f.fail('JEDW', 'required', `填写 ${field} 时必填`, `is required with ${field}`);
    return unit ? amountValue(micros, unit) : undefined;
  };

  switch (noticeType) {
    case 'tender':
    case 'competitive': {
      const method = f.code('CGFS', Object.keys(METHODS) as (keyof typeof METHODS)[], { required: true });
      const docStart = f.dashedTime('HQWJKSSJ');
      const docEnd = f.dashedTime('HQWJJZSJ');
      const docMethod = f.text('HQWJFS', { maxLength: 1000 });
      const openDate = f.dashedTime('KBSJ');
      const openPlace = f.text('KBDD', { maxLength: 500 });
      const deadline = f.dashedTime('TBJZSJ', { required: true });
      record['tender'] = defined({
        procurementMethod: method && METHODS[method],
        value: money('YSJE'),
        maxPrice: money('ZGXJ'),
        procuringEntity: agency,
        eligibilityCriteria: f.text('GYSZG', { maxLength: 20_000 }),
        documentsAccess:
          docStart || docEnd || docMethod
            ? defined({
                period: defined({ startDate: docStart, endDate: docEnd }),
                place: f.text('HQWJDD', { maxLength: 500 }),
                method: docMethod,
              })
            : undefined,
        tenderPeriod: deadline ? { endDate: deadline } : undefined,
        bidOpening: openDate || openPlace ? defined({ date: openDate, address: openPlace }) : undefined,
      });
      break;
    }
    case 'award': {
      const lot = f.text('BDBH', { required: true, maxLength: 64 });
      const winnerName = f.text('ZBGYSMC', { required: true, maxLength: 200 });
      const winner = winnerName ? parties.add(winnerName, f.text('ZBGYSDM', { maxLength: 18 }), 'supplier') : undefined;
      const quantity = f.decimal('BDSL', { integerDigits: 10 });
      const unitPrice = f.decimal('BDDJ', { integerDigits: 12 });
      const catalogue = f.text('PMDM', { maxLength: 9 });
      const itemName = f.text('BDMC', { maxLength: 500 });
      const unitName = f.text('BDDW', { maxLength: 20 });
      const item = itemName
        ? defined({
            id: '1',
            description: itemName,
            classification: catalogue ? { scheme: 'CN-GPC', id: catalogue } : undefined,
            brand: f.text('BDPP', { maxLength: 200 }),
            model: f.text('BDXH', { maxLength: 200 }),
            quantity: quantity === undefined ? undefined : Number(formatMicros(quantity)),
            unit:
              unitName || unitPrice !== undefined
                ? defined({ name: unitName, value: unitPrice === undefined ? undefined : amountValue(unitPrice, '元') })
                : undefined,
          })
        : undefined;
      const panel = f.text('PSZJ', { maxLength: 2000 });
      record['awards'] = [
        defined({
          id: lot,
          status: 'active',
          date: f.dashedTime('JGQDRQ', { required: true }),
          value: money('ZBJE'),
          suppliers: winner ? [winner] : undefined,
          items: item ? [item] : undefined,
          relatedLots: lot ? [lot] : undefined,
          evaluationPanel: panel
            ?.split(/[、，,；;]/)
            .map((s) => s.trim())
            .filter(Boolean),
        }),
      ];
      break;
    }
    case 'correction': {
      const moved = f.code('SFSY', Object.keys(YES_NO) as (keyof typeof YES_NO)[], { required: true });
      const affects = f.code('SFYXTB', Object.keys(YES_NO) as (keyof typeof YES_NO)[], { required: true });
      record['correction'] = defined({
        noticeId: f.text('YGGBH', { required: true, maxLength: 64 }),
        substantive: affects && YES_NO[affects],
        deadlineChanged: moved && YES_NO[moved],
        tenderPeriodEnd: f.dashedTime('XTBJZSJ', { required: moved === '是' }),
        changes: [
          defined({
            field: f.text('GZX', { required: true, maxLength: 300 }),
            before: f.text('GZQ', { maxLength: 8000 }),
            after: f.text('GZH', { required: true, maxLength: 8000 }),
          }),
        ],
      });
      break;
    }
    case 'termination':
      record['termination'] = defined({
        reason: f.text('ZZYY', { required: true, maxLength: 4000 }),
        noticeId: f.text('YGGBH', { maxLength: 64 }),
      });
      break;
  }
  record['parties'] = parties.list();
  return f.issues.length > before ? undefined : (record as StandardRecord);
}
