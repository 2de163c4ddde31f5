/**
 * Inbound: a page of e-marketplace order events (JSON, amounts in 分) → standard transactions,
 * one per event, in page order.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { formatMicros } from '../native-codecs/money.ts';
import { PartyList } from '../native-codecs/parties.ts';
import { msToRfc3339 } from '../native-codecs/time.ts';
import {
  adapterError,
  ajvMessage,
  decodeText,
  errorMessage,
  type InboundContext,
  type InboundResult,
  type StandardRecord,
  tooManyRecords,
} from '../sdk.ts';
import { EVENT_TYPES, type NativeEvent, type NativePage } from './events.ts';
import nativeSchema from './native.schema.json' with { type: 'json' };

// Compiled once, when the adapter is loaded. The page's shell and each event are validated apart,
// each stopping at its first violation: one validation of a whole page collecting every error
// (allErrors) merges the errors of every event into one array copy after copy, so its work grew
// with the square of the event count.
const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(nativeSchema);
const validateEvent = ajv.getSchema<NativeEvent>(`${nativeSchema.$id}#/definitions/event`)!;
const validateShell = ajv.compile({
  type: 'object',
  required: ['events'],
  properties: { ...nativeSchema.properties, events: { type: 'array' } },
});

/** Most events one page may hold when the gateway names no limit (the API's own page limit). */
export const MAX_EVENTS = nativeSchema.properties.events.maxItems;
/** Most violations reported for one page: enough to fix it, bounded whatever the page holds. */
const MAX_ISSUES = 50;

/** Parses and checks a page; shared with pull paging. */
export function readPage(
  native: Uint8Array | string,
  ctx: InboundContext,
): { ok: true; page: NativePage } | ReturnType<typeof adapterError> {
  const decoded = decodeText(native, ctx.encoding ?? 'utf-8');
  if (!decoded.ok) return decoded;
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch (error) {
    const message = errorMessage(error);
    return adapterError('adapter.malformed', { zh: `不是合法的 JSON：${message}`, en: `not valid JSON: ${message}` });
  }
  if (!validateShell(value)) return notAPage(validateShell.errors ?? []);
  const { events } = value as { events: unknown[] };
  // The count is checked before any event is validated.
  const max = Math.min(ctx.maxRecords ?? MAX_EVENTS, MAX_EVENTS);
  if (events.length > max) return tooManyRecords(events.length, max);
  const errors: ErrorObject[] = [];
  for (let i = 0; i < events.length && errors.length < MAX_ISSUES; i++) {
    if (validateEvent(events[i])) continue;
    for (const e of validateEvent.errors ?? []) errors.push({ ...e, instancePath: `/events/${i}${e.instancePath}` });
  }
  if (errors.length > 0) return notAPage(errors);
  return { ok: true, page: value as NativePage };
}

function notAPage(errors: readonly ErrorObject[]) {
  return adapterError(
    'adapter.mapping',
    { zh: '订单事件不符合电子卖场接口格式', en: 'the order events do not match the marketplace API format' },
    errors.slice(0, MAX_ISSUES).map((e) => ({
      pointer: e.instancePath,
      keyword: e.keyword,
      message: ajvMessage(e),
    })),
  );
}

/** native (an order-event page) → standard transactions. */
export function inbound(native: Uint8Array | string, ctx: InboundContext): InboundResult {
  const marketplace = ctx.config['marketplaceName'];
  if (typeof marketplace !== 'string' || marketplace === '') {
    return adapterError('adapter.config', { zh: '缺少 marketplaceName 配置', en: 'marketplaceName is missing in the configuration' });
  }
  const read = readPage(native, ctx);
  if (!read.ok) return read;
  const url = typeof ctx.config['marketplaceUrl'] === 'string' ? ctx.config['marketplaceUrl'] : undefined;
  return { ok: true, records: read.page.events.map((event) => toTransaction(event, { name: marketplace, ...(url ? { url } : {}) })) };
}

/** 分 (integer) → 元, exactly. */
export function fenToYuan(fen: number): number {
  return Number(formatMicros(BigInt(fen) * 10_000n));
}

function money(fen: number) {
  return { amount: fenToYuan(fen), currency: 'CNY' };
}

function toTransaction(e: NativeEvent, marketplace: { name: string; url?: string }): StandardRecord {
  const parties = new PartyList();
  const buyer = parties.add(e.purchaser.name, e.purchaser.creditCode, 'buyer');
  const supplier = parties.add(e.supplier.name, e.supplier.creditCode, 'supplier');
  const record: StandardRecord = {
    recordType: 'transaction',
    id: e.eventId,
    version: e.revision,
    operation: e.revoked ? 'withdraw' : e.revision === 1 ? 'create' : 'update',
    regionCode: e.districtCode,
    transactionId: e.orderNo,
    transactionType: EVENT_TYPES[e.eventType],
    date: msToRfc3339(e.eventTime),
    marketplace,
  };
  if (e.agreementNo) record['frameworkAgreement'] = { id: e.agreementNo };
  record['parties'] = parties.list();
  record['buyer'] = buyer;
  record['supplier'] = supplier;
  if (e.items) {
    // The SKU identifies a line across the order's events (deliveries and returns refer to it).
    record['lines'] = e.items.map((item) => ({
      id: item.skuId,
      description: item.skuName,
      ...(item.categoryCode ? { classification: { scheme: 'CN-GPC', id: item.categoryCode } } : {}),
      ...(item.brand ? { brand: item.brand } : {}),
      ...(item.spec ? { model: item.spec } : {}),
      quantity: item.quantity,
      unit: item.unit,
      unitPrice: fenToYuan(item.priceFen),
      lineTotal: fenToYuan(item.amountFen),
    }));
  }
  if (e.totalFen !== undefined) record['total'] = money(e.totalFen);
  if (e.shipment)
    record['delivery'] = {
      date: msToRfc3339(e.shipment.shippedAt),
      ...(e.shipment.trackingNo ? { trackingNumber: e.shipment.trackingNo } : {}),
    };
  if (e.acceptance)
    record['acceptance'] = { date: msToRfc3339(e.acceptance.acceptedAt), result: e.acceptance.result === 'PASS' ? 'passed' : 'failed' };
  if (e.payment) {
    record['payment'] = {
      amount: money(e.payment.amountFen),
      date: msToRfc3339(e.payment.paidAt),
      ...(e.payment.voucherNo ? { reference: e.payment.voucherNo } : {}),
    };
  }
  if (e.cancellation)
    record['cancellation'] = { reason: e.cancellation.reason, initiatedBy: e.cancellation.by === 'PURCHASER' ? 'buyer' : 'supplier' };
  if (e.returnInfo) record['return'] = { reason: e.returnInfo.reason };
  return record;
}
