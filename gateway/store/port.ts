/**
 * The state store port: everything the gateway remembers besides the log itself, one file per
 * concern in ports/ (mirroring sqlite/ and postgres/). Embedded: SQLite (gateway/store/sqlite/).
 * Distributed: PostgreSQL (gateway/store/postgres/). Each concern has one behavioural suite in
 * test/ports/ run against both.
 */
export * from './ports/adapter-cursors.ts';
export * from './ports/audit.ts';
export * from './ports/availability.ts';
export * from './ports/delivery.ts';
export * from './ports/ingest.ts';
export * from './ports/journal.ts';
export * from './ports/monitor.ts';
export * from './ports/nonces.ts';
export * from './ports/publication.ts';
export * from './ports/stores.ts';
