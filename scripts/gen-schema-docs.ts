/**
 * Generates schemas/README.md, the bilingual field reference of the v1 standard, from the schema
 * files, codelists and rule metadata. `npm run docs:schemas` writes it; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codelistNames, loadCodelist, rules } from '../gateway/standard/index.ts';
import { readSchema, SCHEMA_FILES } from '../gateway/standard/schemas.ts';

/** Where the generated reference is written. */
export const DOCS_PATH = fileURLToPath(new URL('../schemas/README.md', import.meta.url));

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  $defs?: Record<string, Schema>;
  allOf?: Schema[];
};

const cell = (text: unknown): string =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

/** Name of the definition a `$ref` points at, as a link to its section. */
function refLink(ref: string): string {
  const name = ref.split('/').pop() ?? ref;
  if (name.endsWith('.schema.json')) return `[${name}](#${name.replace(/\W/g, '').toLowerCase()})`;
  return `[${name}](#${name.toLowerCase()})`;
}

/** Short type description of a property schema. */
function typeOf(s: Schema): string {
  if (s.$ref) return refLink(s.$ref);
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.enum)) {
    const list = s['x-codelist'] ? ` (codelist [${s['x-codelist']}](#codelist-${String(s['x-codelist']).toLowerCase()}))` : '';
    return `${(s.enum as unknown[]).map((v) => `\`${v}\``).join(' ')}${list}`;
  }
  if (s.type === 'array' && s.items) return `array of ${typeOf(s.items)}`;
  if (Array.isArray(s.oneOf)) return (s.oneOf as Schema[]).map(typeOf).join(' or ');
  const type = String(s.type ?? 'any');
  const extras: string[] = [];
  if (s.format) extras.push(`format ${s.format}`);
  if (s.pattern) extras.push(`pattern \`${s.pattern}\``);
  if (s.maxDecimals !== undefined) extras.push(`≤ ${s.maxDecimals} decimals`);
  return extras.length ? `${type} (${extras.join(', ')})` : type;
}

/** A table of the properties of one object schema. */
function propertyTable(s: Schema): string[] {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const rows = Object.entries(props).map(([name, p]) => {
    const zh = `${cell(p['x-title-zh'])}：${cell(p['x-description-zh'])}`;
    const en = `${cell(p.title)}: ${cell(p.description)}`;
    return `| \`${name}\` | ${required.has(name) ? '✓' : ''} | ${cell(typeOf(p))} | ${zh} | ${en} |`;
  });
  return ['| 字段 Field | 必填 Required | 类型 Type | 中文 | English |', '| --- | --- | --- | --- | --- |', ...rows];
}

function heading(level: number, s: Schema, fallback: string): string {
  const en = String(s.title ?? fallback);
  return `${'#'.repeat(level)} ${en} · ${s['x-title-zh'] ?? ''}`;
}

function describe(s: Schema): string[] {
  return [`${s['x-description-zh'] ?? ''}`, '', `${s.description ?? ''}`, ''];
}

/** Lists what each subtype adds to the required fields, read from the allOf if/then branches. */
function conditionalRequirements(s: Schema, discriminator: string): string[] {
  const rows: string[] = [];
  for (const branch of s.allOf ?? []) {
    const cond = (branch.if as Schema | undefined)?.properties?.[discriminator]?.const;
    const then = branch.then as Schema | undefined;
    if (cond === undefined || !then) continue;
    const parts = (then.required ?? []).map((field) => {
      const nested = then.properties?.[field];
      const inner = nested?.required ?? (nested?.items as Schema | undefined)?.required;
      return inner ? `\`${field}\` (${inner.map((f) => `\`${f}\``).join(', ')})` : `\`${field}\``;
    });
    rows.push(`| \`${cond}\` | ${parts.join(', ')} |`);
  }
  const always = ((s.else as Schema | undefined)?.required ?? []).map((f) => `\`${f}\``).join(', ');
  const intro = always
    ? [
        `撤回（operation = withdraw）只需记录头；其余操作另须 ${always}，并按类型另须下表字段。`,
        '',
        `A withdrawal (operation = withdraw) needs the header only; other operations also require ${always}, plus the fields below by type.`,
        '',
      ]
    : [];
  return rows.length ? [...intro, `| ${discriminator} | 另须填写 Also required |`, '| --- | --- |', ...rows, ''] : [];
}

function schemaSection(file: string): string[] {
  const s = readSchema(file) as Schema;
  const out: string[] = [`## ${file}`, '', `\`$id\`: \`${s.$id}\``, ''];
  if (s.properties) {
    out.push(heading(3, s, file), '', ...describe(s), ...propertyTable(s), '');
    const discriminator = file.startsWith('notice') ? 'noticeType' : file.startsWith('transaction') ? 'transactionType' : undefined;
    if (discriminator) out.push(...conditionalRequirements(s, discriminator));
  }
  for (const [name, def] of Object.entries(s.$defs ?? {})) {
    out.push(`### ${name}`, '', `**${def.title ?? name} · ${def['x-title-zh'] ?? ''}**`, '', ...describe(def));
    if (def.properties) out.push(...propertyTable(def), '');
    else out.push(`类型 Type: ${cell(typeOf(def))}`, '');
  }
  return out;
}

function codelistSection(): string[] {
  const out = ['## Codelists · 代码表', ''];
  for (const name of codelistNames()) {
    const list = loadCodelist(name);
    const extras = [...new Set(list.codes.flatMap((c) => Object.keys(c).filter((k) => !['code', 'zh', 'en'].includes(k))))];
    out.push(`### Codelist ${name}`, '', `**${list.title.en} · ${list.title.zh}** — ${list.source}`, '');
    out.push(
      `| code | 中文 | English |${extras.map((e) => ` ${e} |`).join('')}`,
      `| --- | --- | --- |${extras.map(() => ' --- |').join('')}`,
    );
    for (const c of list.codes)
      out.push(`| \`${c.code}\` | ${cell(c.zh)} | ${cell(c.en)} |${extras.map((e) => ` ${cell(c[e])} |`).join('')}`);
    out.push('');
  }
  return out;
}

function rulesSection(): string[] {
  const out = [
    '## Compliance rules · 合规规则',
    '',
    '规则在结构校验通过后执行；error 拒收记录，warning 仅提示。需要上下文的规则在没有同一采购项目（订单）其他记录时跳过。',
    '',
    'Rules run after the schema passes; errors reject the record, warnings are reported only. Rules that need context are skipped when the other records of the process (order) are not supplied.',
    '',
    '| id | severity | applies to | context | 中文 | English | citation |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    out.push(
      `| ${r.id} | ${r.severity} | ${cell(r.appliesTo)} | ${r.needsContext ? '✓' : ''} | ${cell(r.message.zh)} | ${cell(r.message.en)} | ${cell(r.citation)} |`,
    );
  }
  return [...out, ''];
}

/** Renders the whole reference as Markdown. */
export function renderSchemaDocs(): string {
  const lines = [
    '# 统一数据标准 v1 字段参考 · Unified data standard v1: field reference',
    '',
    '<!-- Generated by scripts/gen-schema-docs.ts from schemas/v1: do not edit; run `npm run docs:schemas`. -->',
    '',
    '本文件由 schemas/v1 中的 JSON Schema、代码表与合规规则自动生成。See docs/standard.md for the design and docs/standard-versioning.md for the compatibility policy.',
    '',
    ...SCHEMA_FILES.flatMap(schemaSection),
    ...codelistSection(),
    ...rulesSection(),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  writeFileSync(DOCS_PATH, renderSchemaDocs());
  console.log(`wrote ${DOCS_PATH}`);
}
