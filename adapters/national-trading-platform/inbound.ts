/**
 * Inbound: a data package of the trading platform (XML: per record a title block with the data-set
 * number, operation and the sender's record key, then the row) → standard notices.
 */
import { FieldReader } from '../native-codecs/fields.ts';
import { childList, childObject, parseXml } from '../native-codecs/xml.ts';
import {
  type AdapterIssue,
  adapterError,
  decodeText,
  type InboundContext,
  type InboundResult,
  type StandardRecord,
  tooManyRecords,
} from '../sdk.ts';
import { DATA_SETS, type DataSetCode, OPERATIONS, REPEATED_ELEMENTS, UNMAPPED_DATA_SETS } from './codes.ts';
import { mapRow } from './rows.ts';

/** native (XML data package) → standard notices, one per RECORD, in document order. */
export function inbound(native: Uint8Array | string, ctx: InboundContext): InboundResult {
  const ocidPrefix = ctx.config['ocidPrefix'];
  if (typeof ocidPrefix !== 'string' || !/^ocds-[a-z0-9]{6}$/.test(ocidPrefix)) {
    return adapterError('adapter.config', {
      zh: '缺少或无效的 ocidPrefix 配置',
      en: 'ocidPrefix is missing or invalid in the configuration',
    });
  }
  const platformCode = typeof ctx.config['platformCode'] === 'string' ? ctx.config['platformCode'] : undefined;
  const decoded = decodeText(native, ctx.encoding ?? 'utf-8');
  if (!decoded.ok) return decoded;
  const parsed = parseXml(decoded.text, REPEATED_ELEMENTS);
  if (!parsed.ok) return parsed;
  const pkg = childObject(parsed.root, 'DATA_PACKAGE');
  const entries = childList(pkg, 'RECORD');
  if (!pkg || entries.length === 0) {
    return adapterError('adapter.malformed', {
      zh: '根元素应为 DATA_PACKAGE，且至少含有一个 RECORD',
      en: 'the root element must be DATA_PACKAGE holding at least one RECORD',
    });
  }
  if (ctx.maxRecords !== undefined && entries.length > ctx.maxRecords) return tooManyRecords(entries.length, ctx.maxRecords);

  const records: StandardRecord[] = [];
  const issues: AdapterIssue[] = [];
  for (const [n, entry] of entries.entries()) {
    const at = `/DATA_PACKAGE/RECORD[${n + 1}]`;
    const title = new FieldReader(childObject(entry, 'TITLE') ?? {}, `${at}/TITLE`, issues);
    const dataSet = title.text('DATA_SET_CODE', { required: true, maxLength: 3 });
    const operation = title.code('OPERATION', Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[], { required: true });
    const recordKey = title.text('RECORD_KEY', { required: true, maxLength: 64 });
    if (recordKey && /\s/.test(recordKey)) title.fail('RECORD_KEY', 'pattern', '不能含有空白字符', 'must not contain whitespace');
    if (dataSet && UNMAPPED_DATA_SETS[dataSet]) {
      // Not a field problem: the whole data set is outside the standard, said once with its reason.
      return adapterError('adapter.mapping', UNMAPPED_DATA_SETS[dataSet], [
        { pointer: `${at}/TITLE/DATA_SET_CODE`, keyword: 'unmapped', message: UNMAPPED_DATA_SETS[dataSet]! },
      ]);
    }
    if (dataSet && !(dataSet in DATA_SETS)) {
      title.fail(
        'DATA_SET_CODE',
        'enum',
        '应为 550–554 之一（政府采购数据集）',
        'must be one of 550–554 (government-procurement data sets)',
      );
    }
    const row = childObject(entry, 'ROW');
    if (!row) title.fail('ROW', 'required', '缺少数据行', 'the row is missing');
    if (!row || !dataSet || !(dataSet in DATA_SETS) || !operation || !recordKey) continue;
    const fields = new FieldReader(row, `${at}/ROW`, issues);
    const record = mapRow(fields, row, {
      dataSet: dataSet as DataSetCode,
      operation: OPERATIONS[operation],
      recordKey,
      ocidPrefix,
      ...(platformCode ? { platformCode } : {}),
    });
    if (record) records.push(record);
  }
  if (issues.length > 0) {
    return adapterError(
      'adapter.mapping',
      { zh: `数据包有 ${issues.length} 处字段问题`, en: `the data package has ${issues.length} field problem(s)` },
      issues,
    );
  }
  return { ok: true, records };
}
