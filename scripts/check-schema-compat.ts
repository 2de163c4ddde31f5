/**
 * Schema compatibility check (BACKWARD_TRANSITIVE, see docs/standard-versioning.md): every schema
 * version must accept every record that any earlier version accepted. v1 is compared with its
 * release snapshot schemas/v1/.compat-baseline.json; v2 and later with every earlier version.
 *
 *   check-schema-compat.ts              exit 1 and list the breaking changes, if any
 *   check-schema-compat.ts --snapshot   (re)write the baseline of the newest version, at its release
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Schema = Record<string, unknown>;

/** One change that could make a valid old record invalid. */
export interface BreakingChange {
  version: string;
  against: string;
  file: string;
  pointer: string;
  change: string;
}

/** Keywords that only annotate: they may change freely. */
const ANNOTATIONS = new Set(['title', 'description', 'x-title-zh', 'x-description-zh', 'x-codelist', '$comment', 'examples', 'default']);
const SCHEMA_FILE = /\.schema\.json$/;
const BASELINE = '.compat-baseline.json';
/**
 * Deliberate narrowings of a released version, each with its reason (e.g. refusing values that could
 * never be stored exactly or shown safely). A waiver names the exact change it allows; anything else still fails.
 */
const WAIVERS = '.compat-waivers.json';

/** A narrowing accepted on purpose. */
interface Waiver {
  file: string;
  pointer: string;
  change: string;
  reason: string;
}

const asSchema = (v: unknown): Schema | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Schema) : undefined);
const types = (s: Schema): Set<string> | undefined =>
  s.type === undefined ? undefined : new Set(([] as string[]).concat(s.type as string));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Lower bounds that may only fall and upper bounds that may only rise. */
const LOWER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxDecimals'];
/** Keywords whose change cannot be proven safe by this check. */
const EXACT = ['pattern', 'format', 'const', '$ref', 'uniqueItems', 'multipleOf'];

/** Compares an old schema node with the new one; returns each change that narrows what is accepted. */
export function compareSchemas(before: unknown, after: unknown, pointer = ''): { pointer: string; change: string }[] {
  const out: { pointer: string; change: string }[] = [];
  const a = asSchema(before);
  const b = asSchema(after);
  if (!a) return out;
  if (!b) return [{ pointer, change: 'schema removed' }];
  const ta = types(a);
  const tb = types(b);
  if (tb && (!ta || [...ta].some((t) => !tb.has(t) && !(t === 'integer' && tb.has('number'))))) {
    out.push({ pointer, change: `type narrowed from ${ta ? [...ta].join('|') : 'any'} to ${[...tb].join('|')}` });
  }
  for (const k of LOWER)
    if (typeof b[k] === 'number' && (typeof a[k] !== 'number' || (b[k] as number) > (a[k] as number)))
      out.push({ pointer, change: `${k} raised to ${b[k]}` });
  for (const k of UPPER)
    if (typeof b[k] === 'number' && (typeof a[k] !== 'number' || (b[k] as number) < (a[k] as number)))
      out.push({ pointer, change: `${k} lowered to ${b[k]}` });
  for (const k of EXACT)
    if (b[k] !== undefined && !same(a[k], b[k])) out.push({ pointer, change: `${k} changed to ${JSON.stringify(b[k])}` });
  if (Array.isArray(b.enum)) {
    const kept = new Set((b.enum as unknown[]).map((v) => JSON.stringify(v)));
    if (!Array.isArray(a.enum)) out.push({ pointer, change: 'enum added' });
    else
      for (const v of a.enum as unknown[])
        if (!kept.has(JSON.stringify(v))) out.push({ pointer, change: `enum value ${JSON.stringify(v)} removed` });
  }
  const requiredBefore = new Set((a.required as string[] | undefined) ?? []);
  for (const r of (b.required as string[] | undefined) ?? [])
    if (!requiredBefore.has(r)) out.push({ pointer, change: `new required property '${r}'` });
  if (b.additionalProperties === false && a.additionalProperties !== false)
    out.push({ pointer, change: 'additional properties no longer allowed' });
  const pa = asSchema(a.properties) ?? {};
  const pb = asSchema(b.properties) ?? {};
  for (const name of Object.keys(pa)) {
    const at = `${pointer}/properties/${name}`;
    if (!(name in pb)) out.push({ pointer: at, change: `property '${name}' removed` });
    else out.push(...compareSchemas(pa[name], pb[name], at));
  }
  for (const key of ['items', 'additionalProperties', 'if', 'then', 'else', 'not']) {
    if (asSchema(b[key]) && !asSchema(a[key]) && key !== 'if') out.push({ pointer, change: `'${key}' added` });
    if (asSchema(a[key])) out.push(...compareSchemas(a[key], b[key], `${pointer}/${key}`));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const la = (a[key] as unknown[] | undefined) ?? [];
    const lb = (b[key] as unknown[] | undefined) ?? [];
    if (key === 'allOf' ? lb.length > la.length : lb.length < la.length)
      out.push({ pointer, change: `${key} entries ${key === 'allOf' ? 'added' : 'removed'}` });
    la.forEach((sub, i) => {
      out.push(...compareSchemas(sub, lb[i], `${pointer}/${key}/${i}`));
    });
  }
  const da = asSchema(a.$defs) ?? {};
  const db = asSchema(b.$defs) ?? {};
  for (const name of Object.keys(da)) out.push(...compareSchemas(da[name], db[name], `${pointer}/$defs/${name}`));
  for (const key of Object.keys(b)) {
    if (
      !(key in a) &&
      !ANNOTATIONS.has(key) &&
      ![
        'properties',
        '$defs',
        'required',
        'enum',
        'type',
        'additionalProperties',
        ...LOWER,
        ...UPPER,
        ...EXACT,
        'items',
        'if',
        'then',
        'else',
        'not',
        'allOf',
        'anyOf',
        'oneOf',
        '$schema',
        '$id',
      ].includes(key)
    ) {
      out.push({ pointer, change: `keyword '${key}' added` });
    }
  }
  return out;
}

/** Removes annotations, keeping only what validates: the form stored in baselines. */
export function stripAnnotations(value: unknown, underProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => stripAnnotations(v));
  const s = asSchema(value);
  if (!s) return value;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    // Inside `properties` the keys are field names, which may be called `title` or `description`.
    if (!underProperties && ANNOTATIONS.has(k)) continue;
    out[k] = stripAnnotations(v, !underProperties && (k === 'properties' || k === '$defs'));
  }
  return out;
}

/** The schema files of one version directory (file name → stripped schema). */
export function readVersion(dir: string): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const f of readdirSync(dir)
    .filter((f) => SCHEMA_FILE.test(f))
    .sort())
    files[f] = stripAnnotations(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
  return files;
}

function compareVersions(
  version: string,
  against: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): BreakingChange[] {
  const out: BreakingChange[] = [];
  for (const [file, schema] of Object.entries(before)) {
    if (!(file in after)) out.push({ version, against, file, pointer: '', change: 'schema file removed' });
    else for (const c of compareSchemas(schema, after[file])) out.push({ version, against, file, ...c });
  }
  return out;
}

/** Version directories (v1, v2, …) of a schemas directory, oldest first. */
export function versionsOf(schemasDir: string): string[] {
  return readdirSync(schemasDir)
    .filter((d) => /^v\d+$/.test(d))
    .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)));
}

/** Runs the whole check over a schemas directory. */
export function checkCompatibility(schemasDir: string): BreakingChange[] {
  const versions = versionsOf(schemasDir);
  const out: BreakingChange[] = [];
  versions.forEach((version, i) => {
    const current = readVersion(`${schemasDir}/${version}`);
    const baseline = `${schemasDir}/${version}/${BASELINE}`;
    if (existsSync(baseline)) {
      out.push(
        ...compareVersions(
          version,
          `${version} baseline`,
          (JSON.parse(readFileSync(baseline, 'utf8')) as { files: Record<string, unknown> }).files,
          current,
        ),
      );
    }
    for (const earlier of versions.slice(0, i))
      out.push(...compareVersions(version, earlier, readVersion(`${schemasDir}/${earlier}`), current));
  });
  return out.filter(
    (c) => !waiversOf(schemasDir, c.version).some((w) => w.file === c.file && w.pointer === c.pointer && w.change === c.change),
  );
}

/** The waivers of a version (none when it has no waiver file). */
function waiversOf(schemasDir: string, version: string): Waiver[] {
  const file = `${schemasDir}/${version}/${WAIVERS}`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { waivers: Waiver[] }).waivers : [];
}

/** Writes the release baseline of a version. */
export function snapshot(schemasDir: string, version: string): void {
  const body = {
    version,
    note: 'Release snapshot used by scripts/check-schema-compat.ts; rewrite only when releasing this version.',
    files: readVersion(`${schemasDir}/${version}`),
  };
  writeFileSync(`${schemasDir}/${version}/${BASELINE}`, `${JSON.stringify(body, null, 1)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dir = fileURLToPath(new URL('../schemas', import.meta.url));
  if (process.argv.includes('--snapshot')) {
    const newest = versionsOf(dir).at(-1) as string;
    snapshot(dir, newest);
    console.log(`wrote the ${newest} baseline`);
  } else {
    const breaking = checkCompatibility(dir);
    for (const b of breaking) console.error(`${b.version} vs ${b.against}: ${b.file}#${b.pointer}: ${b.change}`);
    console.log(
      breaking.length === 0 ? `schemas are backward compatible (${versionsOf(dir).join(', ')})` : `${breaking.length} breaking change(s)`,
    );
    process.exitCode = breaking.length === 0 ? 0 : 1;
  }
}
