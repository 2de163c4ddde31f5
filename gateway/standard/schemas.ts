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

/** The largest minLength of a schema and its subschemas (0 if none). */
function largestMinLength(schema: unknown): number {
  if (typeof schema !== 'object' || schema === null) return 0;
  let largest = 0;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'minLength' && typeof value === 'number') largest = Math.max(largest, value);
    else if (key !== 'enum' && key !== 'const' && key !== 'examples') largest = Math.max(largest, largestMinLength(value));
  }
  return largest;
}

/** Ajv's notice about the `unicode` option, expected once per fast compilation and not worth a log line. */
const UNICODE_NOTICE = 'DEPRECATED: option unicode';

/**
 * Compiles every v1 schema; `allErrors` for the diagnostic pass that runs only after a failure.
 *
 * The fast pass (`allErrors: false`) measures minLength/maxLength in UTF-16 code units rather than
 * code points, sparing a walk over every string. A code-unit length is never below the code-point
 * length, so with no minLength above 1 (checked here) the fast pass can only refuse more than the
 * standard (a string of astral-plane characters near its maxLength), never accept more; the caller
 * lets the diagnostic pass, which counts code points, decide every refusal.
 */
export function compileSchemas(allErrors: boolean): CompiledSchemas {
  const schemas = SCHEMA_FILES.map(readSchema);
  const fast = !allErrors;
  if (fast) {
    const minLength = Math.max(...schemas.map(largestMinLength));
    if (minLength > 1)
      throw new Error(`a v1 schema has minLength ${minLength}: the fast pass counts UTF-16 code units and needs minLength ≤ 1`);
  }
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
    ...(fast
      ? {
          unicode: false,
          logger: {
            log: console.log,
            warn: (...args: unknown[]) => {
              if (!String(args[0]).startsWith(UNICODE_NOTICE)) console.warn(...args);
            },
            error: console.error,
          },
        }
      : {}),
  });
  registerStandardVocabulary(ajv);
  for (const schema of schemas) ajv.addSchema(schema);
  return {
    notice: ajv.getSchema(NOTICE_SCHEMA_ID) as ValidateFunction,
    transaction: ajv.getSchema(TRANSACTION_SCHEMA_ID) as ValidateFunction,
    envelope: ajv.getSchema(ENVELOPE_SCHEMA_ID) as ValidateFunction,
  };
}
