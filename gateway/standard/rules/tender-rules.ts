/** Compliance rules on calls for bids and their corrections (tender, competitive, prequalification, correction). */

import type { Notice } from '../types.ts';
import { cstDay, instant, scheduleCaveat, workingDaysBetween } from './calendar.ts';
import { otherNotices } from './context.ts';
import type { NoticeRule } from './types.ts';

/** Day the documents start being issued: the documents-access start, else the notice date. */
function issueStart(n: Notice): { day: number | undefined; pointer: string } {
  const start = n.tender?.documentsAccess?.period?.startDate;
  return start ? { day: cstDay(start), pointer: '/tender/documentsAccess/period/startDate' } : { day: cstDay(n.date), pointer: '/date' };
}

/** 招标文件发出至投标截止不少于 20 日: bid deadline at least 20 days after the documents are issued. */
export const tenderDeadline: NoticeRule = {
  id: 'PX-R001',
  recordType: 'notice',
  subtypes: ['tender'],
  severity: 'error',
  appliesTo: 'notice:tender (open, invited)',
  needsContext: false,
  message: {
    zh: '招标项目自招标文件开始发出之日起至投标截止之日止不得少于二十日',
    en: 'The bid deadline must be at least 20 days after the tender documents are first issued',
  },
  citation: '《中华人民共和国政府采购法》第三十五条',
  check(n, _others, emit) {
    if (n.noticeType !== 'tender') return;
    const deadline = cstDay(n.tender?.tenderPeriod?.endDate);
    const { day: start } = issueStart(n);
    if (deadline === undefined || start === undefined) return;
    const days = deadline - start;
    if (days < 20) {
      emit('/tender/tenderPeriod/endDate', {
        zh: `投标截止时间距招标文件开始发出仅 ${days} 日，不得少于 20 日（政府采购法第三十五条）`,
        en: `the bid deadline is only ${days} days after the tender documents are first issued; at least 20 days are required (Government Procurement Law art. 35)`,
      });
    }
  },
};

/** 文件提供期限不少于 5 个工作日: documents available for at least 5 working days. */
export const documentsPeriod: NoticeRule = {
  id: 'PX-R002',
  recordType: 'notice',
  subtypes: ['tender', 'prequalification'],
  severity: 'warning',
  appliesTo: 'notice:tender, notice:prequalification',
  needsContext: false,
  message: {
    zh: '招标文件、资格预审文件的提供期限不得少于 5 个工作日',
    en: 'Tender and prequalification documents must be available for at least 5 working days',
  },
  citation: '财政部令第87号《政府采购货物和服务招标投标管理办法》第十六条（公告期限 5 个工作日）及其文件提供期限规定',
  check(n, _others, emit) {
    if (n.noticeType !== 'tender' && n.noticeType !== 'prequalification') return;
    const period = n.tender?.documentsAccess?.period;
    const start = cstDay(period?.startDate);
    const end = cstDay(period?.endDate);
    if (start === undefined || end === undefined) return;
    // The first day counts: documents from Monday to Friday are 5 working days.
    const days = workingDaysBetween(start - 1, end);
    if (days < 5) {
      const caveat = scheduleCaveat(start, end);
      emit('/tender/documentsAccess/period/endDate', {
        zh: `采购文件提供期限仅 ${days} 个工作日，不得少于 5 个工作日${caveat.zh}`,
        en: `the documents are available for only ${days} working days; at least 5 are required${caveat.en}`,
      });
    }
  },
};

/** Minimum response periods of the non-tender methods. */
const RESPONSE_MINIMUM: Record<string, { days: number; working: boolean; zh: string; en: string }> = {
  competitiveConsultation: { days: 10, working: false, zh: '竞争性磋商', en: 'competitive consultation' },
  competitiveNegotiation: { days: 3, working: true, zh: '竞争性谈判', en: 'competitive negotiation' },
  inquiry: { days: 3, working: true, zh: '询价', en: 'request for quotations' },
};

/** 响应期限: consultation ≥ 10 days, negotiation and inquiry ≥ 3 working days. */
export const responsePeriod: NoticeRule = {
  id: 'PX-R013',
  recordType: 'notice',
  subtypes: ['competitive'],
  severity: 'error',
  appliesTo: 'notice:competitive',
  needsContext: false,
  message: {
    zh: '竞争性磋商文件发出至响应截止不少于 10 日；竞争性谈判、询价不少于 3 个工作日',
    en: 'Responses are due at least 10 days after consultation documents are issued, 3 working days for negotiation and inquiry',
  },
  citation: '财库〔2014〕214号 第十条；财政部令第74号 第二十九条、第四十五条',
  check(n, _others, emit) {
    if (n.noticeType !== 'competitive') return;
    const min = RESPONSE_MINIMUM[n.tender?.procurementMethod ?? ''];
    const deadline = cstDay(n.tender?.tenderPeriod?.endDate);
    const { day: start } = issueStart(n);
    if (!min || deadline === undefined || start === undefined) return;
    const got = min.working ? workingDaysBetween(start, deadline) : deadline - start;
    if (got < min.days) {
      const unitZh = min.working ? '个工作日' : '日';
      const unitEn = min.working ? 'working days' : 'days';
      const caveat = min.working ? scheduleCaveat(start, deadline) : { zh: '', en: '' };
      emit('/tender/tenderPeriod/endDate', {
        zh: `${min.zh}响应截止时间距文件发出仅 ${got} ${unitZh}，不得少于 ${min.days} ${unitZh}${caveat.zh}`,
        en: `the ${min.en} response deadline is only ${got} ${unitEn} after the documents are issued; at least ${min.days} are required${caveat.en}`,
      });
    }
  },
};

/** The bid deadline in force before a correction: the latest moved deadline, else the corrected notice's. */
function deadlineInForce(n: Notice, notices: Notice[]): string | undefined {
  let latest: { at: number; deadline: string } | undefined;
  for (const other of notices) {
    const moved = other.correction?.deadlineChanged ? other.correction.tenderPeriodEnd : undefined;
    const at = instant(other.date) ?? 0;
    if (moved && (!latest || at > latest.at)) latest = { at, deadline: moved };
  }
  if (latest) return latest.deadline;
  const corrected = notices.find((o) => o.id === n.correction?.noticeId);
  return corrected?.tender?.tenderPeriod?.endDate;
}

/** 澄清或修改影响投标文件编制的，应在截止时间至少 15 日前发出，否则顺延截止时间. */
export const correctionNotice: NoticeRule = {
  id: 'PX-R003',
  recordType: 'notice',
  subtypes: ['correction'],
  severity: 'error',
  appliesTo: 'notice:correction',
  needsContext: true,
  message: {
    zh: '影响投标文件编制的更正应在投标截止时间至少 15 日前发布，不足 15 日的应顺延投标截止时间',
    en: 'A correction that may affect bids must be published at least 15 days before the bid deadline, or the deadline must move',
  },
  citation: '财政部令第87号《政府采购货物和服务招标投标管理办法》第二十七条',
  check(n, others, emit) {
    const c = n.correction;
    if (n.noticeType !== 'correction' || !c?.substantive) return;
    const published = cstDay(n.date);
    if (published === undefined) return;
    if (c.deadlineChanged) {
      const moved = cstDay(c.tenderPeriodEnd);
      if (moved !== undefined && moved - published < 15) {
        emit('/correction/tenderPeriodEnd', {
          zh: `顺延后的投标截止时间距更正公告发布仅 ${moved - published} 日，不得少于 15 日`,
          en: `the moved bid deadline is only ${moved - published} days after the correction; at least 15 days are required`,
        });
      }
      return;
    }
    // Without the process's other notices the deadline in force is unknown: the rule is skipped.
    const deadline = cstDay(deadlineInForce(n, otherNotices(others, n.id)));
    if (deadline !== undefined && deadline - published < 15) {
      emit('/correction/deadlineChanged', {
        zh: `更正影响投标文件编制，发布时距投标截止仅 ${deadline - published} 日，应顺延投标截止时间`,
        en: `the correction may affect bids and comes only ${deadline - published} days before the bid deadline: the deadline must move`,
      });
    }
  },
};

/** 更正、终止须指向本项目已有公告: corrections and terminations reference an existing notice. */
export const referencedNotice: NoticeRule = {
  id: 'PX-R015',
  recordType: 'notice',
  severity: 'error',
  appliesTo: 'notice:correction, notice:termination',
  needsContext: true,
  message: {
    zh: '更正公告、终止公告引用的原公告应为本采购项目已发布的公告',
    en: 'The notice a correction or termination refers to must be a published notice of the same process',
  },
  citation: '财办库〔2020〕50号 更正公告、终止公告格式；公共资源交易平台数据规范“先报项目后报公告”',
  check(n, others, emit) {
    if (others === undefined) return;
    const ref = n.correction?.noticeId ?? n.termination?.noticeId;
    if (ref === undefined) return;
    if (!otherNotices(others, n.id).some((o) => o.id === ref)) {
      const pointer = n.correction ? '/correction/noticeId' : '/termination/noticeId';
      emit(pointer, {
        zh: `引用的原公告“${ref}”不是采购项目 ${n.ocid} 的已发布公告`,
        en: `notice '${ref}' is not a published notice of process ${n.ocid}`,
      });
    }
  },
};
