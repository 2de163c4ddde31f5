/**
 * Request bodies for the benchmarks: the standard's tender notice example (招标公告) turned into a
 * JSON template whose only varying part is an 8-character suffix of the record id, project number
 * and ocid, so that every request carries new, valid records at the cost of a string join.
 */
import { tenderNotice } from '../../test/support/records.ts';
import type { LoadSpec } from './load-spec.ts';

const SUFFIX_LENGTH = 8;

/** The tender notice as text, split around its unique suffix, and the id with the suffix as a placeholder. */
function template(): { parts: string[]; idParts: string[] } {
  const record = tenderNotice();
  const suffix = record.id.slice(-SUFFIX_LENGTH);
  return { parts: JSON.stringify(record).split(suffix), idParts: record.id.split(suffix) };
}

/** Suffixes `<tag><counter>`, 8 characters of [0-9a-z] like the ones the template was made with. */
function suffixes(tag: string): () => string {
  if (!/^[0-9a-z]{3}$/.test(tag)) throw new Error(`tag must be 3 characters of [0-9a-z], got '${tag}'`);
  let counter = 0;
  return () => `${tag}${(counter++).toString(36).padStart(SUFFIX_LENGTH - 3, '0')}`;
}

/** Makes the body of the next request and the ids of the records in it. */
export function bodyFactory(spec: Pick<LoadSpec, 'kind' | 'batchSize' | 'tag'>): () => { body: string; ids: string[] } {
  const { parts, idParts } = template();
  const nextSuffix = suffixes(spec.tag);
  const one = () => {
    const suffix = nextSuffix();
    return { text: parts.join(suffix), id: idParts.join(suffix) };
  };
  if (spec.kind === 'single') {
    return () => {
      const { text, id } = one();
      return { body: text, ids: [id] };
    };
  }
  const size = spec.batchSize ?? 100;
  return () => {
    const records = Array.from({ length: size }, one);
    return { body: `[${records.map((r) => r.text).join(',')}]`, ids: records.map((r) => r.id) };
  };
}

/** A random run tag for bodyFactory. */
export function runTag(): string {
  return Math.floor(Math.random() * 36 ** 3)
    .toString(36)
    .padStart(3, '0');
}
