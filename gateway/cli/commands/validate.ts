/**
 * `pxg validate <file|-> [--lang zh|en] [--ocds]`: checks records (one JSON document, a JSON array
 * or NDJSON) with the same validator and rules as the gateway, or an OCDS release package against
 * the official OCDS 1.1 schema. Exit code 0 valid, 1 invalid, 2 usage or I/O error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StandardRecord } from '../../core/index.ts';
import { createStandard, type Issue, validateOcdsReleasePackage } from '../../standard/index.ts';
import type { Command } from '../command.ts';
import { operatorHolidays } from '../holidays.ts';

type Lang = 'zh' | 'en';

const USAGE = 'usage: pxg validate <file|-> [--lang zh|en] [--ocds] [--context <file>]';

interface Args {
  source: string;
  lang: Lang;
  ocds: boolean;
  /** Optional file with the other records of the process (JSON array or NDJSON), for the rules that need them. */
  context?: string;
}

function parseArgs(args: string[]): Args | string {
  let source: string | undefined;
  let lang: Lang = (process.env.LANG ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
  let ocds = false;
  let context: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--ocds') ocds = true;
    else if (a === '--context') {
      context = args[++i];
      if (context === undefined) return '--context needs a file';
    } else if (a === '--lang' || a.startsWith('--lang=')) {
      const value = a === '--lang' ? args[++i] : a.slice(7);
      if (value !== 'zh' && value !== 'en') return `--lang must be zh or en`;
      lang = value;
    } else if (a === '-' || !a.startsWith('-')) {
      if (source !== undefined) return 'only one input may be given';
      source = a;
    } else return `unknown option ${a}`;
  }
  if (source === undefined) return 'no input given';
  return context === undefined ? { source, lang, ocds } : { source, lang, ocds, context };
}

/** One input document: a parsed value, or the reason it could not be parsed. */
type Parsed = { value: unknown } | { error: string };

/** Splits the text into documents: one JSON value (an array counts as many records) or NDJSON lines. */
function parseInput(text: string): { documents: Parsed[]; multi: boolean } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? { documents: value.map((v) => ({ value: v })), multi: true } : { documents: [{ value }], multi: false };
  } catch {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2) return undefined;
    const documents = lines.map((line): Parsed => {
      try {
        return { value: JSON.parse(line) };
      } catch (err) {
        return { error: (err as Error).message };
      }
    });
    return documents.every((d) => 'error' in d) ? undefined : { documents, multi: true };
  }
}

function format(issue: Issue, lang: Lang): string {
  const pointer = issue.pointer === '' ? (lang === 'zh' ? '（记录）' : '(record)') : issue.pointer;
  const tag = issue.severity === 'warning' ? (lang === 'zh' ? ' [警告]' : ' [warning]') : '';
  return `${pointer}: ${issue.message[lang]}${tag}`;
}

/** The `validate` sub-command. */
export const validate: Command = async (argv) => {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`pxg validate: ${args}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(args.source === '-' ? 0 : args.source, 'utf8');
  } catch (err) {
    console.error(`pxg validate: cannot read ${args.source}: ${(err as Error).message}`);
    return 2;
  }
  const input = parseInput(text);
  if (!input) {
    console.error(`pxg validate: ${args.source} is neither JSON nor NDJSON`);
    return 2;
  }
  let records: StandardRecord[] | undefined;
  if (args.context !== undefined) {
    try {
      records = parseInput(readFileSync(args.context, 'utf8'))?.documents.flatMap((d) => ('value' in d ? [d.value as StandardRecord] : []));
    } catch (err) {
      console.error(`pxg validate: cannot read ${args.context}: ${(err as Error).message}`);
      return 2;
    }
    if (!records) {
      console.error(`pxg validate: ${args.context} is neither JSON nor NDJSON`);
      return 2;
    }
  }
  const out: string[] = [];
  let invalid = 0;
  if (args.ocds) {
    input.documents.forEach((doc, i) => {
      const prefix = input.multi ? `[${i}] ` : '';
      const issues =
        'error' in doc ? [parseIssue(doc.error)] : validateOcdsReleasePackage(doc.value, { extension: declaresExtension(doc.value) });
      if (issues.length > 0) invalid++;
      for (const issue of issues) out.push(prefix + format(issue, args.lang));
    });
  } else {
    // The same working days as the gateway: the operator's extra holiday arrangements, if any.
    const holidays = process.env.PXG_HOLIDAYS?.trim();
    if (!operatorHolidays('validate', holidays ? resolve(holidays) : undefined)) return 2;
    const standard = createStandard();
    input.documents.forEach((doc, i) => {
      const prefix = input.multi ? `[${i}] ` : '';
      const result =
        'error' in doc ? { ok: false as const, issues: [parseIssue(doc.error)] } : standard.validate(doc.value, records && { records });
      if (!result.ok) invalid++;
      for (const issue of result.ok ? result.warnings : result.issues) out.push(prefix + format(issue, args.lang));
    });
  }
  if (out.length > 0) console.log(out.join('\n'));
  const total = input.documents.length;
  console.error(
    args.lang === 'zh'
      ? `共 ${total} 条，${total - invalid} 条有效，${invalid} 条无效`
      : `${total} checked: ${total - invalid} valid, ${invalid} invalid`,
  );
  return invalid > 0 ? 1 : 0;
};

function parseIssue(reason: string): Issue {
  return {
    pointer: '',
    keyword: 'json',
    severity: 'error',
    message: { zh: `不是有效的 JSON：${reason}`, en: `not valid JSON: ${reason}` },
  };
}

/** Whether a package declares the project's OCDS extension (by its served path), so its fields are checked too. */
function declaresExtension(pkg: unknown): boolean {
  const extensions = typeof pkg === 'object' && pkg !== null ? (pkg as { extensions?: unknown }).extensions : undefined;
  return Array.isArray(extensions) && extensions.some((url) => typeof url === 'string' && url.endsWith('/ocds/extension/extension.json'));
}
