/**
 * The field-by-field merge of the compiled release, shared by `compileReleases` and by the versioned
 * release (which keeps the compiled value of an object the schema versions as one value).
 */
import { cloneJson, getOwn, isObject, type Json, type JsonObject, setOwn } from './json.ts';
import type { MergeRules } from './rules.ts';
import { contributes, identityOf, itemContributes, shapeOf } from './shape.ts';

/** Merges the fields of `input` (found at `path`) into `output`, by the OCDS merge rules. */
export function mergeObject(output: JsonObject, input: JsonObject, path: readonly string[], rules: MergeRules): void {
  for (const [key, value] of Object.entries(input)) {
    const fieldPath = [...path, key];
    const shape = shapeOf(value, fieldPath, rules);
    if (shape === 'omit') continue;
    const current = getOwn(output, key);
    if (value === null) {
      delete output[key];
    } else if (shape === 'literal') {
      setOwn(output, key, cloneJson(value));
    } else if (shape === 'object') {
      // An empty object, or one holding only empty containers, changes nothing (no empty shell is left).
      if (!contributes(value, fieldPath, rules)) continue;
      const target = isObject(current) ? current : {};
      setOwn(output, key, target);
      mergeObject(target, value as JsonObject, fieldPath, rules);
    } else {
      if (!contributes(value, fieldPath, rules)) continue;
      const target = Array.isArray(current) ? current : [];
      setOwn(output, key, target);
      mergeById(target, value as JsonObject[], fieldPath, rules);
    }
  }
}

function mergeById(output: Json[], input: readonly JsonObject[], path: readonly string[], rules: MergeRules): void {
  for (const item of input) {
    if (!itemContributes(item, path, rules)) continue;
    const identity = identityOf(item);
    // Objects without an id never match, so each is appended.
    const match = identity === undefined ? undefined : output.find((o) => isObject(o) && identityOf(o) === identity);
    if (isObject(match)) {
      mergeObject(match, item, path, rules);
    } else {
      const fresh: JsonObject = {};
      output.push(fresh);
      mergeObject(fresh, item, path, rules);
    }
  }
}
