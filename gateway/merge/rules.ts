/**
 * Merge rules read from a release schema: which fields are dropped when merging (`omitWhenMerged`),
 * which arrays are replaced whole (`wholeListMerge`, or arrays that cannot be merged by `id`), and
 * which `id` fields are plain versioned values (`versionId`), and which objects are versioned as one
 * value because the schema lists no fields for them (`wholeValue`).
 * See https://standard.open-contracting.org/1.1/en/schema/merging/
 */

/**
 * A merge rule a schema can declare on a field. `wholeValue` is implied, not declared: an object the
 * schema does not describe field by field (`type: object` without `properties`, such as
 * `Organization.details`) is one value in a versioned release, as OCDS's versioned-release schema
 * (generated from the release schema) versions it.
 */
export type MergeRule = 'omitWhenMerged' | 'wholeListMerge' | 'versionId' | 'wholeValue';

/** The rules of one release schema, by field path (object keys only, array positions left out). */
export interface MergeRules {
  /** The rules declared on the field at `path` (e.g. `['tender', 'items', 'additionalClassifications']`). */
  at(path: readonly string[]): ReadonlySet<MergeRule>;
  /** Every path that carries a rule, as `a/b/c` keys: for documentation and tests. */
  entries(): ReadonlyMap<string, ReadonlySet<MergeRule>>;
}

type SchemaNode = Record<string, unknown>;

const NO_RULES: ReadonlySet<MergeRule> = new Set();

/** Reads the merge rules of a (JSON Schema draft-04 style) release schema, resolving its local `$ref`s. */
export function mergeRulesFrom(schema: unknown): MergeRules {
  if (!isNode(schema)) throw new TypeError('a release schema must be a JSON object');
  const rules = new Map<string, Set<MergeRule>>();
  const properties = deref(schema, schema).properties;
  if (isNode(properties)) collect(schema, properties, [], rules, new Set());
  return {
    at: (path) => rules.get(keyOf(path)) ?? NO_RULES,
    entries: () => rules,
  };
}

/** The map key of a field path; `/` inside a key cannot collide because keys are escaped as in JSON Pointer. */
export function keyOf(path: readonly string[]): string {
  return path.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

function collect(
  root: SchemaNode,
  properties: SchemaNode,
  path: string[],
  rules: Map<string, Set<MergeRule>>,
  resolving: Set<string>,
): void {
  for (const [name, raw] of Object.entries(properties)) {
    if (!isNode(raw)) continue;
    const field = deref(root, raw);
    const fieldPath = [...path, name];
    const found = new Set<MergeRule>();
    const types = typesOf(field);
    // Legacy OCDS 1.0 spellings: mergeStrategy ocdsOmit / ocdsVersion.
    if (field.omitWhenMerged === true || field.mergeStrategy === 'ocdsOmit') {
      found.add('omitWhenMerged');
    } else if (types.includes('array') && (field.wholeListMerge === true || field.mergeStrategy === 'ocdsVersion')) {
      found.add('wholeListMerge');
    } else if (types.includes('object') && isNode(field.properties)) {
      descend(root, raw, field.properties, fieldPath, rules, resolving);
    } else if (types.includes('object') && !types.includes('array')) {
      found.add('wholeValue');
    } else if (types.includes('array') && isNode(field.items)) {
      const items = deref(root, field.items);
      const itemTypes = typesOf(items);
      if (itemTypes.some((t) => t !== 'object')) {
        found.add('wholeListMerge');
      } else if (itemTypes.includes('object') && isNode(items.properties)) {
        // Objects without an `id` cannot be matched across releases, so the list is replaced whole.
        if (!('id' in items.properties)) found.add('wholeListMerge');
        else descend(root, field.items, items.properties, fieldPath, rules, resolving);
      }
    }
    if (field.versionId === true) found.add('versionId');
    if (found.size > 0) rules.set(keyOf(fieldPath), found);
  }
}

/** Recurses into nested properties, refusing to follow a `$ref` cycle forever. */
function descend(
  root: SchemaNode,
  raw: SchemaNode,
  properties: SchemaNode,
  path: string[],
  rules: Map<string, Set<MergeRule>>,
  resolving: Set<string>,
): void {
  const ref = typeof raw.$ref === 'string' ? raw.$ref : undefined;
  if (ref && resolving.has(ref)) return;
  if (ref) resolving.add(ref);
  collect(root, properties, path, rules, resolving);
  if (ref) resolving.delete(ref);
}

/** Follows a local `$ref` (`#/definitions/Tender`); a schema node without one is returned as is. */
function deref(root: SchemaNode, node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
    const target = resolvePointer(root, current.$ref);
    if (!target) throw new Error(`unresolvable $ref in release schema: ${current.$ref}`);
    current = target;
  }
  return current;
}

function resolvePointer(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const part = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isNode(node) ? node[part] : undefined;
  }
  return isNode(node) ? node : undefined;
}

function typesOf(node: SchemaNode): string[] {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type.filter((t): t is string => typeof t === 'string');
  return [];
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
