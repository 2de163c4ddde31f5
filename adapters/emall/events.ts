/**
 * The e-marketplace's order-event API (电子卖场订单事件接口), as its JSON reads: one page of events
 * after a cursor. Amounts are integers in 分 (fen); times are epoch milliseconds.
 */

/** An organisation as the marketplace names it. */
export interface NativeOrg {
  name: string;
  /** 统一社会信用代码, when the marketplace knows it. */
  creditCode?: string;
}

/** One order line (SKU). */
export interface NativeItem {
  lineNo: number;
  skuId: string;
  skuName: string;
  brand?: string;
  spec?: string;
  /** 政府采购品目代码 of the SKU. */
  categoryCode?: string;
  quantity: number;
  unit: string;
  priceFen: number;
  amountFen: number;
}

/** eventType → the standard's transactionType. */
export const EVENT_TYPES = {
  ORDER_PLACED: 'order',
  ORDER_CONFIRMED: 'confirmation',
  ORDER_SHIPPED: 'delivery',
  ORDER_ACCEPTED: 'acceptance',
  ORDER_PAID: 'payment',
  ORDER_CANCELLED: 'cancellation',
  ORDER_RETURNED: 'return',
} as const;

/** One event of an order's life. */
export interface NativeEvent {
  eventId: string;
  eventType: keyof typeof EVENT_TYPES;
  /** Epoch milliseconds. */
  eventTime: number;
  /** Revision of this event, from 1; a corrected event is re-sent with a higher revision. */
  revision: number;
  /** True when the marketplace revoked the event (e.g. a payment entered by mistake). */
  revoked?: boolean;
  orderNo: string;
  /** GB/T 2260 area of the buying unit. */
  districtCode: string;
  purchaser: NativeOrg;
  supplier: NativeOrg;
  /** Framework agreement (框架协议) the order calls off. */
  agreementNo?: string;
  items?: NativeItem[];
  totalFen?: number;
  shipment?: { shippedAt: number; trackingNo?: string };
  acceptance?: { acceptedAt: number; result: 'PASS' | 'FAIL' };
  payment?: { paidAt: number; amountFen: number; voucherNo?: string };
  cancellation?: { reason: string; by: 'PURCHASER' | 'SUPPLIER' };
  returnInfo?: { reason: string };
}

/** One page of the event feed. */
export interface NativePage {
  events: NativeEvent[];
  /** Opaque: pass it back as `cursor` to get the events after this page. */
  nextCursor: string;
  hasMore: boolean;
}
