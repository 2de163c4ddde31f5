/**
 * `pxg reconcile --system ID --date YYYY-MM-DD <--receipts DIR | --records SOURCE | --export FILE --adapter ID>`:
 * builds the system's manifest of a day (对账清单: record id, version and sha-256 of the canonical record,
 * for every version it pushed) from kept receipts (those accepted that day, Asia/Shanghai), from its own
 * records (a file, a folder or stdin), or from a native export read through its adapter; posts it to
 * POST /v1/reconciliation/{systemId}/{date} and prints the difference. Exit 0 when both sides agree,
 * 1 when they differ, 2 on wrong usage or when the gateway refuses the request.
 */
import { parseArgs } from 'node:util';
import { createAdapterHost } from '../../../adapters/host.ts';
import { contentHash } from '../../core/index.ts';
import type { Command } from '../command.ts';
import { remoteFrom, send } from '../remote/client.ts';
import { recordsOf, sourceFiles } from '../remote/inputs.ts';
import { readKeptReceipts } from '../remote/receipts.ts';

const USAGE = `usage: pxg reconcile --system ID --date YYYY-MM-DD (--receipts DIR | --records <file|folder|-> | --export FILE --adapter ID [--adapter-config JSON] [--content-type TYPE])
                 [--url URL] [--key KEY] [--json]`;

/** One version of the manifest. */
interface Entry {
  recordId: string;
  version: number;
  contentHash: string;
}

const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The manifest entries of standard records (records without an id or version are reported). */
function entriesOfRecords(records: unknown[]): { entries: Entry[]; problems: string[] } {
  const entries: Entry[] = [];
  const problems: string[] = [];
  for (const [n, record] of records.entries()) {
    const r = record as Record<string, unknown> | null;
    if (!r || typeof r['id'] !== 'string' || !Number.isSafeInteger(r['version'])) problems.push(`record #${n} has no id or version`);
    else entries.push({ recordId: r['id'], version: r['version'] as number, contentHash: contentHash(r) });
  }
  return { entries, problems };
}

/** The manifest the flags describe. */
function manifest(flags: Record<string, string | boolean | undefined>, date: string): { entries: Entry[]; problems: string[] } {
  if (typeof flags['receipts'] === 'string') {
    const kept = readKeptReceipts(flags['receipts']);
    const entries = kept.receipts
      .map(({ receipt }) => receipt)
      .filter((r) => shanghaiDay.format(new Date(r.acceptedAt)) === date)
      .map((r) => ({ recordId: r.recordId, version: r.version, contentHash: r.contentHash }));
    return { entries, problems: kept.unreadable.map((f) => `no receipt in ${f}`) };
  }
  if (typeof flags['records'] === 'string') {
    const records: unknown[] = [];
    const problems: string[] = [];
    for (const file of sourceFiles(flags['records'])) {
      const read = recordsOf(file.label, file.bytes.toString('utf8'));
      records.push(...read.records);
      problems.push(...read.unreadable.map((u) => `${u.where}: ${u.reason}`));
    }
    const built = entriesOfRecords(records);
    return { entries: built.entries, problems: [...problems, ...built.problems] };
  }
  const [file] = sourceFiles(String(flags['export']));
  const config = typeof flags['adapter-config'] === 'string' ? (JSON.parse(flags['adapter-config']) as Record<string, unknown>) : {};
  const translated = createAdapterHost().inbound(String(flags['adapter']), {
    systemId: String(flags['system']),
    config,
    contentType: typeof flags['content-type'] === 'string' ? flags['content-type'] : undefined,
    body: new Uint8Array(file!.bytes),
  });
  if (!translated.ok)
    throw new Error(`the adapter cannot read ${file!.label}: ${translated.error.code} ${translated.error.detail?.en ?? ''}`);
  return entriesOfRecords(translated.records);
}

/** The `reconcile` command. */
export const reconcile: Command = async (args) => {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args,
      options: {
        system: { type: 'string' },
        date: { type: 'string' },
        receipts: { type: 'string' },
        records: { type: 'string' },
        export: { type: 'string' },
        adapter: { type: 'string' },
        'adapter-config': { type: 'string' },
        'content-type': { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
      },
    }).values;
    const sources = ['receipts', 'records', 'export'].filter((s) => flags[s] !== undefined);
    if (!flags['system'] || !/^\d{4}-\d{2}-\d{2}$/.test(String(flags['date'] ?? '')))
      throw new Error('--system and --date YYYY-MM-DD are needed');
    if (sources.length !== 1) throw new Error('give one of --receipts, --records, --export');
    if (flags['export'] && !flags['adapter']) throw new Error('--export needs --adapter ID');
  } catch (error) {
    console.error(`pxg reconcile: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const system = String(flags['system']);
  const date = String(flags['date']);
  let built: { entries: Entry[]; problems: string[] };
  try {
    built = manifest(flags, date);
  } catch (error) {
    console.error(`pxg reconcile: ${(error as Error).message}`);
    return 2;
  }
  for (const p of built.problems) console.error(`pxg reconcile: left out: ${p}`);
  const remote = remoteFrom({
    url: flags['url'] as string | undefined,
    key: flags['key'] as string | undefined,
    lang: flags['lang'] as string | undefined,
  });
  const answer = await send(remote, 'POST', `/v1/reconciliation/${encodeURIComponent(system)}/${date}`, {
    body: JSON.stringify({ records: built.entries }),
    headers: { 'content-type': 'application/json' },
  });
  if (answer.status !== 200) {
    console.error(`pxg reconcile: the gateway answered ${answer.status}: ${answer.text}`);
    return 2;
  }
  const diff = JSON.parse(answer.text) as Diff;
  console.log(flags['json'] ? JSON.stringify(diff, null, 2) : describe(diff, system, date));
  return diff.match ? 0 : 1;
};

/** The gateway's comparison (gateway/monitor/reconciliation.ts). */
interface Diff {
  match: boolean;
  gateway: { count: number; digest: string };
  submitted: { count: number; digest: string };
  missing: Entry[] | null;
  extra: Entry[] | null;
  mismatched: { recordId: string; version: number; gatewayHash: string; submittedHash: string }[] | null;
}

function describe(d: Diff, system: string, date: string): string {
  const lines = [
    `${system} ${date}: ${d.match ? 'the gateway and this manifest agree / 对账一致' : 'the gateway and this manifest differ / 对账不一致'}`,
    `gateway:  ${d.gateway.count} version(s), sha-256 ${d.gateway.digest}`,
    `manifest: ${d.submitted.count} version(s), sha-256 ${d.submitted.digest}`,
  ];
  const list = (title: string, entries: Entry[] | null, hint: string) => {
    if (!entries || entries.length === 0) return;
    lines.push(`${title} (${entries.length}): ${hint}`, ...entries.map((e) => `  ${e.recordId} v${e.version} ${e.contentHash}`));
  };
  list('missing at the gateway', d.missing, 'push these versions again (pxg push)');
  list('extra at the gateway', d.extra, 'accepted by the gateway but not in this manifest: check what else pushed as this system');
  if (d.mismatched && d.mismatched.length > 0)
    lines.push(
      `different content (${d.mismatched.length}): the gateway holds other content for these versions; push a change as a new version`,
      ...d.mismatched.map((m) => `  ${m.recordId} v${m.version} gateway ${m.gatewayHash} manifest ${m.submittedHash}`),
    );
  return lines.join('\n');
}
