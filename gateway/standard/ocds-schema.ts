/**
 * Validation against the official OCDS 1.1 schema (JSON Schema draft-04 with OCDS metadata keywords),
 * shipped in schemas/ocds/1.1/ with its licence, optionally with the project's OCDS extension
 * (schemas/ocds/extension/) applied to the release schema as a JSON merge patch, the way the OCDS
 * tools apply the extensions a package declares. Used by `pxg validate --ocds`, `pxg ocds export`
 * and to check the gateway's own OCDS output.
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
/** Directory of the project's OCDS extension (extension.json, release-schema.json, codelists). */
export const OCDS_EXTENSION_DIR = `${SCHEMAS_DIR}ocds/extension/`;

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

/** Which schema a package is validated against: OCDS 1.1 core, or core with the project's extension. */
export interface OcdsValidationOptions {
  /** Apply the project's extension patch to the release schema (what every package of the gateway declares). */
  extension?: boolean;
}

type Variant = 'core' | 'extended';
const instances = new Map<Variant, InstanceType<typeof AjvDraft04.default>>();
const compiled = new Map<string, ValidateFunction>();

function read(file: string, dir = OCDS_SCHEMA_DIR): Record<string, unknown> {
  return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, unknown>;
}

/** Applies a JSON merge patch (RFC 7386) to a value: objects merge key by key, `null` removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else Object.defineProperty(out, key, { value: applyMergePatch(out[key], value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The OCDS 1.1 release schema with the project's extension applied (same `id`, so the package schemas refer to it). */
export function extendedReleaseSchema(): Record<string, unknown> {
  return applyMergePatch(read('release-schema.json'), read('release-schema.json', OCDS_EXTENSION_DIR)) as Record<string, unknown>;
}

function ajvFor(variant: Variant): InstanceType<typeof AjvDraft04.default> {
  let ajv = instances.get(variant);
  if (!ajv) {
    ajv = new AjvDraft04.default({ allErrors: true, verbose: true, messages: false, strict: false, validateSchema: false });
    addFormats.default(ajv, ['date-time', 'uri']);
    ajv.addVocabulary(OCDS_METADATA_KEYWORDS);
    // Registered, not compiled: the packages refer to them by their `id`.
    ajv.addSchema(variant === 'extended' ? extendedReleaseSchema() : read('release-schema.json'));
    ajv.addSchema(read('versioned-release-validation-schema.json'));
    instances.set(variant, ajv);
  }
  return ajv;
}

/** The validator of one OCDS schema file, compiled on first use and kept. */
function validator(file: string, options: OcdsValidationOptions = {}): ValidateFunction {
  const variant: Variant = options.extension ? 'extended' : 'core';
  const key = `${variant}:${file}`;
  const known = compiled.get(key);
  if (known) return known;
  const ajv = ajvFor(variant);
  const schema = read(file);
  const fn = (ajv.getSchema(String(schema.id)) ?? ajv.compile(schema)) as ValidateFunction;
  compiled.set(key, fn);
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
export function validateOcdsReleasePackage(pkg: unknown, options?: OcdsValidationOptions): Issue[] {
  return run(validator('release-package-schema.json', options), pkg);
}

/** Validates one OCDS 1.1 release. */
export function validateOcdsRelease(release: unknown, options?: OcdsValidationOptions): Issue[] {
  return run(validator('release-schema.json', options), release);
}

/** Validates an OCDS 1.1 record package (compiled records, optionally with versioned releases). */
export function validateOcdsRecordPackage(pkg: unknown, options?: OcdsValidationOptions): Issue[] {
  return run(validator('record-package-schema.json', options), pkg);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
