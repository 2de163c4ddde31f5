/** Compliance rules on e-marketplace transactions: amounts add up, payments stay within the order. */

import type { Line, Transaction } from '../types.ts';
import { instant } from './calendar.ts';
import { arrayOf, fen, otherTransactions, yuan } from './context.ts';
import type { TransactionRule } from './types.ts';

/** 明细行金额相加等于总金额. */
export const linesAddUp: TransactionRule = {
  id: 'PX-R011',
  recordType: 'transaction',
  severity: 'error',
  appliesTo: 'transaction:order, confirmation, return',
  needsContext: false,
  message: {
    zh: '每行金额应等于数量 × 单价（保留 2 位小数），各行金额之和应等于总金额',
    en: 'Each line total must equal quantity × unit price (rounded to 2 decimals) and the line totals must add up to the total',
  },
  citation: 'Peppol BIS Billing 3.0 BR-CO-10 (sum of line amounts); Peppol ordering line amount rule',
  check(t, _others, emit) {
    const lines = arrayOf<Line>(t.lines);
    let sum = 0;
    let complete = lines.length > 0;
    lines.forEach((line, i) => {
      const total = fen(line.lineTotal);
      if (total === undefined) {
        complete = false;
        return;
      }
      sum += total;
      if (typeof line.unitPrice === 'number') {
        const expected = Math.round(line.quantity * line.unitPrice * 100);
        if (Math.abs(expected - total) > 1) {
          emit(`/lines/${i}/lineTotal`, {
            zh: `第 ${i + 1} 行金额 ${yuan(total)} 元不等于数量 ${line.quantity} × 单价 ${line.unitPrice} 元 = ${yuan(expected)} 元`,
            en: `line ${i + 1} total ${yuan(total)} yuan is not quantity ${line.quantity} × unit price ${line.unitPrice} yuan = ${yuan(expected)} yuan`,
          });
        }
      }
    });
    const total = fen(t.total?.amount);
    if (complete && total !== undefined && total !== sum) {
      emit('/total/amount', {
        zh: `总金额 ${yuan(total)} 元不等于各行金额之和 ${yuan(sum)} 元`,
        en: `total ${yuan(total)} yuan is not the sum of the line totals, ${yuan(sum)} yuan`,
      });
    }
  },
};

/** The order value in force: the latest order or confirmation total. */
function orderTotal(transactions: Transaction[]): number | undefined {
  let best: { at: number; total: number } | undefined;
  for (const t of transactions) {
    if (t.transactionType !== 'order' && t.transactionType !== 'confirmation') continue;
    const total = fen(t.total?.amount);
    const at = instant(t.date) ?? 0;
    if (total !== undefined && (!best || at >= best.at)) best = { at, total };
  }
  return best?.total;
}

/** 累计支付不超过订单（合同）金额. */
export const paymentsWithinOrder: TransactionRule = {
  id: 'PX-R007',
  recordType: 'transaction',
  subtypes: ['payment'],
  severity: 'error',
  appliesTo: 'transaction:payment',
  needsContext: true,
  message: {
    zh: '同一订单累计支付金额不得超过订单（合同）金额扣除退款后的余额',
    en: 'Payments of an order must not add up to more than the order (contract) value less refunds',
  },
  citation: 'OCDS data quality: payments not above the contract value',
  check(t, others, emit) {
    if (t.transactionType !== 'payment') return;
    const rest = otherTransactions(others, t.id);
    const limit = orderTotal(rest);
    const paid = fen(t.payment?.amount?.amount);
    if (limit === undefined || paid === undefined) return;
    let total = paid;
    let refunds = 0;
    for (const o of rest) {
      if (o.transactionType === 'payment') total += fen(o.payment?.amount?.amount) ?? 0;
      if (o.transactionType === 'return') refunds += fen(o.total?.amount) ?? 0;
    }
    if (total > limit - refunds) {
      emit('/payment/amount/amount', {
        zh: `订单 ${t.transactionId} 累计支付 ${yuan(total)} 元，超过订单金额 ${yuan(limit)} 元${refunds ? `（已扣除退款 ${yuan(refunds)} 元）` : ''}`,
        en: `payments of order ${t.transactionId} add up to ${yuan(total)} yuan, above the order value ${yuan(limit)} yuan${refunds ? ` less refunds of ${yuan(refunds)} yuan` : ''}`,
      });
    }
  },
};

/** 后续环节须有订单在先. */
export const orderExists: TransactionRule = {
  id: 'PX-R016',
  recordType: 'transaction',
  severity: 'error',
  appliesTo: 'transaction:confirmation, delivery, acceptance, payment, cancellation, return',
  needsContext: true,
  message: {
    zh: '订单确认、交付、验收、支付、取消、退货应对应已报送的订单',
    en: 'Confirmations, deliveries, acceptances, payments, cancellations and returns must follow a reported order',
  },
  citation: '公共资源交易平台数据规范“先报父数据后报子数据”（parent before child）',
  check(t, others, emit) {
    if (t.transactionType === 'order' || others === undefined) return;
    if (!otherTransactions(others, t.id).some((o) => o.transactionType === 'order')) {
      emit('/transactionId', {
        zh: `订单“${t.transactionId}”尚未报送，不能报送${t.transactionType}环节`,
        en: `order '${t.transactionId}' has not been reported, so its ${t.transactionType} cannot be`,
      });
    }
  },
};

/** 交付、退货数量不超过订单数量. */
export const quantitiesWithinOrder: TransactionRule = {
  id: 'PX-R017',
  recordType: 'transaction',
  subtypes: ['delivery', 'return'],
  severity: 'error',
  appliesTo: 'transaction:delivery, return',
  needsContext: true,
  message: {
    zh: '交付、退货的行应为订单中的行，数量不得超过订单数量',
    en: 'Delivered or returned lines must be order lines, in quantities not above those ordered',
  },
  citation: 'Peppol BIS Ordering / Despatch Advice: despatched quantity not above ordered quantity',
  check(t, others, emit) {
    if (t.transactionType !== 'delivery' && t.transactionType !== 'return') return;
    const order = otherTransactions(others, t.id).find((o) => o.transactionType === 'order');
    if (!order) return;
    const ordered = new Map(arrayOf<Line>(order.lines).map((l) => [l.id, l.quantity]));
    arrayOf<Line>(t.lines).forEach((line, i) => {
      const max = ordered.get(line.id);
      if (max === undefined) {
        emit(`/lines/${i}/id`, { zh: `订单中没有行“${line.id}”`, en: `the order has no line '${line.id}'` });
      } else if (line.quantity > max) {
        emit(`/lines/${i}/quantity`, {
          zh: `第“${line.id}”行数量 ${line.quantity} 超过订单数量 ${max}`,
          en: `line '${line.id}' quantity ${line.quantity} is above the ${max} ordered`,
        });
      }
    });
  },
};
