/** Compliance rules on award results and contracts. */

import type { Contract } from '../types.ts';
import { cstDay, scheduleCaveat, workingDaysBetween } from './calendar.ts';
import { arrayOf, fen, knownAwards, knownContracts, yuan } from './context.ts';
import type { NoticeRule } from './types.ts';

/** 中标结果自确定之日起 2 个工作日内公告. */
export const awardPublishedInTime: NoticeRule = {
  id: 'PX-R004',
  recordType: 'notice',
  subtypes: ['award'],
  severity: 'warning',
  appliesTo: 'notice:award',
  needsContext: false,
  message: {
    zh: '中标（成交）结果应自中标（成交）供应商确定之日起 2 个工作日内公告',
    en: 'The award result must be published within 2 working days of the winner being determined',
  },
  citation: '财政部令第87号《政府采购货物和服务招标投标管理办法》第六十九条',
  check(n, _others, emit) {
    if (n.noticeType !== 'award') return;
    const published = cstDay(n.date);
    if (published === undefined) return;
    arrayOf<{ date?: string }>(n.awards).forEach((a, i) => {
      const decided = cstDay(a.date);
      if (decided === undefined || decided > published) return;
      const late = workingDaysBetween(decided, published);
      if (late > 2) {
        const caveat = scheduleCaveat(decided, published);
        emit(`/awards/${i}/date`, {
          zh: `结果于确定后第 ${late} 个工作日才公告，应在 2 个工作日内公告${caveat.zh}`,
          en: `the result was published ${late} working days after the winner was determined; the limit is 2${caveat.en}`,
        });
      }
    });
  },
};

/** 中标公告须载明中标供应商名称及标识. */
export const winnersIdentified: NoticeRule = {
  id: 'PX-R014',
  recordType: 'notice',
  subtypes: ['award'],
  severity: 'error',
  appliesTo: 'notice:award',
  needsContext: false,
  message: {
    zh: '中标（成交）供应商应在参与方中登记并带有统一社会信用代码等标识',
    en: 'Each winner must be a party carrying an identifier such as its Unified Social Credit Code',
  },
  citation: '财政部令第87号 第六十九条；OCDS data quality: suppliers identified',
  check(n, _others, emit) {
    if (n.noticeType !== 'award') return;
    const parties = arrayOf<{ id: string; identifier?: { scheme?: string } }>(n.parties);
    arrayOf<{ suppliers?: { id: string; name: string }[] }>(n.awards).forEach((a, i) => {
      arrayOf<{ id: string; name: string }>(a.suppliers).forEach((s, j) => {
        const party = parties.find((p) => p.id === s.id);
        if (party && (!party.identifier || party.identifier.scheme === 'OTHER')) {
          emit(`/awards/${i}/suppliers/${j}/id`, {
            zh: `中标（成交）供应商“${s.name}”缺少统一社会信用代码或组织机构代码`,
            en: `winner '${s.name}' has no Unified Social Credit Code or organisation code`,
          });
        }
      });
    });
  },
};

/** 合同须对应已有的中标（成交）结果. */
export const contractHasAward: NoticeRule = {
  id: 'PX-R005',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:contract (any notice with contracts)',
  needsContext: true,
  message: {
    zh: '合同关联的中标（成交）结果（awardID）应存在于本公告或本项目已发布的结果公告中',
    en: "A contract's awardID must resolve to an award of this notice or of a published award notice of the process",
  },
  citation: 'OCDS data quality: contract.awardID resolves to an award',
  check(n, others, emit) {
    const contracts = arrayOf<Contract>(n.contracts);
    if (contracts.length === 0) return;
    const own = arrayOf<{ id: string }>(n.awards);
    const awards = knownAwards(n, others);
    contracts.forEach((c, i) => {
      if (c.awardID === undefined || awards.has(c.awardID)) return;
      // Without the process context an award published earlier cannot be seen: skip.
      if (others === undefined && own.length === 0) return;
      emit(`/contracts/${i}/awardID`, {
        zh: `合同“${c.id}”关联的中标（成交）结果“${c.awardID}”不存在`,
        en: `contract '${c.id}' refers to award '${c.awardID}', which does not exist in process ${n.ocid}`,
      });
    });
  },
};

/** 同一结果下合同金额合计在结果金额的 ±50% 以内. */
export const contractsWithinAward: NoticeRule = {
  id: 'PX-R006',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:contract (any notice with contracts)',
  needsContext: true,
  message: {
    zh: '同一中标（成交）结果下各合同金额合计应在结果金额的 50%～150% 之间',
    en: 'The contracts of an award must total between 50% and 150% of the award value',
  },
  citation: 'OCDS data quality: sum of contract values within ±50% of the award value',
  check(n, others, emit) {
    const own = arrayOf<Contract>(n.contracts);
    if (own.length === 0) return;
    const awards = knownAwards(n, others);
    const totals = new Map<string, number>();
    for (const c of knownContracts(n, others).values()) {
      const amount = fen(c.value?.amount);
      if (c.awardID === undefined || amount === undefined || c.status === 'cancelled') continue;
      totals.set(c.awardID, (totals.get(c.awardID) ?? 0) + amount);
    }
    const reported = new Set<string>();
    own.forEach((c, i) => {
      if (c.awardID === undefined || reported.has(c.awardID)) return;
      const award = fen(awards.get(c.awardID)?.value?.amount);
      const total = totals.get(c.awardID);
      if (award === undefined || award === 0 || total === undefined) return;
      if (total > award * 1.5 || total < award * 0.5) {
        reported.add(c.awardID);
        const ratio = Math.round((total / award) * 100);
        emit(`/contracts/${i}/value/amount`, {
          zh: `结果“${c.awardID}”下合同金额合计 ${yuan(total)} 元，为结果金额 ${yuan(award)} 元的 ${ratio}%，超出 ±50% 范围`,
          en: `the contracts of award '${c.awardID}' total ${yuan(total)} yuan, ${ratio}% of the award value ${yuan(award)} yuan: outside ±50%`,
        });
      }
    });
  },
};
