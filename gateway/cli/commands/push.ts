/**
 * `pxg push <file|folder|-> [--system ID --inbound]`: pushes records (or a native export through the
 * system's inbound adapter) to a running gateway the way a provincial system should: in batches with
 * an Idempotency-Key derived from their content, retrying 429/503 as Retry-After says (bounded), keeping
 * and verifying every receipt in a folder, and recording in a state file which batches were receipted,
 * so that a run cut short resumes where it stopped. Prints a summary; exit 0 when every record was
 * accepted (or already was), 1 on rejections, unverifiable receipts or an unfinished push, 2 on wrong usage.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { loadKeys, remoteFrom, send } from '../remote/client.ts';
import { nativeUnits, recordUnits, sourceFiles, type Unit } from '../remote/inputs.ts';
import { keepReceipt, receiptsIn, STATE_FILE, verifyAll } from '../remote/receipts.ts';

const USAGE = `usage: pxg push <file|folder|-> [--url URL] [--key KEY] [--batch N] [--receipts DIR] [--state FILE]
                [--system ID --inbound [--content-type TYPE]] [--retries N] [--max-wait SECONDS] [--lang zh|en]
  URL and KEY default to PXG_URL (http://127.0.0.1:8080) and PXG_API_KEY.`;

/** What was receipted, per unit key: a resumed run skips these. */
interface PushState {
  done: Record<string, { label: string; accepted: number; duplicates: number; rejected: number }>;
}

/** One rejected record, as the summary prints it. */
interface Rejected {
  where: string;
  code: string;
  reason: string;
}

/** The tallies of a run. */
interface Tally {
  accepted: number;
  duplicates: number;
  rejected: Rejected[];
  retried: number;
  skipped: number;
  receipts: number;
  unverified: { what: string; reason: string }[];
}

/** The `push` command. */
export const push: Command = async (args) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    console.error(`pxg push: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { source, flags } = parsed;
  const remote = remoteFrom(flags);
  const receiptsDir = flags.receipts ?? 'receipts';
  const stateFile = flags.state ?? join(receiptsDir, STATE_FILE);
  let units: Unit[];
  const tally: Tally = { accepted: 0, duplicates: 0, rejected: [], retried: 0, skipped: 0, receipts: 0, unverified: [] };
  try {
    const files = sourceFiles(source);
    if (flags.inbound) units = nativeUnits(files, flags['content-type']);
    else {
      const cut = recordUnits(files, Number(flags.batch ?? 500));
      units = cut.units;
      for (const u of cut.unreadable) tally.rejected.push({ where: u.where, code: 'not_json', reason: u.reason });
    }
  } catch (error) {
    console.error(`pxg push: cannot read ${source}: ${(error as Error).message}`);
    return 2;
  }
  const state: PushState = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as PushState) : { done: {} };
  const path = flags.inbound ? `/v1/systems/${encodeURIComponent(flags.system!)}/inbound` : '/v1/records/batch';
  const retry = { retries: Number(flags.retries ?? 5), maxWaitMs: Number(flags['max-wait'] ?? 30) * 1000 };
  mkdirSync(dirname(stateFile), { recursive: true });
  const progress = bar(units.length);
  let keys: Awaited<ReturnType<typeof loadKeys>> | undefined;
  let stopped: string | undefined;
  for (const [n, unit] of units.entries()) {
    progress(n, tally);
    if (state.done[unit.key]) {
      tally.skipped++;
      continue;
    }
    let answer: Awaited<ReturnType<typeof send>>;
    try {
      answer = await send(remote, 'POST', path, {
        body: unit.body,
        headers: { 'content-type': unit.contentType, 'idempotency-key': unit.key },
        retry,
        onRetry: () => tally.retried++,
      });
    } catch (error) {
      stopped = (error as Error).message;
      break;
    }
    const body = parseBody(answer.text);
    if (answer.status !== 200 || !Array.isArray(body?.['results'])) {
      const problem = body ?? {};
      const reason = String(problem['detail'] ?? problem['title'] ?? answer.text.slice(0, 200));
      // Retriable refusals (still busy after the retries) stop the run: it resumes from here next time.
      if (answer.status === 429 || answer.status >= 500) {
        stopped = `${unit.label}: HTTP ${answer.status} ${reason}`;
        break;
      }
      tally.rejected.push({ where: unit.label, code: String(problem['code'] ?? answer.status), reason: `${reason}${itemsOf(problem)}` });
      continue;
    }
    keys ??= await loadKeys(flags.keys, remote);
    const counts = { accepted: 0, duplicates: 0, rejected: 0 };
    for (const item of body['results'] as Record<string, unknown>[]) {
      const from = unit.sources[Number(item['index'])] ?? `${unit.label} #${item['index']}`;
      const where = `${from}${item['recordId'] ? ` ${item['recordId']} v${item['version']}` : ''}`;
      const [receipt] = receiptsIn(item);
      if (receipt) {
        keepReceipt(receiptsDir, receipt);
        tally.receipts++;
        if (item['status'] === 200) counts.duplicates++;
        else counts.accepted++;
        const checked = await verifyAll([{ receipt }], keys);
        for (const f of checked.failed) tally.unverified.push({ what: where, reason: f.reason });
      } else {
        counts.rejected++;
        const problem = (item['problem'] ?? {}) as Record<string, unknown>;
        tally.rejected.push({ where, code: String(problem['code']), reason: `${String(problem['title'] ?? '')}${itemsOf(problem)}` });
      }
    }
    tally.accepted += counts.accepted;
    tally.duplicates += counts.duplicates;
    state.done[unit.key] = { label: unit.label, ...counts };
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }
  progress(units.length, tally, true);
  console.log(summary(tally, units.length, receiptsDir, stopped));
  return tally.rejected.length > 0 || tally.unverified.length > 0 || stopped ? 1 : 0;
};

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      keys: { type: 'string' },
      lang: { type: 'string' },
      batch: { type: 'string' },
      receipts: { type: 'string' },
      state: { type: 'string' },
      system: { type: 'string' },
      inbound: { type: 'boolean' },
      'content-type': { type: 'string' },
      retries: { type: 'string' },
      'max-wait': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new Error('give exactly one file, folder or - (stdin)');
  if (values.inbound && !values.system) throw new Error('--inbound needs --system ID');
  for (const name of ['batch', 'retries', 'max-wait'] as const) {
    const v = values[name];
    if (v !== undefined && !(Number.isInteger(Number(v)) && Number(v) >= (name === 'batch' ? 1 : 0)))
      throw new Error(`--${name} must be a whole number`);
  }
  return { source: positionals[0]!, flags: values };
}

function parseBody(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A problem's per-field messages, appended to its title. */
function itemsOf(problem: Record<string, unknown>): string {
  const errors = Array.isArray(problem['errors']) ? (problem['errors'] as { pointer?: string; message?: string }[]) : [];
  return errors.length === 0 ? '' : `: ${errors.map((e) => `${e.pointer || '/'} ${e.message}`).join('; ')}`;
}

/** A progress bar on stderr when it is a terminal; silent otherwise (logs of nightly jobs stay clean). */
function bar(total: number): (done: number, tally: Tally, last?: boolean) => void {
  if (!process.stderr.isTTY || total === 0) return () => {};
  return (done, tally, last = false) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} batches, ${tally.accepted} accepted, ${tally.rejected.length} rejected`;
    process.stderr.write(`\r${line}${last ? '\n' : ''}`);
  };
}

function summary(t: Tally, units: number, receiptsDir: string, stopped: string | undefined): string {
  const lines = [
    `pushed ${units - t.skipped} of ${units} batch(es)${t.skipped > 0 ? ` (${t.skipped} already receipted in an earlier run)` : ''}`,
    `accepted: ${t.accepted}`,
    `duplicates (already accepted, same receipt): ${t.duplicates}`,
    `rejected: ${t.rejected.length}`,
    ...t.rejected.map((r) => `  ${r.where}: ${r.code}: ${r.reason}`),
    `retried: ${t.retried}`,
    `receipts kept in ${receiptsDir}: ${t.receipts}, verified: ${t.receipts - t.unverified.length}`,
    ...t.unverified.map((u) => `  receipt does not verify: ${u.what}: ${u.reason}`),
  ];
  if (stopped) lines.push(`stopped: ${stopped}`, 'run the same command again to resume: receipted batches are not sent again');
  return lines.join('\n');
}
