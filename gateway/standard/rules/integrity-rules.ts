/** Data-quality rules on the inner consistency of one record: references, ids, dates. */

import type { Organization, OrganizationReference } from '../types.ts';
import { instant } from './calendar.ts';
import { arrayOf } from './context.ts';
import type { Emit, NoticeRule, TransactionRule } from './types.ts';

const ROLE_ZH: Record<string, string> = {
  buyer: '采购人',
  procuringEntity: '采购代理机构',
  centralPurchasingBody: '集中采购机构',
  supplier: '供应商',
  reviewBody: '监督管理部门',
  complainant: '投诉人',
};

/** Reports a reference whose party is missing from parties, or lacks every one of the roles. */
function checkReference(
  parties: Organization[],
  pointer: string,
  ref: OrganizationReference | undefined,
  roles: readonly string[],
  emit: Emit,
): void {
  if (!ref) return;
  let party: Organization | undefined;
  for (let i = 0; i < parties.length && party === undefined; i++) if (parties[i]?.id === ref.id) party = parties[i];
  if (!party) {
    emit(`${pointer}/id`, {
      zh: `引用的参与方“${ref.id}”（${ref.name}）不在 parties 中`,
      en: `party '${ref.id}' (${ref.name}) is referenced but not listed in parties`,
    });
  } else if (!roles.some((r) => arrayOf<string>(party.roles).includes(r))) {
    emit(`${pointer}/id`, {
      zh: `参与方“${ref.name}”缺少角色：${roles.map((r) => ROLE_ZH[r] ?? r).join('或')}`,
      en: `party '${ref.name}' lacks the role ${roles.join(' or ')}`,
    });
  }
}

const BUYER = ['buyer'] as const;
const SUPPLIER = ['supplier'] as const;
const AGENCY = ['procuringEntity', 'centralPurchasingBody'] as const;

/** 按角色引用的参与方须存在. */
export const partiesByRole: NoticeRule = {
  id: 'PX-R008',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:*',
  needsContext: false,
  message: {
    zh: '按角色引用的参与方应在 parties 中存在并具有该角色',
    en: 'Parties referenced by role must exist in parties with that role',
  },
  citation: 'OCDS data quality: parties referenced by role exist',
  check(n, _others, emit) {
    const parties = arrayOf<Organization>(n.parties);
    checkReference(parties, '/buyer', n.buyer, BUYER, emit);
    checkReference(parties, '/tender/procuringEntity', n.tender?.procuringEntity, AGENCY, emit);
    checkReference(parties, '/singleSource/supplier', n.singleSource?.supplier, SUPPLIER, emit);
    checkReference(parties, '/ruling/authority', n.ruling?.authority, ['reviewBody'], emit);
    checkReference(parties, '/ruling/complainant', n.ruling?.complainant, ['complainant'], emit);
    checkReference(parties, '/assessment/agency', n.assessment?.agency, ['centralPurchasingBody'], emit);
    checkSuppliers(parties, 'awards', n.awards, emit);
    checkSuppliers(parties, 'contracts', n.contracts, emit);
  },
};

/** The suppliers of each award or contract; pointers are built only for a reference that fails. */
function checkSuppliers(parties: Organization[], list: 'awards' | 'contracts', value: unknown, emit: Emit): void {
  const entries = arrayOf<{ suppliers?: OrganizationReference[] }>(value);
  for (let i = 0; i < entries.length; i++) {
    const suppliers = arrayOf<OrganizationReference>(entries[i]?.suppliers);
    for (let j = 0; j < suppliers.length; j++) {
      const ref = suppliers[j];
      if (ref && !hasRole(parties, ref.id, SUPPLIER)) checkReference(parties, `/${list}/${i}/suppliers/${j}`, ref, SUPPLIER, emit);
    }
  }
}

/** True when a party with this id is listed with one of the roles. */
function hasRole(parties: Organization[], id: string, roles: readonly string[]): boolean {
  for (let i = 0; i < parties.length; i++) {
    const party = parties[i];
    if (party?.id !== id) continue;
    const own = arrayOf<string>(party.roles);
    for (let r = 0; r < roles.length; r++) if (own.includes(roles[r] as string)) return true;
    return false;
  }
  return false;
}

/** Same rule for transactions: the buyer and the supplier. */
export const transactionPartiesByRole: TransactionRule = {
  ...partiesByRole,
  id: 'PX-R108',
  recordType: 'transaction',
  appliesTo: 'transaction:*',
  check(t, _others, emit) {
    const parties = arrayOf<Organization>(t.parties);
    checkReference(parties, '/buyer', t.buyer, BUYER, emit);
    checkReference(parties, '/supplier', t.supplier, SUPPLIER, emit);
  },
};

/** Reports `late` when it is before `early`; `a` and `b` are their instants (undefined: absent or unparsable). */
function inOrder(
  earlyAt: string,
  early: string | undefined,
  a: number | undefined,
  lateAt: string,
  late: string | undefined,
  b: number | undefined,
  emit: Emit,
): void {
  if (a !== undefined && b !== undefined && a > b) {
    emit(lateAt, { zh: `${lateAt}（${late}）早于 ${earlyAt}（${early}）`, en: `${lateAt} (${late}) is before ${earlyAt} (${early})` });
  }
}

/** True when both instants are known and the first is after the second. */
function after(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && a > b;
}

type DatedAward = { id: string; date?: string; evaluationDate?: string };
type DatedContract = { awardID?: string; dateSigned?: string; period?: { startDate?: string; endDate?: string } };

/** 日期先后顺序合理. */
export const datesInOrder: NoticeRule = {
  id: 'PX-R009',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:*',
  needsContext: false,
  message: {
    zh: '日期先后顺序应合理（开始不晚于结束，截止不晚于开标，确定不晚于公告、签约）',
    en: 'Dates must be in order: starts before ends, deadline before opening, decision before publication and signature',
  },
  citation: 'OCDS data quality: dates in order',
  check(n, _others, emit) {
    // Each date is parsed once; pointers are built only for a pair out of order.
    const t = n.tender;
    const bids = t?.tenderPeriod;
    const docs = t?.documentsAccess?.period;
    const bidsStart = instant(bids?.startDate);
    const bidsEnd = instant(bids?.endDate);
    const docsStart = instant(docs?.startDate);
    inOrder('/tender/tenderPeriod/startDate', bids?.startDate, bidsStart, '/tender/tenderPeriod/endDate', bids?.endDate, bidsEnd, emit);
    inOrder(
      '/tender/documentsAccess/period/startDate',
      docs?.startDate,
      docsStart,
      '/tender/documentsAccess/period/endDate',
      docs?.endDate,
      instant(docs?.endDate),
      emit,
    );
    inOrder(
      '/tender/documentsAccess/period/startDate',
      docs?.startDate,
      docsStart,
      '/tender/tenderPeriod/endDate',
      bids?.endDate,
      bidsEnd,
      emit,
    );
    inOrder(
      '/tender/tenderPeriod/endDate',
      bids?.endDate,
      bidsEnd,
      '/tender/bidOpening/date',
      t?.bidOpening?.date,
      instant(t?.bidOpening?.date),
      emit,
    );
    const objection = n.singleSource?.objectionPeriod;
    inOrder(
      '/singleSource/objectionPeriod/startDate',
      objection?.startDate,
      instant(objection?.startDate),
      '/singleSource/objectionPeriod/endDate',
      objection?.endDate,
      instant(objection?.endDate),
      emit,
    );
    const assessed = n.assessment?.period;
    inOrder(
      '/assessment/period/startDate',
      assessed?.startDate,
      instant(assessed?.startDate),
      '/assessment/period/endDate',
      assessed?.endDate,
      instant(assessed?.endDate),
      emit,
    );
    const awards = arrayOf<DatedAward>(n.awards);
    const published = awards.length > 0 ? instant(n.date) : undefined;
    for (let i = 0; i < awards.length; i++) {
      const a = awards[i] as DatedAward;
      const decided = instant(a.date);
      const evaluated = instant(a.evaluationDate);
      if (after(evaluated, decided))
        inOrder(`/awards/${i}/evaluationDate`, a.evaluationDate, evaluated, `/awards/${i}/date`, a.date, decided, emit);
      if (after(decided, published)) inOrder(`/awards/${i}/date`, a.date, decided, '/date', n.date, published, emit);
    }
    const contracts = arrayOf<DatedContract>(n.contracts);
    for (let i = 0; i < contracts.length; i++) {
      const c = contracts[i] as DatedContract;
      const start = instant(c.period?.startDate);
      const end = instant(c.period?.endDate);
      if (after(start, end))
        inOrder(
          `/contracts/${i}/period/startDate`,
          c.period?.startDate,
          start,
          `/contracts/${i}/period/endDate`,
          c.period?.endDate,
          end,
          emit,
        );
      let award = -1;
      for (let k = 0; k < awards.length && award < 0; k++) if (awards[k]?.id === c.awardID) award = k;
      if (award < 0) continue;
      const decided = instant(awards[award]?.date);
      const signed = instant(c.dateSigned);
      if (after(decided, signed))
        inOrder(`/awards/${award}/date`, awards[award]?.date, decided, `/contracts/${i}/dateSigned`, c.dateSigned, signed, emit);
    }
  },
};

function checkUnique(list: unknown, pointer: string, emit: Emit): void {
  const items = arrayOf<{ id?: unknown }>(list);
  // Arrays are short: a nested loop allocates nothing, unlike a Set per array per record.
  for (let i = 1; i < items.length; i++) {
    const id = items[i]?.id;
    for (let j = 0; j < i; j++) {
      if (items[j]?.id === id) {
        emit(`${pointer}/${i}/id`, { zh: `标识“${String(id)}”重复`, en: `id '${String(id)}' is used twice` });
        break;
      }
    }
  }
}

/** The items of each award or contract; the pointer is built only for a list holding a repeated id. */
function checkUniqueItems(list: unknown, name: 'awards' | 'contracts', emit: Emit): void {
  const entries = arrayOf<{ items?: unknown }>(list);
  for (let i = 0; i < entries.length; i++) {
    const items = entries[i]?.items;
    if (Array.isArray(items) && items.length > 1) checkUnique(items, `/${name}/${i}/items`, emit);
  }
}

/** 数组中各对象标识唯一. */
export const uniqueIds: NoticeRule = {
  id: 'PX-R010',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:*',
  needsContext: false,
  message: {
    zh: '同一数组内对象的 id 不得重复（合并时按 id 识别）',
    en: 'Objects of one array must have distinct ids (merging identifies them by id)',
  },
  citation: 'OCDS data quality: unique ids in arrays',
  check(n, _others, emit) {
    checkUnique(n.parties, '/parties', emit);
    checkUnique(n.awards, '/awards', emit);
    checkUnique(n.contracts, '/contracts', emit);
    checkUnique(n.documents, '/documents', emit);
    checkUnique(n.tender?.items, '/tender/items', emit);
    checkUnique(n.tender?.lots, '/tender/lots', emit);
    checkUnique(n.planning?.items, '/planning/items', emit);
    checkUniqueItems(n.awards, 'awards', emit);
    checkUniqueItems(n.contracts, 'contracts', emit);
  },
};

/** Same for transactions: parties and lines. */
export const transactionUniqueIds: TransactionRule = {
  ...uniqueIds,
  id: 'PX-R110',
  recordType: 'transaction',
  appliesTo: 'transaction:*',
  check(t, _others, emit) {
    checkUnique(t.parties, '/parties', emit);
    checkUnique(t.lines, '/lines', emit);
  },
};

/** ocid = 前缀 + 项目编号. */
export const ocidFromProject: NoticeRule = {
  id: 'PX-R012',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:*',
  needsContext: false,
  message: { zh: 'ocid 应由 OCDS 前缀加“-”加项目编号构成', en: "The ocid must be the OCDS prefix, '-', then the project number" },
  citation: 'OCDS ocid rule (prefix + locally unique id); standard rule in docs/standard.md',
  check(n, _others, emit) {
    // Compared in place; the expected ocid is only built to report a mismatch.
    const { ocid } = n;
    const project = n.project.id;
    if (ocid.length !== 12 + project.length || ocid.charCodeAt(11) !== 45 || !ocid.endsWith(project)) {
      const expected = `${ocid.slice(0, 11)}-${project}`;
      emit('/ocid', {
        zh: `ocid“${n.ocid}”与项目编号“${n.project.id}”不符，应为“${expected}”`,
        en: `ocid '${n.ocid}' does not match project number '${n.project.id}': expected '${expected}'`,
      });
    }
  },
};
