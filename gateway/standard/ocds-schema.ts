/**
 * Validation against the official OCDS 1.1 schema (JSON Schema draft-04 with OCDS metadata keywords),
 * shipped in schemas/ocds/1.1/ with its licence. Used by `pxg validate --ocds` and to check
 * the gateway's own OCDS output.
 */
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { issuesFromAjv } from './messages.ts';
import type { Issue } from './port.ts';
import { SCHEMAS_DIR } from './reference-data.ts';

/** Directory of the OCDS 1.1 schema copy. */
export const OCDS_SCHEMA_DIR = `${SCHEMAS_DIR}ocds/1.1/`;

/** OCDS metadata keywords that carry no validation (merge rules, codelist names, deprecation). */
const OCDS_METADATA_KEYWORDS = [
  'mergeStrategy',
  'mergeOptions',
  'wholeListMerge',
  'omitWhenMerged',
  'versionId',
  'openCodelist',
  'codelist',
  'deprecated',
  'deprecatedVersion',
];

let ajv: InstanceType<typeof AjvDraft04.default> | undefined;
const compiled = new Map<string, ValidateFunction>();

function read(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${OCDS_SCHEMA_DIR}${file}`, 'utf8')) as Record<string, unknown>;
}

/** The validator of one OCDS schema file, compiled on first use and kept. */
function validator(file: string): ValidateFunction {
  const known = compiled.get(file);
  if (known) return known;
  if (!ajv) {
    ajv = new AjvDraft04.default({ allErrors: true, verbose: true, messages: false, strict: false, validateSchema: false });
    addFormats.default(ajv, ['date-time', 'uri']);
    ajv.addVocabulary(OCDS_METADATA_KEYWORDS);
    // Registered, not compiled: the packages refer to them by their `id`.
    ajv.addSchema(read('release-schema.json'));
    ajv.addSchema(read('versioned-release-validation-schema.json'));
  }
  const schema = read(file);
  const fn = (ajv.getSchema(String(schema.id)) ?? ajv.compile(schema)) as ValidateFunction;
  compiled.set(file, fn);
  return fn;
}

function run(validate: ValidateFunction, value: unknown): Issue[] {
  try {
    return validate(value) ? [] : issuesFromAjv(validate.errors ?? []);
  } catch (err) {
    return [
      {
        pointer: '',
        keyword: 'invalid',
        severity: 'error',
        message: { zh: '无法校验该 OCDS 数据', en: `the OCDS data could not be validated: ${(err as Error).message}` },
      },
    ];
  }
}

/** Validates an OCDS 1.1 release package; an empty list means it is valid. */
export function validateOcdsReleasePackage(pkg: unknown): Issue[] {
  return run(validator('release-package-schema.json'), pkg);
}

/** Validates one OCDS 1.1 release. */
export function validateOcdsRelease(release: unknown): Issue[] {
  return run(validator('release-schema.json'), release);
}

/** Validates an OCDS 1.1 record package (compiled records, optionally with versioned releases). */
export function validateOcdsRecordPackage(pkg: unknown): Issue[] {
  return run(validator('record-package-schema.json'), pkg);
}
