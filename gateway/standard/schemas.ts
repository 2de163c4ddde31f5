/**
 * Loads the v1 schema files and compiles them with Ajv (JSON Schema 2020-12) and the
 * standard's formats and keywords. Done once per standard instance, at construction.
 */
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import { registerStandardVocabulary } from './formats.ts';
import { V1_DIR } from './reference-data.ts';

/** Base of every v1 schema `$id`. */
export const SCHEMA_BASE = 'https://procurement-exchange.example/schemas/v1/';

/** The v1 schema files, in dependency order. */
export const SCHEMA_FILES = ['common.schema.json', 'notice.schema.json', 'transaction.schema.json', 'envelope.schema.json'] as const;

/** `$id` of the notice schema. */
export const NOTICE_SCHEMA_ID = `${SCHEMA_BASE}notice.schema.json`;
/** `$id` of the transaction schema. */
export const TRANSACTION_SCHEMA_ID = `${SCHEMA_BASE}transaction.schema.json`;
/** `$id` of the envelope schema. */
export const ENVELOPE_SCHEMA_ID = `${SCHEMA_BASE}envelope.schema.json`;

/** Reads one v1 schema file as an object. */
export function readSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${V1_DIR}${file}`, 'utf8')) as Record<string, unknown>;
}

/** The compiled validators of one pass (fast, or all errors). */
export interface CompiledSchemas {
  notice: ValidateFunction;
  transaction: ValidateFunction;
  envelope: ValidateFunction;
}

/** Compiles every v1 schema; `allErrors` for the diagnostic pass that runs only after a failure. */
export function compileSchemas(allErrors: boolean): CompiledSchemas {
  const ajv = new Ajv2020.default({
    allErrors,
    verbose: allErrors,
    messages: false,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    // The schemas' patterns need no Unicode mode; plain RegExps are markedly faster.
    unicodeRegExp: false,
  });
  registerStandardVocabulary(ajv);
  for (const file of SCHEMA_FILES) ajv.addSchema(readSchema(file));
  return {
    notice: ajv.getSchema(NOTICE_SCHEMA_ID) as ValidateFunction,
    transaction: ajv.getSchema(TRANSACTION_SCHEMA_ID) as ValidateFunction,
    envelope: ajv.getSchema(ENVELOPE_SCHEMA_ID) as ValidateFunction,
  };
}
