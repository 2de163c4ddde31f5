/**
 * The project's copy of the OCDS 1.1 release schema (schemas/ocds/1.1, with its licence),
 * read once and shared: it is where the merge rules come from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the OCDS 1.1 schemas live in the project. */
export const OCDS_SCHEMA_DIR = fileURLToPath(new URL('../../schemas/ocds/1.1/', import.meta.url));

let releaseSchema: Record<string, unknown> | undefined;

/** The OCDS 1.1 release schema (read from disk on first use, then cached). */
export function ocdsReleaseSchema(): Record<string, unknown> {
  releaseSchema ??= JSON.parse(readFileSync(`${OCDS_SCHEMA_DIR}release-schema.json`, 'utf8')) as Record<string, unknown>;
  return releaseSchema;
}
