/**
 * `pxg ocds export`: standard records → OCDS, as the gateway publishes it (the OCDS adapter's packages,
 * declaring the project's extension). Records come from files or folders of standard records (JSON,
 * arrays, envelopes or NDJSON) or from a running gateway's pull feed (`--from <url> --subscription <id>`,
 * key in `--key` or PXG_API_KEY). E-marketplace transactions have no OCDS form and are skipped (counted).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapterById } from '../../../adapters/registry.ts';
import type { Command } from '../command.ts';
import { parseJsonSequence } from '../json-sequence.ts';

/** The usage line of `pxg ocds export`. */
export const EXPORT_USAGE =
  'usage: pxg ocds export [--package release|record|versioned] [--jsonl] [--out <file>] [--publisher <name>]\n' +
  '         [--uri-base <url>] [--public-url <url>] (<file|folder|->... | --from <gateway-url> --subscription <id> [--key <key>])';

interface ExportOptions {
  package: 'release' | 'record' | 'versioned';
  jsonl: boolean;
  out?: string;
  publisher: string;
  uriBase?: string;
  publicUrl?: string;
  inputs: string[];
  from?: string;
  subscription?: string;
  key?: string;
}

/** The `ocds export` sub-command. */
export const ocdsExport: Command = async (args) => {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(EXPORT_USAGE);
    return 0;
  }
  const options = parseExportOptions(args);
  if (!options) {
    console.error(EXPORT_USAGE);
    return 2;
  }
  const progress = progressOnTty();
  let items: unknown[];
  try {
    items = options.from ? await fromGateway(options, progress) : fromFiles(options.inputs, progress);
  } catch (error) {
    progress.done();
    console.error(`pxg ocds export: ${(error as Error).message}`);
    return 1;
  }
  const notices = items.filter((item) => recordTypeOf(item) === 'notice');
  const skipped = items.length - notices.length;
  progress.update(`mapping ${notices.length} notices to OCDS…`);
  const ocds = adapterById('ocds')!;
  const base = options.uriBase ?? options.publicUrl ?? 'https://procurement-exchange.example/';
  const config: Record<string, unknown> = {
    publisher: { name: options.publisher },
    uriBase: new URL('ocds/', base.replace(/\/?$/, '/')).href,
    package: options.package === 'release' ? 'release' : 'record',
    versioned: options.package === 'versioned',
  };
  if (options.publicUrl) config.extensionUrl = new URL('public/ocds/extension/extension.json', options.publicUrl.replace(/\/?$/, '/')).href;
  if (notices.length === 0) {
    progress.done();
    console.error(`pxg ocds export: no notices to export${skipped ? ` (${skipped} other records skipped)` : ''}`);
    return 1;
  }
  const result = ocds.outbound!(notices as never, { systemId: 'pxg-cli', config });
  progress.done();
  if (!result.ok) {
    console.error(`pxg ocds export: ${result.error.code}${result.error.detail ? `: ${result.error.detail.en}` : ''}`);
    return 1;
  }
  const pkg = JSON.parse(String(result.body)) as { releases?: unknown[]; records?: unknown[] };
  const text = options.jsonl ? `${(pkg.releases ?? pkg.records ?? []).map((r) => JSON.stringify(r)).join('\n')}\n` : String(result.body);
  if (options.out) writeFileSync(options.out, text);
  else process.stdout.write(text);
  if (skipped > 0) console.error(`pxg ocds export: ${skipped} records that are not notices skipped (no OCDS form)`);
  return 0;
};

function recordTypeOf(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return undefined;
  const data = (item as { data?: unknown }).data;
  const record = typeof data === 'object' && data !== null && 'specversion' in item ? data : item;
  return (record as { recordType?: unknown }).recordType;
}

/** Standard records from files and folders (recursively: *.json, *.ndjson, *.jsonl); `-` is stdin. */
function fromFiles(inputs: string[], progress: Progress): unknown[] {
  const files = inputs.flatMap(expand);
  const items: unknown[] = [];
  for (const [i, file] of files.entries()) {
    const parsed = parseJsonSequence(readFileSync(file === '-' ? 0 : file, 'utf8'));
    if (!parsed.ok) throw new Error(`${file} is not JSON: ${parsed.message}`);
    for (const value of parsed.values) items.push(...(Array.isArray(value) ? value : [value]));
    progress.update(`read ${i + 1}/${files.length} files, ${items.length} records`);
  }
  return items;
}

function expand(path: string): string[] {
  if (path === '-' || !statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const full = join(path, name);
      if (statSync(full).isDirectory()) return expand(full);
      return /\.(json|ndjson|jsonl)$/.test(name) ? [full] : [];
    });
}

/** The events of a pull subscription, page by page, until the feed has nothing more. */
async function fromGateway(options: ExportOptions, progress: Progress): Promise<unknown[]> {
  const items: unknown[] = [];
  let after: string | number | undefined;
  for (;;) {
    const url = new URL(`v1/feeds/${encodeURIComponent(options.subscription!)}`, options.from!.replace(/\/?$/, '/'));
    url.searchParams.set('limit', '500');
    if (after !== undefined) url.searchParams.set('after', String(after));
    const response = await fetch(url, { headers: { authorization: `Bearer ${options.key}`, accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url.href} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const page = (await response.json()) as { events?: unknown[]; next?: string | number | null };
    const events = page.events ?? [];
    items.push(...events);
    progress.update(`fetched ${items.length} records`);
    if (events.length === 0 || page.next === undefined || page.next === null || page.next === after) return items;
    after = page.next;
  }
}

interface Progress {
  update(message: string): void;
  done(): void;
}

/** A one-line progress indicator on stderr, only when stderr is a terminal (never in pipes or logs). */
function progressOnTty(): Progress {
  if (!process.stderr.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(message) {
      process.stderr.write(`\r\x1b[2K${message}`);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

function parseExportOptions(args: string[]): ExportOptions | undefined {
  const options: ExportOptions = { package: 'release', jsonl: false, publisher: 'Procurement Exchange', inputs: [] };
  const value = (i: number) => args[i + 1];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--jsonl') options.jsonl = true;
    else if (arg === '--package' && ['release', 'record', 'versioned'].includes(value(i) ?? ''))
      options.package = args[++i] as ExportOptions['package'];
    else if (arg === '--out' && value(i)) options.out = args[++i];
    else if (arg === '--publisher' && value(i)) options.publisher = args[++i]!;
    else if (arg === '--uri-base' && value(i)) options.uriBase = args[++i];
    else if (arg === '--public-url' && value(i)) options.publicUrl = args[++i];
    else if (arg === '--from' && value(i)) options.from = args[++i];
    else if (arg === '--subscription' && value(i)) options.subscription = args[++i];
    else if (arg === '--key' && value(i)) options.key = args[++i];
    else if (arg === '-' || !arg.startsWith('--')) options.inputs.push(arg);
    else return undefined;
  }
  options.key ??= process.env.PXG_API_KEY;
  options.publicUrl ??= process.env.PXG_PUBLIC_URL || undefined;
  if (options.from) return options.subscription && options.key && options.inputs.length === 0 ? options : undefined;
  return options.inputs.length > 0 ? options : undefined;
}
