/** The public face of gateway/log/: other folders import from here. It only re-exports. */
export { createKafkaRecordLog } from './kafka.ts';
export {
  type ConsumeOptions,
  type LogConsumer,
  type LoggedEvent,
  LogUnavailableError,
  type RecordLog,
  type RejectionEvent,
} from './port.ts';
export { SqliteLog } from './sqlite.ts';
