/** Data-quality rules on the inner consistency of one record: references, ids, dates. */
import { instant } from './calendar.ts';
import { arrayOf } from './context.ts';
import type { Emit, NoticeRule, TransactionRule } from './types.ts';
import type { Organization, OrganizationReference } from '../types.ts';

const ROLE_ZH: Record<string, string> = {
  buyer: '采购人', procuringEntity: '采购代理机构', centralPurchasingBody: '集中采购机构', supplier: '供应商',
  reviewBody: '监督管理部门', complainant: '投诉人',
};

/** Reports a reference whose party is missing from parties, or lacks every one of the roles. */
function checkReference(parties: Organization[], pointer: string, ref: OrganizationReference | undefined, roles: readonly string[], emit: Emit): void {
  if (!ref) return;
  const party = parties.find((p) => p.id === ref.id);
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
  message: { zh: '按角色引用的参与方应在 parties 中存在并具有该角色', en: 'Parties referenced by role must exist in parties with that role' },
  citation: 'OCDS data quality: parties referenced by role exist',
  check(n, _others, emit) {
    const parties = arrayOf<Organization>(n.parties);
    checkReference(parties, '/buyer', n.buyer, BUYER, emit);
    checkReference(parties, '/tender/procuringEntity', n.tender?.procuringEntity, AGENCY, emit);
    checkReference(parties, '/singleSource/supplier', n.singleSource?.supplier, SUPPLIER, emit);
    checkReference(parties, '/ruling/authority', n.ruling?.authority, ['reviewBody'], emit);
    checkReference(parties, '/ruling/complainant', n.ruling?.complainant, ['complainant'], emit);
    checkReference(parties, '/assessment/agency', n.assessment?.agency, ['centralPurchasingBody'], emit);
    for (const list of ['awards', 'contracts'] as const) {
      const entries = arrayOf<{ suppliers?: OrganizationReference[] }>(n[list]);
      for (let i = 0; i < entries.length; i++) {
        const suppliers = arrayOf<OrganizationReference>(entries[i]?.suppliers);
        for (let j = 0; j < suppliers.length; j++) checkReference(parties, `/${list}/${i}/suppliers/${j}`, suppliers[j], SUPPLIER, emit);
      }
    }
  },
};

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

/** Reports `late` when it is before `early`; either may be absent. */
function inOrder(earlyAt: string, early: string | undefined, lateAt: string, late: string | undefined, emit: Emit): void {
  if (early === undefined || late === undefined) return;
  const a = instant(early);
  const b = instant(late);
  if (a !== undefined && b !== undefined && a > b) {
    emit(lateAt, { zh: `${lateAt}（${late}）早于 ${earlyAt}（${early}）`, en: `${lateAt} (${late}) is before ${earlyAt} (${early})` });
  }
}

/** 日期先后顺序合理. */
export const datesInOrder: NoticeRule = {
  id: 'PX-R009',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:*',
  needsContext: false,
  message: { zh: '日期先后顺序应合理（开始不晚于结束，截止不晚于开标，确定不晚于公告、签约）', en: 'Dates must be in order: starts before ends, deadline before opening, decision before publication and signature' },
  citation: 'OCDS data quality: dates in order',
  check(n, _others, emit) {
    const t = n.tender;
    const bids = t?.tenderPeriod;
    const docs = t?.documentsAccess?.period;
    inOrder('/tender/tenderPeriod/startDate', bids?.startDate, '/tender/tenderPeriod/endDate', bids?.endDate, emit);
    inOrder('/tender/documentsAccess/period/startDate', docs?.startDate, '/tender/documentsAccess/period/endDate', docs?.endDate, emit);
    inOrder('/tender/documentsAccess/period/startDate', docs?.startDate, '/tender/tenderPeriod/endDate', bids?.endDate, emit);
    inOrder('/tender/tenderPeriod/endDate', bids?.endDate, '/tender/bidOpening/date', t?.bidOpening?.date, emit);
    const objection = n.singleSource?.objectionPeriod;
    inOrder('/singleSource/objectionPeriod/startDate', objection?.startDate, '/singleSource/objectionPeriod/endDate', objection?.endDate, emit);
    inOrder('/assessment/period/startDate', n.assessment?.period?.startDate, '/assessment/period/endDate', n.assessment?.period?.endDate, emit);
    const awards = arrayOf<{ id: string; date?: string; evaluationDate?: string }>(n.awards);
    for (let i = 0; i < awards.length; i++) {
      const a = awards[i] as { id: string; date?: string; evaluationDate?: string };
      inOrder(`/awards/${i}/evaluationDate`, a.evaluationDate, `/awards/${i}/date`, a.date, emit);
      inOrder(`/awards/${i}/date`, a.date, '/date', n.date, emit);
    }
    const contracts = arrayOf<{ awardID?: string; dateSigned?: string; period?: { startDate?: string; endDate?: string } }>(n.contracts);
    for (let i = 0; i < contracts.length; i++) {
      const c = contracts[i] as { awardID?: string; dateSigned?: string; period?: { startDate?: string; endDate?: string } };
      inOrder(`/contracts/${i}/period/startDate`, c.period?.startDate, `/contracts/${i}/period/endDate`, c.period?.endDate, emit);
      const award = awards.findIndex((a) => a.id === c.awardID);
      if (award >= 0) inOrder(`/awards/${award}/date`, awards[award]?.date, `/contracts/${i}/dateSigned`, c.dateSigned, emit);
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

/** 数组中各对象标识唯一. */
export const uniqueIds: NoticeRule = {
  id: 'PX-R010',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:*',
  needsContext: false,
  message: { zh: '同一数组内对象的 id 不得重复（合并时按 id 识别）', en: 'Objects of one array must have distinct ids (merging identifies them by id)' },
  citation: 'OCDS data quality: unique ids in arrays',
  check(n, _others, emit) {
    checkUnique(n.parties, '/parties', emit);
    checkUnique(n.awards, '/awards', emit);
    checkUnique(n.contracts, '/contracts', emit);
    checkUnique(n.documents, '/documents', emit);
    checkUnique(n.tender?.items, '/tender/items', emit);
    checkUnique(n.tender?.lots, '/tender/lots', emit);
    checkUnique(n.planning?.items, '/planning/items', emit);
    arrayOf<{ items?: unknown }>(n.awards).forEach((a, i) => {
      checkUnique(a.items, `/awards/${i}/items`, emit);
    });
    arrayOf<{ items?: unknown }>(n.contracts).forEach((c, i) => {
      checkUnique(c.items, `/contracts/${i}/items`, emit);
    });
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
    const expected = `${n.ocid.slice(0, 11)}-${n.project.id}`;
    if (n.ocid !== expected) {
      emit('/ocid', {
        zh: `ocid“${n.ocid}”与项目编号“${n.project.id}”不符，应为“${expected}”`,
        en: `ocid '${n.ocid}' does not match project number '${n.project.id}': expected '${expected}'`,
      });
    }
  },
};
