/**
 * The ingest pipeline: validate → authorize → claim (idempotency and versions) → append durably to
 * the log → sign the receipt → confirm it. A batch goes through each stage together, so its
 * records share one log append. Rejections are values, mapped to problems by the HTTP layer.
 */

import {
  type Bilingual,
  canonicalJson,
  dataschemaUrl,
  type EventEnvelope,
  envelopeFor,
  eventIdFor,
  hashOfCanonical,
  processKeyOf,
  type StandardRecord,
} from '../core/index.ts';
import { LogUnavailableError, type RecordLog } from '../log/index.ts';
import { type OwnershipTransfer, publishRefusals, type SystemEntry, type WriteRights, writeRights } from '../registry/index.ts';
import type { Issue, Standard } from '../standard/index.ts';
import type { IngestStore, JournalStore, Receipt } from '../store/index.ts';
import { ProcessContexts } from './context.ts';
import { type ReceiptSigner, receiptFields } from './receipts.ts';

/** Why a record was not accepted: codes of the HTTP error catalogue. */
export type RejectionCode =
  | 'record_invalid'
  | 'publish_not_allowed'
  | 'record_foreign'
  | 'process_not_owned'
  | 'version_conflict'
  | 'version_stale'
  | 'log_unavailable';

/** One problem with a record, in both languages. */
export interface RejectionItem {
  pointer: string;
  keyword: string;
  message: Bilingual;
}

/** A record that was not accepted. */
export type Rejection = { ok: false; code: RejectionCode; errors: RejectionItem[]; extensions?: Record<string, unknown> };

/** The outcome of one record. */
export type IngestResult = { ok: true; receipt: Receipt; duplicate: boolean; warnings: Issue[] } | Rejection;

/** Told about every ingest call once its results are known (monitoring, metrics). Must not throw. */
export interface IngestObserver {
  ingested(system: SystemEntry, inputs: unknown[], results: IngestResult[], elapsedMs: number): Promise<void> | void;
}

/** What the pipeline needs. */
export interface IngestDeps {
  standard: Standard;
  ingestStore: IngestStore;
  journal: JournalStore;
  log: RecordLog;
  signer: ReceiptSigner;
  /** The live registry's systems and transfers: who owns, opens and contributes to processes. */
  ownership: { systems: () => readonly SystemEntry[]; transfers: () => readonly OwnershipTransfer[] };
  /** Observers, called in order after each ingest call; their failures never fail the push. */
  observers?: IngestObserver[];
  now?: () => Date;
  /** The gateway's public URL (PXG_PUBLIC_URL): envelopes name their schema there, where it is served. */
  publicUrl?: string;
}

type Deferred = { resolve: (result: IngestResult) => void; reject: (error: Error) => void };

/** A valid record on its way to the log; `repeat` marks a version seen earlier in the same batch. */
type Accepted = {
  index: number;
  record: StandardRecord;
  dataschema: string;
  warnings: Issue[];
  hash: string;
  canonical: string;
  eventId: string;
  processKey: string;
  rights: WriteRights;
  repeat?: true;
};

/** The ingest pipeline; stateless apart from the versions in flight in this process. */
export class IngestPipeline {
  /** Versions being appended right now, by event id: a concurrent identical push waits for the first. */
  private readonly inFlight = new Map<string, Promise<IngestResult>>();

  /** Process context for the compliance rules, including what the journal has not caught up with. */
  private readonly contexts: ProcessContexts;

  constructor(private readonly deps: IngestDeps) {
    this.contexts = new ProcessContexts(deps.journal);
  }

  /** Told by the projector which versions the journal now holds. */
  projected(envelopes: EventEnvelope[]): void {
    this.contexts.projected(envelopes.map((e) => ({ processKey: e.processkey, recordId: e.subject, version: e.recordversion })));
  }

  /** Process contexts with local copies of appended records not yet known to be in the journal. */
  get unprojectedProcesses(): number {
    return this.contexts.size;
  }

  /** Whether this process is appending that version right now (it will confirm its receipt itself). */
  appending(eventId: string): boolean {
    return this.inFlight.has(eventId);
  }

  /** Ingests records pushed by `system`, returning one result per input, in order. */
  async ingest(system: SystemEntry, inputs: unknown[], options: { traceparent?: string } = {}): Promise<IngestResult[]> {
    const started = performance.now();
    const results = await this.run(system, inputs, options);
    for (const observer of this.deps.observers ?? []) {
      try {
        await observer.ingested(system, inputs, results, performance.now() - started);
      } catch {
        // Observation is best effort: the records are accepted (or not) whatever an observer does.
      }
    }
    return results;
  }

  private async run(system: SystemEntry, inputs: unknown[], options: { traceparent?: string }): Promise<IngestResult[]> {
    const results: (IngestResult | undefined)[] = new Array(inputs.length);
    const valid = await this.validate(system, inputs, results);
    const owned = new Map<string, Deferred>();
    try {
      const toAppend = await this.claim(system, valid, results, owned);
      await this.append(system, toAppend, results, owned, options.traceparent);
    } finally {
      for (const [eventId, deferred] of owned) {
        deferred.reject(new Error('the first push of this version failed'));
        this.inFlight.delete(eventId);
      }
    }
    return results as IngestResult[];
  }

  /** Registers a version as being appended by this request (synchronously, so no other claim slips in). */
  private register(eventId: string): Deferred {
    let deferred!: Deferred;
    const promise = new Promise<IngestResult>((resolve, reject) => {
      deferred = { resolve, reject };
    });
    promise.catch(() => {});
    this.inFlight.set(eventId, promise);
    return deferred;
  }

  /**
   * Waits for another request appending the same version and answers like a retry. Callers look
   * the promise up synchronously right before: a check behind an await would let a second claim slip in.
   */
  private async join(running: Promise<IngestResult>, item: Accepted, results: (IngestResult | undefined)[]): Promise<boolean> {
    const outcome = await running.catch(() => null);
    if (!outcome) return false;
    results[item.index] = outcome.ok ? { ...outcome, duplicate: true, warnings: item.warnings } : outcome;
    return true;
  }

  /** Stage 1: the standard (schema and compliance rules with the process context), then publishing rights. */
  private async validate(system: SystemEntry, inputs: unknown[], results: (IngestResult | undefined)[]): Promise<Accepted[]> {
    const valid: Accepted[] = [];
    // The processes of the whole batch are read at once (one store round trip, not one per record).
    const keys = inputs.map(processKeyHint);
    const contexts = await this.contexts.ofMany([...new Set(keys.filter((k): k is string => k !== null))]);
    for (const [index, input] of inputs.entries()) {
      const key = keys[index] ?? null;
      const context = key ? contexts.get(key) : [];
      const validation = this.deps.standard.validate(input, { records: context ?? [] });
      if (!validation.ok) {
        const errors = validation.issues.filter((i) => i.severity === 'error');
        results[index] = { ok: false, code: 'record_invalid', errors: (errors.length > 0 ? errors : validation.issues).map(itemOf) };
        continue;
      }
      const { record } = validation;
      // Publishing rights (opening processes) or a contribution grant; which processes it may enter is decided at the claim.
      const rights = writeRights(system, record, this.deps.ownership.systems, this.deps.ownership.transfers());
      const refusals = rights ? [] : publishRefusals(system, record);
      if (!rights || refusals.length > 0) {
        results[index] = {
          ok: false,
          code: 'publish_not_allowed',
          errors: refusals.map(({ pointer, reason }) => ({
            pointer,
            keyword: reason === 'area' ? 'publishArea' : 'publishRecordType',
            message:
              reason === 'area'
                ? {
                    zh: `该系统无权发布地区 ${record.regionCode} 的记录`,
                    en: `This system may not publish records for area ${record.regionCode}`,
                  }
                : { zh: `该系统无权发布 ${record.recordType} 类型的记录`, en: `This system may not publish ${record.recordType} records` },
          })),
        };
        continue;
      }
      // Later records of the same process in this batch see this one (parent before child within a batch).
      if (key && context) contexts.set(key, [...context.filter((r) => r.id !== record.id), record]);
      const canonical = canonicalJson(record);
      const hash = hashOfCanonical(canonical);
      valid.push({
        index,
        record,
        dataschema: dataschemaUrl(validation.dataschema, this.deps.publicUrl),
        warnings: validation.warnings,
        hash,
        canonical,
        eventId: eventIdFor(record.id, record.version, hash),
        processKey: processKeyOf(record),
        rights,
      });
    }
    return valid;
  }

  /** Stage 2: claims the versions together, decided in input order; duplicates get their original receipt. */
  private async claim(
    system: SystemEntry,
    valid: Accepted[],
    results: (IngestResult | undefined)[],
    owned: Map<string, Deferred>,
  ): Promise<Accepted[]> {
    const toAppend: Accepted[] = [];
    const sameBatch = new Map<string, Accepted>();
    const repeats: Accepted[] = [];
    const joining: { item: Accepted; running: Promise<IngestResult> }[] = [];
    const toClaim: Accepted[] = [];
    for (const item of valid) {
      if (sameBatch.has(item.eventId)) {
        // The same version twice in one batch: answered like a retry once the first is appended.
        repeats.push({ ...item, repeat: true });
        continue;
      }
      sameBatch.set(item.eventId, item);
      const earlier = this.inFlight.get(item.eventId);
      if (earlier) joining.push({ item, running: earlier });
      else toClaim.push(item);
    }
    // Versions another request is appending right now: answered like a retry; claimed here if that one failed.
    const joined = await Promise.all(joining.map(({ item, running }) => this.join(running, item, results)));
    for (const [n, ok] of joined.entries()) if (!ok) toClaim.push(joining[n]!.item);
    toClaim.sort((a, b) => a.index - b.index);

    const claims = toClaim.length > 0 ? await this.deps.ingestStore.claimMany(toClaim.map((item) => claimOf(system, item))) : [];
    const sharing: { item: Accepted; running: Promise<IngestResult> }[] = [];
    for (const [n, item] of toClaim.entries()) {
      const claim = claims[n]!;
      switch (claim.kind) {
        case 'claimed': {
          // Another request may have claimed the same version while we awaited: share its append.
          const running = this.inFlight.get(item.eventId);
          if (running) {
            sharing.push({ item, running });
            break;
          }
          owned.set(item.eventId, this.register(item.eventId));
          toAppend.push(item);
          break;
        }
        case 'duplicate':
          results[item.index] = { ok: true, receipt: claim.receipt, duplicate: true, warnings: item.warnings };
          break;
        case 'conflict':
          // A version is never rewritten: a change goes out as a higher version (the next one unless a newer exists).
          results[item.index] = {
            ...rejection('version_conflict', '/version', 'versionConflict', {
              zh: `记录 ${item.record.id} 的版本 ${item.record.version} 已以不同内容被接收：如需修改，请以版本 ${item.record.version + 1}（或高于当前版本的版本号）推送`,
              en: `Version ${item.record.version} of record ${item.record.id} was already accepted with different content: to change it, push version ${item.record.version + 1} (or one above the current version)`,
            }),
            extensions: { nextVersion: item.record.version + 1 },
          };
          break;
        case 'stale':
          results[item.index] = {
            ...rejection('version_stale', '/version', 'versionStale', {
              zh: `记录 ${item.record.id} 已有更新的版本 ${claim.currentVersion}：如需修改，请以版本 ${claim.currentVersion + 1} 推送`,
              en: `Record ${item.record.id} already has the newer version ${claim.currentVersion}: to change it, push version ${claim.currentVersion + 1}`,
            }),
            extensions: { currentVersion: claim.currentVersion, nextVersion: claim.currentVersion + 1 },
          };
          break;
        case 'foreign':
          results[item.index] = rejection('record_foreign', '/id', 'recordOwner', {
            zh: `记录标识 ${item.record.id} 属于其他系统`,
            en: `Record id ${item.record.id} belongs to another system`,
          });
          break;
        case 'not_owned':
          results[item.index] = notOwned(
            item,
            // A retired owner (no longer registered) still owns its processes until transferred.
            claim.owner ? (this.deps.ownership.systems().find((s) => s.id === claim.owner)?.kind ?? 'unregistered') : null,
          );
          break;
      }
    }
    // Registered above synchronously, so no other claim slips in between; now wait for the shared appends.
    const shared = await Promise.all(sharing.map(({ item, running }) => this.join(running, item, results)));
    for (const [n, ok] of shared.entries()) {
      const { item } = sharing[n]!;
      if (ok) continue;
      // The other request's append failed after our claim: append it here (claimed and not confirmed).
      owned.set(item.eventId, this.register(item.eventId));
      toAppend.push(item);
    }
    toAppend.sort((a, b) => a.index - b.index);
    // Repeats follow their first occurrence; when that one was not appended here, they share its outcome.
    for (const repeat of repeats) {
      if (owned.has(repeat.eventId)) toAppend.push(repeat);
      else results[repeat.index] = sameOutcome(results[sameBatch.get(repeat.eventId)!.index], repeat);
    }
    return toAppend;
  }

  /** Stage 3: one durable append for the batch, then signed receipts, confirmed in the ingest index. */
  private async append(
    system: SystemEntry,
    items: Accepted[],
    results: (IngestResult | undefined)[],
    owned: Map<string, Deferred>,
    traceparent?: string,
  ): Promise<void> {
    const fresh = items.filter((i) => !i.repeat);
    if (fresh.length === 0) return;
    const acceptedAt = (this.deps.now ?? (() => new Date()))();
    const envelopes = fresh.map((i) =>
      envelopeFor(i.record, system.id, i.dataschema, acceptedAt, traceparent, { hash: i.hash, eventId: i.eventId, canonical: i.canonical }),
    );
    const outcomes = new Map<string, IngestResult>();
    let positions: string[] | null = null;
    try {
      positions = await this.deps.log.append(envelopes);
    } catch (error) {
      if (!(error instanceof LogUnavailableError)) throw error;
      // Given up on, yet it may still land: until it cannot, newer versions must not overtake it.
      if (error.stillLanding)
        this.deps.ingestStore.holdClaims(
          fresh.map((i) => ({ recordId: i.record.id, version: i.record.version })),
          error.stillLanding,
        );
      const unavailable = rejection('log_unavailable', '', 'logUnavailable', {
        zh: '记录日志暂时不可写入',
        en: 'The record log cannot accept writes right now',
      });
      for (const item of fresh) outcomes.set(item.eventId, unavailable);
    }
    if (positions) {
      for (const item of fresh) this.contexts.remember(item.record);
      const signed = await this.deps.signer.sign(fresh.map((_, n) => receiptFields(envelopes[n]!, positions![n]!)));
      // A version has one receipt: when another confirmation was stored first, that one is the answer.
      const receipts = (await this.deps.ingestStore.confirmMany(signed)).map((stored, n) => stored ?? signed[n]!);
      for (const [n, item] of fresh.entries())
        outcomes.set(item.eventId, { ok: true, receipt: receipts[n]!, duplicate: false, warnings: item.warnings });
    }
    for (const item of items) {
      const outcome = outcomes.get(item.eventId)!;
      results[item.index] = item.repeat && outcome.ok ? { ...outcome, duplicate: true, warnings: item.warnings } : outcome;
    }
    for (const item of fresh) {
      owned.get(item.eventId)?.resolve(outcomes.get(item.eventId)!);
      owned.delete(item.eventId);
      this.inFlight.delete(item.eventId);
    }
  }
}

function claimOf(system: SystemEntry, item: Accepted) {
  return {
    recordId: item.record.id,
    version: item.record.version,
    contentHash: item.hash,
    eventId: item.eventId,
    sourceSystem: system.id,
    processKey: item.processKey,
    mayOpen: item.rights.mayOpen,
    contributesTo: item.rights.contributesTo,
  };
}

/**
 * The refusal of a record for a process owned by another system (named by its kind only: which
 * system owns a process is not for every publisher to learn), or one it may not open.
 */
function notOwned(item: Accepted, ownerKind: string | null): Rejection {
  const pointer = item.record.recordType === 'notice' ? '/ocid' : '/transactionId';
  const key = item.processKey;
  const message: Bilingual = ownerKind
    ? {
        zh: `流程 ${key} 由其他系统（${ownerKind}）负责，该系统未获授权向其添加此类记录`,
        en: `Process ${key} is owned by another system (${ownerKind}); this system is not granted to add this kind of record to it`,
      }
    : {
        zh: `流程 ${key} 尚无负责系统，该系统只能向已有流程补充记录，不能开启流程`,
        en: `Process ${key} has no owner yet; this system may only contribute to existing processes, not open one`,
      };
  return {
    ...rejection('process_not_owned', pointer, 'processOwner', message),
    extensions: { processKey: key, ownerKind },
  };
}

/** The result of a repeated version in a batch: its first occurrence's, answered like a retry. */
function sameOutcome(first: IngestResult | undefined, repeat: Accepted): IngestResult {
  if (!first) throw new Error(`no result for the first occurrence of ${repeat.eventId}`);
  return first.ok ? { ...first, duplicate: true, warnings: repeat.warnings } : first;
}

function itemOf(issue: Issue): RejectionItem {
  return { pointer: issue.pointer, keyword: issue.keyword, message: issue.message };
}

function rejection(code: RejectionCode, pointer: string, keyword: string, message: Bilingual): Rejection {
  return { ok: false, code, errors: [{ pointer, keyword, message }] };
}

/** The process key of a not-yet-validated input, to fetch its context; null when it has none. */
function processKeyHint(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const r = input as Record<string, unknown>;
  const key = r['recordType'] === 'transaction' ? r['transactionId'] : r['ocid'];
  return typeof key === 'string' && key.length > 0 && key.length <= 200 ? key : null;
}
