/** Data-quality rules on the inner consistency of one record: references, ids, dates. */
import { instant } from './calendar.ts';
import { arrayOf } from './context.ts';
import type { Emit, NoticeRule, TransactionRule } from './types.ts';
import type { Notice, Organization, OrganizationReference } from '../types.ts';

const ROLE_ZH: Record<string, string> = {
  buyer: '采购人', procuringEntity: '采购代理机构', centralPurchasingBody: '集中采购机构', supplier: '供应商',
  reviewBody: '监督管理部门', complainant: '投诉人',
};

/** Each reference paired with the roles its party must have. */
function noticeReferences(n: Notice): [string, OrganizationReference | undefined, string[]][] {
  const refs: [string, OrganizationReference | undefined, string[]][] = [
    ['/buyer', n.buyer, ['buyer']],
    ['/tender/procuringEntity', n.tender?.procuringEntity, ['procuringEntity', 'centralPurchasingBody']],
    ['/singleSource/supplier', n.singleSource?.supplier, ['supplier']],
    ['/ruling/authority', n.ruling?.authority, ['reviewBody']],
    ['/ruling/complainant', n.ruling?.complainant, ['complainant']],
    ['/assessment/agency', n.assessment?.agency, ['centralPurchasingBody']],
  ];
  for (const list of ['awards', 'contracts'] as const) {
    arrayOf<{ suppliers?: OrganizationReference[] }>(n[list]).forEach((a, i) => {
      arrayOf<OrganizationReference>(a.suppliers).forEach((s, j) => {
        refs.push([`/${list}/${i}/suppliers/${j}`, s, ['supplier']]);
      });
    });
  }
  return refs;
}

function checkReferences(parties: Organization[], refs: [string, OrganizationReference | undefined, string[]][], emit: Emit): void {
  for (const [pointer, ref, roles] of refs) {
    if (!ref) continue;
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
}

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
    checkReferences(arrayOf<Organization>(n.parties), noticeReferences(n), emit);
  },
};

/** Same rule for transactions: the buyer and the supplier. */
export const transactionPartiesByRole: TransactionRule = {
  ...partiesByRole,
  id: 'PX-R108',
  recordType: 'transaction',
  appliesTo: 'transaction:*',
  check(t, _others, emit) {
    checkReferences(arrayOf<Organization>(t.parties), [['/buyer', t.buyer, ['buyer']], ['/supplier', t.supplier, ['supplier']]], emit);
  },
};

/** Pairs of dates that must not be in reverse order: [earlier pointer, earlier, later pointer, later]. */
function datePairs(n: Notice): [string, string | undefined, string, string | undefined][] {
  const t = n.tender;
  const pairs: [string, string | undefined, string, string | undefined][] = [
    ['/tender/tenderPeriod/startDate', t?.tenderPeriod?.startDate, '/tender/tenderPeriod/endDate', t?.tenderPeriod?.endDate],
    ['/tender/documentsAccess/period/startDate', t?.documentsAccess?.period?.startDate, '/tender/documentsAccess/period/endDate', t?.documentsAccess?.period?.endDate],
    ['/tender/documentsAccess/period/startDate', t?.documentsAccess?.period?.startDate, '/tender/tenderPeriod/endDate', t?.tenderPeriod?.endDate],
    ['/tender/tenderPeriod/endDate', t?.tenderPeriod?.endDate, '/tender/bidOpening/date', t?.bidOpening?.date],
    ['/singleSource/objectionPeriod/startDate', n.singleSource?.objectionPeriod?.startDate, '/singleSource/objectionPeriod/endDate', n.singleSource?.objectionPeriod?.endDate],
    ['/assessment/period/startDate', n.assessment?.period?.startDate, '/assessment/period/endDate', n.assessment?.period?.endDate],
  ];
  const awardDates = new Map<string, string | undefined>();
  arrayOf<{ id: string; date?: string; evaluationDate?: string }>(n.awards).forEach((a, i) => {
    awardDates.set(a.id, a.date);
    pairs.push([`/awards/${i}/evaluationDate`, a.evaluationDate, `/awards/${i}/date`, a.date]);
    pairs.push([`/awards/${i}/date`, a.date, '/date', n.date]);
  });
  arrayOf<{ awardID?: string; dateSigned?: string; period?: { startDate?: string; endDate?: string } }>(n.contracts).forEach((c, i) => {
    pairs.push([`/contracts/${i}/period/startDate`, c.period?.startDate, `/contracts/${i}/period/endDate`, c.period?.endDate]);
    const awarded = c.awardID === undefined ? undefined : awardDates.get(c.awardID);
    pairs.push([`/awards (${c.awardID})/date`, awarded, `/contracts/${i}/dateSigned`, c.dateSigned]);
  });
  return pairs;
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
    for (const [earlyAt, early, lateAt, late] of datePairs(n)) {
      const a = instant(early);
      const b = instant(late);
      if (a !== undefined && b !== undefined && a > b) {
        emit(lateAt, {
          zh: `${lateAt}（${late}）早于 ${earlyAt}（${early}）`,
          en: `${lateAt} (${late}) is before ${earlyAt} (${early})`,
        });
      }
    }
  },
};

function checkUnique(list: unknown, pointer: string, emit: Emit): void {
  const items = arrayOf<{ id?: unknown }>(list);
  if (items.length < 2) return;
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    if (seen.has(item?.id)) {
      emit(`${pointer}/${i}/id`, { zh: `标识“${String(item?.id)}”重复`, en: `id '${String(item?.id)}' is used twice` });
    }
    seen.add(item?.id);
  });
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
