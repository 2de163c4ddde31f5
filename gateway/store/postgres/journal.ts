/**
 * PostgreSQL implementation of the JournalStore. Gateway processes may project concurrently
 * (each consumes some partitions of the log); every projection takes the journal_head row lock
 * first, so deduplication is race-free and seqs become visible strictly in order.
 */
import { type EventEnvelope, envelopeJson, type StandardRecord } from '../../core/index.ts';
import type { JournalEntry, JournalStore } from '../port.ts';
import { inTransaction, type PgPool } from './pool.ts';

interface EntryRow {
  seq: string;
  log_position: string;
  envelope: EventEnvelope;
}

const ENTRY_COLUMNS = 'seq, log_position, envelope';

function entry(row: EntryRow): JournalEntry {
  return { seq: Number(row.seq), logPosition: row.log_position, envelope: row.envelope };
}

/** The journal over a pool whose schema is migrated. */
export class PgJournalStore implements JournalStore {
  constructor(private readonly pool: () => PgPool) {}

  async project(events: { logPosition: string; envelope: EventEnvelope; text?: string }[]): Promise<JournalEntry[]> {
    if (events.length === 0) return [];
    return inTransaction(this.pool(), async (client) => {
      const head = await client.query<{ seq: string }>('SELECT seq FROM journal_head FOR UPDATE');
      let seq = Number(head.rows[0]!.seq);
      const ids = events.map((e) => e.envelope.id);
      const known = await client.query<{ event_id: string }>('SELECT event_id FROM journal WHERE event_id = ANY($1::text[])', [ids]);
      const seen = new Set(known.rows.map((r) => r.event_id));
      const fresh: JournalEntry[] = [];
      for (const e of events) {
        if (seen.has(e.envelope.id)) continue;
        seen.add(e.envelope.id);
        fresh.push({ seq: ++seq, logPosition: e.logPosition, envelope: e.envelope });
      }
      if (fresh.length === 0) return [];
      // The envelopes travel as one JSON array text (no per-element array escaping), split by the server.
      await client.query(
        `INSERT INTO journal (seq, event_id, record_id, version, process_key, record_date, log_position, envelope)
         SELECT u.seq, u.event_id, u.record_id, u.version, u.process_key, u.record_date, u.log_position, e.envelope
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[])
              WITH ORDINALITY AS u (seq, event_id, record_id, version, process_key, record_date, log_position, n)
         JOIN json_array_elements($8::json) WITH ORDINALITY AS e (envelope, n) USING (n)`,
        [
          fresh.map((f) => f.seq),
          fresh.map((f) => f.envelope.id),
          fresh.map((f) => f.envelope.subject),
          fresh.map((f) => f.envelope.recordversion),
          fresh.map((f) => f.envelope.processkey),
          fresh.map((f) => f.envelope.data.date ?? f.envelope.time),
          fresh.map((f) => f.logPosition),
          `[${fresh.map((f) => envelopeJson(f.envelope)).join(',')}]`,
        ],
      );
      await client.query('UPDATE journal_head SET seq = $1', [seq]);
      return fresh;
    });
  }

  async readJournal(after: number, limit: number): Promise<JournalEntry[]> {
    const { rows } = await this.pool().query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM journal WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      after,
      limit,
    ]);
    return rows.map(entry);
  }

  async journalHead(): Promise<number> {
    const { rows } = await this.pool().query<{ seq: string }>('SELECT seq FROM journal_head');
    return Number(rows[0]?.seq ?? 0);
  }

  async recordVersions(recordId: string): Promise<JournalEntry[]> {
    const { rows } = await this.pool().query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM journal WHERE record_id = $1 ORDER BY version, seq`, [
      recordId,
    ]);
    return rows.map(entry);
  }

  async processVersions(processKey: string): Promise<JournalEntry[]> {
    const { rows } = await this.pool().query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM journal
         WHERE record_id IN (SELECT record_id FROM journal WHERE process_key = $1)
         ORDER BY seq`,
      [processKey],
    );
    return rows.map(entry);
  }

  async processRecords(processKey: string): Promise<StandardRecord[]> {
    const { rows } = await this.pool().query<{ data: StandardRecord }>(
      `SELECT data FROM (
         SELECT DISTINCT ON (record_id) record_id, record_date, envelope->'data' AS data
         FROM journal WHERE process_key = $1
         ORDER BY record_id, version DESC, seq
       ) AS current
       ORDER BY record_date COLLATE "C", record_id COLLATE "C"`,
      [processKey],
    );
    return rows.map((r) => r.data);
  }

  async recordsOfProcesses(processKeys: string[]): Promise<Map<string, StandardRecord[]>> {
    const byProcess = new Map<string, StandardRecord[]>(processKeys.map((key) => [key, []]));
    if (processKeys.length === 0) return byProcess;
    const { rows } = await this.pool().query<{ process_key: string; data: StandardRecord }>(
      `SELECT process_key, data FROM (
         SELECT DISTINCT ON (process_key, record_id) process_key, record_id, record_date, envelope->'data' AS data
         FROM journal WHERE process_key = ANY($1::text[])
         ORDER BY process_key, record_id, version DESC, seq
       ) AS current
       ORDER BY process_key, record_date COLLATE "C", record_id COLLATE "C"`,
      [[...new Set(processKeys)]],
    );
    for (const row of rows) byProcess.get(row.process_key)?.push(row.data);
    return byProcess;
  }
}
