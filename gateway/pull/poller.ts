/**
 * One poll of a system in pull mode: fetch the page after the stored cursor (undici), translate it
 * with the system's adapter, hand the records to the ingest pipeline, and only then move the
 * cursor. A crash anywhere before the move re-reads the same page next time; ingest is idempotent,
 * so that page's records come back as duplicates, never twice in the journal: no gaps, no repeats.
 */
import { request } from 'undici';
import { type AdapterHost, parseContentType } from '../../adapters/host.ts';
import { errorMessage } from '../core/index.ts';
import type { IngestResult } from '../ingest/index.ts';
import type { SystemEntry } from '../registry/index.ts';
import type { AdapterCursorStore, JournalStore } from '../store/index.ts';

/** What a poll needs. */
export interface PollDeps {
  adapters: AdapterHost;
  cursors: AdapterCursorStore;
  /** The ingest pipeline's entry: the same validation, idempotency and receipts as a push. */
  ingest: (system: SystemEntry, records: unknown[]) => Promise<IngestResult[]>;
  /**
   * When given, a page waits until its last record is projected into the journal before the next
   * page is taken, so rules that look for a parent record (an order before its payment) find it.
   */
  journal?: Pick<JournalStore, 'recordVersions'>;
  /** Largest page body read, in bytes. */
  maxBodyBytes?: number;
  now?: () => number;
}

/** What one poll did. */
export type PollOutcome =
  /** A page was taken: its records ingested and the cursor moved (unless another poller moved it first). */
  | { kind: 'page'; records: number; accepted: number; duplicates: number; rejected: IngestResult[]; moved: boolean }
  /** Nothing new. */
  | { kind: 'idle' }
  /** The poll failed; the cursor stays. */
  | { kind: 'failed'; error: string };

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

/** Polls `system` once. Never throws: failures are outcomes. */
export async function pollOnce(system: SystemEntry, deps: PollDeps, signal?: AbortSignal): Promise<PollOutcome> {
  const binding = system.adapter;
  const adapter = binding && deps.adapters.get(binding.id);
  if (!binding?.pull || !adapter?.pull) return { kind: 'failed', error: `system ${system.id} has no adapter with pull mode` };
  const config = binding.config ?? {};
  const ctx = { systemId: system.id, config };
  try {
    const position = await deps.cursors.position(system.id);
    const page = adapter.pull.request(position.cursor ?? undefined, ctx);
    const url = `${binding.pull.baseUrl.replace(/\/+$/, '')}${page.path}`;
    const timeoutMs = (binding.pull.timeoutSeconds ?? 10) * 1000;
    const response = await request(url, {
      method: page.method,
      headers: page.headers ?? {},
      ...(page.body !== undefined ? { body: page.body } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(signal ? { signal } : {}),
    });
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump();
      return { kind: 'failed', error: `${page.method} ${page.path}: HTTP ${response.statusCode}` };
    }
    const body = await readLimited(response.body, deps.maxBodyBytes ?? DEFAULT_MAX_BODY);
    if (!body)
      return { kind: 'failed', error: `${page.method} ${page.path}: body larger than ${deps.maxBodyBytes ?? DEFAULT_MAX_BODY} bytes` };
    // A system that does not label its answer is taken to answer in its adapter's first native media type.
    const contentType = headerValue(response.headers['content-type']) ?? adapter.manifest.native.mediaTypes[0];
    const translated = deps.adapters.inbound(binding.id, { systemId: system.id, config, contentType, body });
    if (!translated.ok) {
      // The same page will fail the same way: the cursor stays and the error is reported until the system fixes it.
      const { code, detail } = translated.error;
      return { kind: 'failed', error: `adapter ${binding.id}: ${code}${detail ? ` (${detail.en})` : ''}` };
    }
    const results = translated.records.length > 0 ? await deps.ingest(system, translated.records) : [];
    if (results.some((r) => !r.ok && r.code === 'log_unavailable')) return { kind: 'failed', error: 'the record log is unavailable' };
    await projected(results, deps.journal, signal);
    const { mediaType, charset } = parseContentType(contentType);
    const encoding = charset ?? adapter.manifest.native.encodings[0];
    const next = adapter.pull.nextCursor(body, { ...ctx, mediaType, ...(encoding ? { encoding } : {}) });
    // Records the standard refuses are the sender's to fix (they are reported); the feed moves past them.
    const moved =
      next !== undefined && next !== position.cursor
        ? await deps.cursors.advance(system.id, position.revision, next, (deps.now ?? Date.now)())
        : false;
    if (translated.records.length === 0 && !moved) return { kind: 'idle' };
    return {
      kind: 'page',
      records: translated.records.length,
      accepted: results.filter((r) => r.ok && !r.duplicate).length,
      duplicates: results.filter((r) => r.ok && r.duplicate).length,
      rejected: results.filter((r) => !r.ok),
      moved,
    };
  } catch (error) {
    return { kind: 'failed', error: errorMessage(error) };
  }
}

/** Waits (at most 10 s) until the last accepted record of a page is in the journal. */
async function projected(results: IngestResult[], journal: PollDeps['journal'], signal?: AbortSignal): Promise<void> {
  const last = results.findLast((r) => r.ok);
  if (!journal || !last?.ok) return;
  const { recordId, eventId } = last.receipt;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && !signal?.aborted) {
    if ((await journal.recordVersions(recordId)).some((e) => e.envelope.id === eventId)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a response body up to `limit` bytes; null when it is larger. */
async function readLimited(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, limit: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
