/**
 * The versioned release: every field's value replaced by its history, one versioned value
 * `{ releaseID, releaseDate, releaseTag, value }` per release that changed it.
 * Built as a small typed tree first, so a history array is never mistaken for an array of objects.
 */
import { mergeObject } from './fields.ts';
import { cloneJson, isObject, type Json, type JsonObject, jsonEqual, setOwn } from './json.ts';
import type { MergeRules } from './rules.ts';
import { contributes, identityOf, itemContributes, shapeOf } from './shape.ts';

/** One value of a field, and the release it came from. */
export interface VersionedValue {
  releaseID: Json;
  releaseDate: Json;
  releaseTag: Json;
  value: Json;
}

type Node = History | Branch | Items;
interface History {
  kind: 'history';
  entries: VersionedValue[];
}
interface Branch {
  kind: 'object';
  fields: Map<string, Node>;
}
interface Items {
  kind: 'items';
  /** Objects merged by identifier; `id` is kept as-is, not versioned. */
  items: { identity: string | undefined; id: Json | undefined; node: Branch }[];
}

type Meta = Omit<VersionedValue, 'value'>;

/** Builds the versioned release from releases already sorted by date. `ocid` is kept as-is, not versioned. */
export function versionReleases(sorted: readonly JsonObject[], rules: MergeRules): JsonObject {
  const root: Branch = { kind: 'object', fields: new Map() };
  let ocid: Json = null;
  for (const release of sorted) {
    const { ocid: releaseOcid, tag, ...fields } = release;
    ocid = releaseOcid ?? null;
    const meta: Meta = { releaseID: release.id ?? null, releaseDate: release.date ?? null, releaseTag: tag ?? null };
    versionObject(root, fields, [], rules, meta, false);
  }
  return { ocid, ...serialize(root) };
}

function versionObject(output: Branch, input: JsonObject, path: readonly string[], rules: MergeRules, meta: Meta, inList: boolean): void {
  for (const [key, value] of Object.entries(input)) {
    // The `id` of an object merged by identifier identifies it: kept as-is, never versioned
    // (`versionId` on such a field is ignored, as the merging specification says).
    if (inList && key === 'id' && identityOf(input) !== undefined) continue;
    const fieldPath = [...path, key];
    const shape = shapeOf(value, fieldPath, rules);
    if (shape === 'omit') continue;
    const current = output.fields.get(key);
    if (rules.at(fieldPath).has('wholeValue') && isObject(value)) {
      versionWhole(output, key, value, fieldPath, rules, meta);
    } else if (value === null && current && current.kind !== 'history') {
      // A whole object (or list) removed: every value under it becomes null from this release on.
      closeLeaves(current, meta);
    } else if (shape === 'literal') {
      const history = current?.kind === 'history' ? current : { kind: 'history' as const, entries: [] };
      output.fields.set(key, history);
      const last = history.entries.at(-1);
      if (!last || !jsonEqual(last.value, value)) history.entries.push({ ...meta, value: cloneJson(value) });
    } else if (shape === 'object') {
      // Nothing but empty containers: no empty branch is left behind (as in the compiled release).
      if (!contributes(value, fieldPath, rules)) continue;
      const branch: Branch = current?.kind === 'object' ? current : { kind: 'object', fields: new Map() };
      output.fields.set(key, branch);
      versionObject(branch, value as JsonObject, fieldPath, rules, meta, false);
    } else {
      if (!contributes(value, fieldPath, rules)) continue;
      const items: Items = current?.kind === 'items' ? current : { kind: 'items', items: [] };
      output.fields.set(key, items);
      for (const item of value as JsonObject[]) versionItem(items, item, fieldPath, rules, meta);
    }
  }
}

/**
 * An object the schema versions as one value (`wholeValue`, e.g. `parties[].details`): its history holds
 * the object as compiled so far (merged field by field, as in the compiled release), appended when it changes.
 */
function versionWhole(output: Branch, key: string, value: JsonObject, path: readonly string[], rules: MergeRules, meta: Meta): void {
  if (!contributes(value, path, rules)) return;
  const current = output.fields.get(key);
  const history = current?.kind === 'history' ? current : { kind: 'history' as const, entries: [] };
  output.fields.set(key, history);
  const last = history.entries.at(-1)?.value;
  const next: JsonObject = isObject(last) ? cloneJson(last) : {};
  mergeObject(next, value, path, rules);
  if (last === undefined || !jsonEqual(last, next)) history.entries.push({ ...meta, value: next });
}

function versionItem(list: Items, item: JsonObject, path: readonly string[], rules: MergeRules, meta: Meta): void {
  if (!itemContributes(item, path, rules)) return;
  const identity = identityOf(item);
  let entry = identity === undefined ? undefined : list.items.find((i) => i.identity === identity);
  if (!entry) {
    entry = { identity, id: identity === undefined ? undefined : item.id, node: { kind: 'object', fields: new Map() } };
    list.items.push(entry);
  }
  versionObject(entry.node, item, path, rules, meta, true);
}

function closeLeaves(node: Node, meta: Meta): void {
  if (node.kind === 'history') {
    if (node.entries.at(-1)?.value !== null) node.entries.push({ ...meta, value: null });
  } else if (node.kind === 'object') {
    for (const child of node.fields.values()) closeLeaves(child, meta);
  } else {
    for (const item of node.items) closeLeaves(item.node, meta);
  }
}

function serialize(node: Branch): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of node.fields) setOwn(out, key, serializeNode(child));
  return out;
}

function serializeNode(node: Node): Json {
  if (node.kind === 'history') return node.entries as unknown as Json;
  if (node.kind === 'object') return serialize(node);
  return node.items.map((item) => (item.id === undefined ? serialize(item.node) : { id: item.id, ...serialize(item.node) }));
}
