/** How each field value merges: the one decision both the compiled and the versioned merge share. */
import { isObject, type Json, type JsonObject } from './json.ts';
import type { MergeRules } from './rules.ts';

/** How a field value is merged. */
export type Shape = 'omit' | 'literal' | 'object' | 'objects';

/**
 * Decides how a value merges at `path`: dropped, replaced whole (literals, `wholeListMerge`, arrays holding
 * anything but objects), merged field by field (objects) or merged by `id` (arrays of objects).
 */
export function shapeOf(value: Json, path: readonly string[], rules: MergeRules): Shape {
  const declared = rules.at(path);
  if (declared.has('omitWhenMerged')) return 'omit';
  if (declared.has('wholeListMerge')) return 'literal';
  if (Array.isArray(value)) return value.every(isObject) ? 'objects' : 'literal';
  return isObject(value) ? 'object' : 'literal';
}

/** The identity of an object in an array merged by identifier: its `id`, compared as a string. */
export function identityOf(item: JsonObject): string | undefined {
  const id = Object.hasOwn(item, 'id') ? item.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
