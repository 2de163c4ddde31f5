/** What subscription management works with: a small file of its own, so that subscriptions.ts and pause.ts share it without a cycle. */
import type { AuditLog } from '../audit/index.ts';
import type { DeliveryStore, JournalStore } from '../store/index.ts';
import type { AdmissionContext } from './admission.ts';

/** Everything subscription management needs. */
export interface SubscriptionsContext extends AdmissionContext {
  store: DeliveryStore;
  journal: JournalStore;
  rotationGraceMs: number;
  clock: () => Date;
  /** Called after a change so that workers pick it up at once. */
  changed: () => void;
  /** Where every administrative action is recorded. */
  audit: AuditLog;
}
