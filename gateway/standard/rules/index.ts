/**
 * The compliance rules of the standard (规则): checks beyond the schemas, each with an id,
 * a default severity, a bilingual message and the regulation or data-quality check it implements.
 */
import type { StandardRecord } from '../../core/index.ts';
import type { Issue } from '../port.ts';
import { awardPublishedInTime, contractHasAward, contractsWithinAward, winnersIdentified } from './award-rules.ts';
import { workingCalendar } from './calendar.ts';
import {
  datesInOrder,
  ocidFromProject,
  partiesByRole,
  transactionPartiesByRole,
  transactionUniqueIds,
  uniqueIds,
} from './integrity-rules.ts';
import { correctionNotice, documentsPeriod, referencedNotice, responsePeriod, tenderDeadline } from './tender-rules.ts';
import { linesAddUp, orderExists, paymentsWithinOrder, quantitiesWithinOrder } from './transaction-rules.ts';
import type { Emit, Others, Rule, RuleInfo, Severity } from './types.ts';

export type { RuleInfo, Severity } from './types.ts';

/** Every rule, in id order. */
const ALL: readonly Rule[] = [
  tenderDeadline,
  documentsPeriod,
  correctionNotice,
  awardPublishedInTime,
  contractHasAward,
  contractsWithinAward,
  paymentsWithinOrder,
  partiesByRole,
  datesInOrder,
  uniqueIds,
  linesAddUp,
  ocidFromProject,
  responsePeriod,
  winnersIdentified,
  referencedNotice,
  orderExists,
  quantitiesWithinOrder,
  transactionPartiesByRole,
  transactionUniqueIds,
];

/** Metadata of every rule (id, default severity, zh/en message, citation), for docs and configuration. */
export const rules: readonly RuleInfo[] = ALL.map(({ id, severity, appliesTo, message, citation, needsContext }) =>
  Object.freeze({ id, severity, appliesTo, message, citation, needsContext }),
);

/** Per-rule configuration: a severity, or 'off' to disable it. */
export type RuleSettings = Readonly<Record<string, Severity | 'off'>>;

/** Runs the enabled rules on a schema-valid record; returns undefined when nothing was found. */
export type RuleRunner = (record: StandardRecord, others: Others) => Issue[] | undefined;

interface Compiled {
  rule: Rule;
  emit: Emit;
}

/** Compiles the rule set once: applies the settings, prepares one reporter per rule. */
export function compileRules(settings: RuleSettings = {}): RuleRunner {
  for (const id of Object.keys(settings)) {
    if (!ALL.some((r) => r.id === id)) throw new Error(`unknown compliance rule '${id}'`);
    if (!['error', 'warning', 'off'].includes(settings[id] as string))
      throw new Error(`rule ${id}: severity must be error, warning or off`);
  }
  // The holiday schedule is read and checked now, so that a mistake in it stops the start.
  workingCalendar();
  // Synchronous validation lets all reporters share one sink, allocated only when a rule reports.
  let sink: Issue[] | undefined;
  const report = (issue: Issue): void => {
    if (sink === undefined) sink = [];
    sink.push(issue);
  };
  const compile = (rule: Rule): Compiled | undefined => {
    const setting = settings[rule.id] ?? rule.severity;
    if (setting === 'off') return undefined;
    const emit: Emit = (pointer, message) => {
      report({ pointer, keyword: rule.id, severity: setting, message, citation: rule.citation });
    };
    return { rule, emit };
  };
  const enabled = ALL.map(compile).filter((c): c is Compiled => c !== undefined);
  // The rules of each notice or transaction type, listed once on first sight of the type (the schema
  // has already limited types to the codelists), so that a record only calls the rules that apply to it.
  const plans = { notice: new Map<string, Compiled[]>(), transaction: new Map<string, Compiled[]>() };
  const planFor = (recordType: 'notice' | 'transaction', subtype: string): Compiled[] => {
    let plan = plans[recordType].get(subtype);
    if (plan === undefined) {
      plan = enabled.filter(
        (c) => c.rule.recordType === recordType && (c.rule.subtypes === undefined || c.rule.subtypes.includes(subtype)),
      );
      plans[recordType].set(subtype, plan);
    }
    return plan;
  };
  return (record, others) => {
    // A withdrawal retracts a record: it carries only the header and no rule applies to it.
    if (record.operation === 'withdraw') return undefined;
    const recordType = record.recordType;
    if (recordType !== 'notice' && recordType !== 'transaction') return undefined;
    const subtype =
      recordType === 'notice' ? (record as { noticeType?: unknown }).noticeType : (record as { transactionType?: unknown }).transactionType;
    sink = undefined;
    for (const { rule, emit } of planFor(recordType, String(subtype))) {
      try {
        (rule.check as unknown as (r: StandardRecord, o: Others, e: Emit) => void)(record, others, emit);
      } catch {
        // A rule that trips over odd context data must not break validation: say it could not run.
        report({
          pointer: '',
          keyword: rule.id,
          severity: 'warning',
          message: { zh: `规则 ${rule.id} 无法执行，已跳过`, en: `rule ${rule.id} could not run and was skipped` },
          citation: rule.citation,
        });
      }
    }
    const found = sink;
    sink = undefined;
    return found;
  };
}
