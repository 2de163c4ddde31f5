/**
 * The merge engine: compiles the releases of one contracting process into its current state
 * (compiled release) and its full history (versioned release), by the OCDS 1.1 merge routine.
 * Generic over the schema: every rule comes from the release schema handed in.
 * See https://standard.open-contracting.org/1.1/en/schema/merging/
 */
import type { Bilingual } from '../core/index.ts';
import { mergeObject } from './fields.ts';
import { isObject, type JsonObject } from './json.ts';
import { type MergeRules, mergeRulesFrom } from './rules.ts';
import { versionReleases } from './versioned.ts';

/** What to merge with: the release schema (or rules already read from it), and whether to keep history. */
export interface CompileOptions {
  /** A release schema (JSON) or the rules read from one by `mergeRulesFrom`. */
  schema: unknown;
  /** Also build the versioned release (every field's value history). */
  versioned?: boolean;
}

/** A compiled contracting process: the parts of an OCDS record the merge produces. */
export interface Compiled {
  ocid: string;
  /** The releases, in the order they were merged (by date). */
  releases: JsonObject[];
  compiledRelease: JsonObject;
  /** Present when `versioned` was asked for. */
  versionedRelease?: JsonObject;
}

/** Why a set of releases cannot be merged (a closed list). */
export type MergeErrorCode = 'merge.no-releases' | 'merge.not-a-release' | 'merge.missing-date' | 'merge.mixed-ocid';

/** An expected merge failure, as a value. */
export interface MergeError {
  code: MergeErrorCode;
  message: Bilingual;
  /** Position of the offending release in the input, when one is to blame. */
  index?: number;
}

/** The outcome of `compile`. */
export type CompileResult = ({ ok: true } & Compiled) | { ok: false; error: MergeError };

const rulesCache = new WeakMap<object, MergeRules>();

/** Reads (once per schema object) the merge rules of a release schema. */
export function rulesOf(schema: unknown): MergeRules {
  if (isRules(schema)) return schema;
  if (typeof schema !== 'object' || schema === null) throw new TypeError('compile needs a release schema');
  let rules = rulesCache.get(schema);
  if (!rules) {
    rules = mergeRulesFrom(schema);
    rulesCache.set(schema, rules);
  }
  return rules;
}

/** Merges the releases of one contracting process (any order) into a compiled (and optionally versioned) release. */
export function compile(releases: unknown, options: CompileOptions): CompileResult {
  const checked = checkReleases(releases);
  if (!checked.ok) return checked;
  const rules = rulesOf(options.schema);
  const ordered = sortByDate(checked.releases);
  const result: CompileResult = {
    ok: true,
    ocid: checked.ocid,
    releases: ordered,
    compiledRelease: compileReleases(ordered, rules),
  };
  if (options.versioned) result.versionedRelease = versionReleases(ordered, rules);
  return result;
}

/**
 * Builds the compiled release from releases already sorted by date: `tag` becomes `["compiled"]`,
 * `id` is `{ocid}-{date}` and `date` is the latest release's, as in the reference implementation.
 */
export function compileReleases(sorted: readonly JsonObject[], rules: MergeRules): JsonObject {
  const compiled: JsonObject = { tag: ['compiled'] };
  for (const release of sorted) {
    compiled.id = `${String(release.ocid)}-${String(release.date)}`;
    compiled.date = release.date ?? null;
    compiled.ocid = release.ocid ?? null;
    const { tag: _tag, ...fields } = release;
    mergeObject(compiled, fields, [], rules);
  }
  return compiled;
}

/** Releases in date order; releases with the same date keep their input order. */
export function sortByDate(releases: readonly JsonObject[]): JsonObject[] {
  const instant = (r: JsonObject) => Date.parse(String(r.date));
  return [...releases].sort((a, b) => {
    const [x, y] = [instant(a), instant(b)];
    if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
    return String(a.date) < String(b.date) ? -1 : String(a.date) > String(b.date) ? 1 : 0;
  });
}

type Checked = { ok: true; ocid: string; releases: JsonObject[] } | { ok: false; error: MergeError };

function checkReleases(input: unknown): Checked {
  if (!Array.isArray(input) || input.length === 0) {
    return fail('merge.no-releases', { zh: '没有可合并的发布（release）', en: 'there are no releases to merge' });
  }
  let ocid: string | undefined;
  for (const [index, release] of input.entries()) {
    if (!isObject(release)) {
      return fail('merge.not-a-release', { zh: `第 ${index + 1} 项不是 JSON 对象`, en: `item ${index + 1} is not a JSON object` }, index);
    }
    if (typeof release.date !== 'string' || release.date === '') {
      return fail(
        'merge.missing-date',
        { zh: `第 ${index + 1} 个发布缺少 date，无法排序`, en: `release ${index + 1} has no date to order it by` },
        index,
      );
    }
    if (typeof release.ocid !== 'string') {
      return fail('merge.not-a-release', { zh: `第 ${index + 1} 个发布缺少 ocid`, en: `release ${index + 1} has no ocid` }, index);
    }
    if (ocid !== undefined && release.ocid !== ocid) {
      return fail(
        'merge.mixed-ocid',
        {
          zh: `只能合并同一 ocid 的发布：${ocid} 与 ${release.ocid}`,
          en: `only releases of one ocid can be merged: ${ocid} and ${release.ocid}`,
        },
        index,
      );
    }
    ocid = release.ocid;
  }
  return { ok: true, ocid: ocid!, releases: input as JsonObject[] };
}

function fail(code: MergeErrorCode, message: Bilingual, index?: number): { ok: false; error: MergeError } {
  return { ok: false, error: index === undefined ? { code, message } : { code, message, index } };
}

function isRules(value: unknown): value is MergeRules {
  return typeof value === 'object' && value !== null && typeof (value as MergeRules).at === 'function';
}
