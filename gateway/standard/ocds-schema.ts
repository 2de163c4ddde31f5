/**
 * Validation against the official OCDS 1.1 schema (JSON Schema draft-04 with OCDS metadata keywords),
 * shipped in schemas/ocds/1.1/ with its licence. Used by `pxg validate --ocds` and to check
 * the gateway's own OCDS output.
 */
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { issuesFromAjv } from './messages.ts';
import type { Issue } from './port.ts';
import { SCHEMAS_DIR } from './reference-data.ts';

/** Directory of the OCDS 1.1 schema copy. */
export const OCDS_SCHEMA_DIR = `${SCHEMAS_DIR}ocds/1.1/`;

/** OCDS metadata keywords that carry no validation (merge rules, codelist names, deprecation). */
const OCDS_METADATA_KEYWORDS = ['mergeStrategy', 'mergeOptions', 'wholeListMerge', 'omitWhenMerged', 'versionId', 'openCodelist', 'codelist', 'deprecated', 'deprecatedVersion'];

interface OcdsValidators {
  releasePackage: ValidateFunction;
  release: ValidateFunction;
  recordPackage: ValidateFunction;
}

let compiled: OcdsValidators | undefined;

function read(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${OCDS_SCHEMA_DIR}${file}`, 'utf8')) as Record<string, unknown>;
}

/** Compiles the OCDS schemas on first use and keeps them. */
function validators(): OcdsValidators {
  if (compiled) return compiled;
  const ajv = new AjvDraft04.default({ allErrors: true, verbose: true, messages: false, strict: false, validateSchema: false });
  addFormats.default(ajv, ['date-time', 'uri']);
  ajv.addVocabulary(OCDS_METADATA_KEYWORDS);
  const release = read('release-schema.json');
  const releasePackage = read('release-package-schema.json');
  const recordPackage = read('record-package-schema.json');
  ajv.addSchema(release);
  ajv.addSchema(read('versioned-release-validation-schema.json'));
  compiled = {
    release: ajv.getSchema(String(release.id)) as ValidateFunction,
    releasePackage: ajv.compile(releasePackage),
    recordPackage: ajv.compile(recordPackage),
  };
  return compiled;
}

function run(validate: ValidateFunction, value: unknown): Issue[] {
  try {
    return validate(value) ? [] : issuesFromAjv(validate.errors ?? []);
  } catch (err) {
    return [{ pointer: '', keyword: 'invalid', severity: 'error', message: { zh: '无法校验该 OCDS 数据', en: `the OCDS data could not be validated: ${(err as Error).message}` } }];
  }
}

/** Validates an OCDS 1.1 release package; an empty list means it is valid. */
export function validateOcdsReleasePackage(pkg: unknown): Issue[] {
  return run(validators().releasePackage, pkg);
}

/** Validates one OCDS 1.1 release. */
export function validateOcdsRelease(release: unknown): Issue[] {
  return run(validators().release, release);
}

/** Validates an OCDS 1.1 record package (compiled records, optionally with versioned releases). */
export function validateOcdsRecordPackage(pkg: unknown): Issue[] {
  return run(validators().recordPackage, pkg);
}
