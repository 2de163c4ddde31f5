/** The public face of gateway/store/: other folders import from here. It only re-exports. */
export {
  type AcceptedRecord,
  type AdapterCursorStore,
  type BulkDay,
  type BulkDaySummary,
  type DeadLetter,
  type DeliveryAttempt,
  type DeliveryMode,
  type DeliveryStore,
  type EndpointState,
  type FeedFilter,
  type IngestStore,
  type JournalEntry,
  type JournalStore,
  type Lease,
  type MonitorStore,
  type PublicationStore,
  type PublicJwk,
  type Receipt,
  type RejectionRecord,
  type StateStores,
  type StoredCursor,
  StoreUnavailableError,
  type Subscription,
  type SubscriptionPause,
  type WebhookSecret,
  type WebhookSignatureKind,
} from './port.ts';
export { PostgresStore } from './postgres/index.ts';
export { sealSecrets } from './sealed.ts';
export { type CheckpointOptions, WalCheckpointer } from './sqlite/checkpointer.ts';
export { migrate, openDatabase, type SqliteDb, statement } from './sqlite/database.ts';
export { SqliteStateStores } from './sqlite/index.ts';
export { WalSync } from './sqlite/wal-sync.ts';
