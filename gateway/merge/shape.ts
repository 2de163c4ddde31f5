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

/**
 * Whether a value at `path` changes anything when merged. Empty objects and arrays change nothing, and
 * neither do containers holding only such (`{"budget": {}}`, `[{}]`), at any depth: the reference
 * implementation flattens a release to its leaves, and these have none. An explicit `null` is a leaf
 * (it clears a field), so a parent holding one does contribute.
 */
export function contributes(value: Json, path: readonly string[], rules: MergeRules): boolean {
  const shape = shapeOf(value, path, rules);
  if (shape === 'omit') return false;
  if (value === null || shape === 'literal') return true;
  if (shape === 'object') return Object.entries(value as JsonObject).some(([key, child]) => contributes(child, [...path, key], rules));
  return (value as JsonObject[]).some((item) => itemContributes(item, path, rules));
}

/** Whether one object of an array merged by identifier contributes anything (its fields live at `path`). */
export function itemContributes(item: JsonObject, path: readonly string[], rules: MergeRules): boolean {
  return Object.entries(item).some(([key, child]) => contributes(child, [...path, key], rules));
}

/** The identity of an object in an array merged by identifier: its `id`, compared as a string. */
export function identityOf(item: JsonObject): string | undefined {
  const id = Object.hasOwn(item, 'id') ? item.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}
