/**
 * The merge engine's public face: OCDS-style merging of dated releases into a compiled state
 * and a versioned history, for OCDS releases (`compile`) and for a process's standard records
 * (`compileProcess`).
 */
export {
  type Compiled,
  type CompileOptions,
  type CompileResult,
  compile,
  compileReleases,
  type MergeError,
  rulesOf,
  sortByDate,
} from './compile.ts';
export { isObject, type Json, type JsonObject } from './json.ts';
export { methodOfOcds, noticeTypeOfTag } from './ocds/codes.ts';
export { partyFromOcds } from './ocds/parties.ts';
export { mergeableRelease, noticeToRelease, processFactsOf, releaseToNotice } from './ocds/release.ts';
export { ocdsReleaseSchema } from './ocds-schema.ts';
export { compileProcess, currentVersions, type ProcessResult, type ProcessState, transactionStep } from './process.ts';
export { type MergeRule, type MergeRules, mergeRulesFrom } from './rules.ts';
export { type VersionedValue, versionReleases } from './versioned.ts';
