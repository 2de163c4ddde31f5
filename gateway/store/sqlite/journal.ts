/**
 * SQLite implementation of the JournalStore: the log, deduplicated by event id, numbered by a
 * monotonic `seq` (AUTOINCREMENT never reuses a number), indexed by record and by process.
 */
import { type EventEnvelope, envelopeJson, type StandardRecord } from '../../core/index.ts';
import type { JournalEntry, JournalStore } from '../port.ts';
import { type Migration, type SqliteDb, statement } from './database.ts';

/** Tables of the journal concern. */
export const journalMigrations: Migration[] = [
  {
    id: 'journal/001-journal',
    sql: `
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        log_position TEXT NOT NULL,
        record_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        process_key TEXT NOT NULL,
        record_date TEXT NOT NULL,
        envelope TEXT NOT NULL
      );
      CREATE INDEX journal_by_record ON journal (record_id, version);
      CREATE INDEX journal_by_process ON journal (process_key);`,
  },
];

type Row = { seq: number; log_position: string; envelope: string };

function entryOf(row: Row): JournalEntry {
  return { seq: row.seq, logPosition: row.log_position, envelope: JSON.parse(row.envelope) as EventEnvelope };
}

/** The journal over a SQLite connection opened (and migrated) by the caller. */
export class SqliteJournalStore implements JournalStore {
  /** `durable`: resolves once everything committed so far is on disk. */
  constructor(
    private readonly db: () => SqliteDb,
    private readonly durable: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** `text`, when given, is the envelope's JSON as the log holds it: stored as is, not serialised again. */
  async project(events: { logPosition: string; envelope: EventEnvelope; text?: string }[]): Promise<JournalEntry[]> {
    const db = this.db();
    const insert = statement(
      db,
      `INSERT INTO journal (event_id, log_position, record_id, version, process_key, record_date, envelope)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    );
    const fresh = db
      .transaction(() => {
        const fresh: JournalEntry[] = [];
        for (const { logPosition, envelope, text } of events) {
          const result = insert.run(
            envelope.id,
            logPosition,
            envelope.subject,
            envelope.recordversion,
            envelope.processkey,
            envelope.data.date ?? envelope.time,
            text ?? envelopeJson(envelope),
          );
          if (result.changes === 1) fresh.push({ seq: Number(result.lastInsertRowid), logPosition, envelope });
        }
        return fresh;
      })
      .immediate();
    // Durable before the projector commits its position in the log: a power loss leaves no gap.
    await this.durable();
    return fresh;
  }

  async readJournal(after: number, limit: number): Promise<JournalEntry[]> {
    const rows = statement(this.db(), 'SELECT seq, log_position, envelope FROM journal WHERE seq > ? ORDER BY seq LIMIT ?').all(
      after,
      limit,
    ) as Row[];
    return rows.map(entryOf);
  }

  async journalHead(): Promise<number> {
    const row = statement(this.db(), 'SELECT MAX(seq) AS head FROM journal').get() as { head: number | null };
    return row.head ?? 0;
  }

  async recordVersions(recordId: string): Promise<JournalEntry[]> {
    const rows = statement(this.db(), 'SELECT seq, log_position, envelope FROM journal WHERE record_id = ? ORDER BY version, seq').all(
      recordId,
    ) as Row[];
    return rows.map(entryOf);
  }

  async processVersions(processKey: string): Promise<JournalEntry[]> {
    const rows = statement(
      this.db(),
      `SELECT seq, log_position, envelope FROM journal
         WHERE record_id IN (SELECT record_id FROM journal WHERE process_key = ?)
         ORDER BY seq`,
    ).all(processKey) as Row[];
    return rows.map(entryOf);
  }

  async recordsOfProcesses(processKeys: string[]): Promise<Map<string, StandardRecord[]>> {
    const byProcess = new Map<string, StandardRecord[]>(processKeys.map((key) => [key, []]));
    if (byProcess.size === 0) return byProcess;
    if (byProcess.size === 1) {
      const [key] = byProcess.keys();
      return new Map([[key!, await this.processRecords(key!)]]);
    }
    // One statement for the whole batch (keys passed as one JSON array) rather than one per key.
    const rows = statement(
      this.db(),
      `SELECT j.process_key, j.envelope FROM journal j
         WHERE j.process_key IN (SELECT value FROM json_each(?))
           AND j.seq = (SELECT k.seq FROM journal k WHERE k.record_id = j.record_id ORDER BY k.version DESC, k.seq ASC LIMIT 1)
         ORDER BY j.process_key, j.record_date, j.record_id`,
    ).all(JSON.stringify([...byProcess.keys()])) as { process_key: string; envelope: string }[];
    for (const r of rows) byProcess.get(r.process_key)!.push((JSON.parse(r.envelope) as EventEnvelope).data);
    return byProcess;
  }

  async processRecords(processKey: string): Promise<StandardRecord[]> {
    const rows = statement(
      this.db(),
      `SELECT j.envelope FROM journal j
         WHERE j.process_key = ?
           AND j.seq = (SELECT k.seq FROM journal k WHERE k.record_id = j.record_id ORDER BY k.version DESC, k.seq ASC LIMIT 1)
         ORDER BY j.record_date, j.record_id`,
    ).all(processKey) as { envelope: string }[];
    return rows.map((r) => (JSON.parse(r.envelope) as EventEnvelope).data);
  }
}
