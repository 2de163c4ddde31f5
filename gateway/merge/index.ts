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
export type { Json, JsonObject } from './json.ts';
export { ocdsReleaseSchema } from './ocds-schema.ts';
export { compileProcess, currentVersions, type ProcessResult, type ProcessState, transactionStep } from './process.ts';
export { type MergeRule, type MergeRules, mergeRulesFrom } from './rules.ts';
export { type VersionedValue, versionReleases } from './versioned.ts';
