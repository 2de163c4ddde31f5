/**
 * Outbound: standard transactions → the e-marketplace's order-event JSON (amounts in 分), as a page
 * without a cursor: the shape the marketplace accepts when events are pushed to it.
 */
import { numberToMicros } from '../native-codecs/money.ts';
import { codeOf, type Party } from '../native-codecs/parties.ts';
import {
  type AdapterIssue,
  adapterError,
  type OutboundContext,
  type OutboundInput,
  type OutboundResult,
  recordsOf,
  type StandardRecord,
} from '../sdk.ts';
import { EVENT_TYPES, type NativeEvent, type NativeItem, type NativeOrg } from './events.ts';

// biome-ignore lint/suspicious/noExplicitAny: a transaction's body is read field by field as the schema shapes it.
type Transaction = StandardRecord & Record<string, any>;

/** standard transactions → one order-event page. */
export function outbound(input: OutboundInput, _ctx: OutboundContext): OutboundResult {
  const events: NativeEvent[] = [];
  const issues: AdapterIssue[] = [];
  for (const [n, record] of recordsOf(input).entries()) {
    const eventType = (Object.keys(EVENT_TYPES) as (keyof typeof EVENT_TYPES)[]).find((k) => EVENT_TYPES[k] === record.transactionType);
    if (record.recordType !== 'transaction' || !eventType) {
      issues.push({
        pointer: `/${n}/recordType`,
        keyword: 'unmapped',
        message: { zh: '电子卖场只接收交易记录', en: 'the marketplace takes transactions only' },
      });
      continue;
    }
    events.push(toEvent(record as Transaction, eventType));
  }
  if (issues.length > 0)
    return adapterError('adapter.mapping', { zh: '部分记录无法以订单事件表示', en: 'some records are not order events' }, issues);
  return { ok: true, mediaType: 'application/json', body: JSON.stringify({ events }) };
}

/** 元 → 分, exactly (amounts carry at most 2 decimals). */
function yuanToFen(yuan: number): number {
  return Number((numberToMicros(yuan) ?? 0n) / 10_000n);
}

function org(parties: Party[], ref: { id: string; name: string }): NativeOrg {
  const code = codeOf(parties, ref);
  return code ? { name: ref.name, creditCode: code } : { name: ref.name };
}

function toEvent(t: Transaction, eventType: keyof typeof EVENT_TYPES): NativeEvent {
  const parties: Party[] = t.parties ?? [];
  const event: NativeEvent = {
    eventId: t.id,
    eventType,
    eventTime: Date.parse(t.date ?? ''),
    revision: t.version,
    ...(t.operation === 'withdraw' ? { revoked: true } : {}),
    orderNo: t.transactionId!,
    districtCode: t.regionCode,
    purchaser: org(parties, t.buyer),
    supplier: org(parties, t.supplier),
  };
  if (t.frameworkAgreement) event.agreementNo = t.frameworkAgreement.id;
  if (t.lines) {
    event.items = t.lines.map(
      (line: Transaction, n: number): NativeItem => ({
        lineNo: n + 1,
        skuId: line.id,
        skuName: line.description,
        ...(line.brand ? { brand: line.brand } : {}),
        ...(line.model ? { spec: line.model } : {}),
        ...(line.classification ? { categoryCode: line.classification.id } : {}),
        quantity: line.quantity,
        unit: line.unit,
        priceFen: yuanToFen(line.unitPrice ?? 0),
        amountFen: yuanToFen(line.lineTotal ?? 0),
      }),
    );
  }
  if (t.total?.amount !== undefined) event.totalFen = yuanToFen(t.total.amount);
  if (t.delivery)
    event.shipment = {
      shippedAt: Date.parse(t.delivery.date),
      ...(t.delivery.trackingNumber ? { trackingNo: t.delivery.trackingNumber } : {}),
    };
  if (t.acceptance)
    event.acceptance = { acceptedAt: Date.parse(t.acceptance.date), result: t.acceptance.result === 'passed' ? 'PASS' : 'FAIL' };
  if (t.payment) {
    event.payment = {
      paidAt: Date.parse(t.payment.date),
      amountFen: yuanToFen(t.payment.amount?.amount ?? 0),
      ...(t.payment.reference ? { voucherNo: t.payment.reference } : {}),
    };
  }
  if (t.cancellation)
    event.cancellation = { reason: t.cancellation.reason, by: t.cancellation.initiatedBy === 'buyer' ? 'PURCHASER' : 'SUPPLIER' };
  if (t.return) event.returnInfo = { reason: t.return.reason };
  return event;
}
