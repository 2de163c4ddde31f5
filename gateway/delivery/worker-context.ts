/** What every webhook worker of a process shares: stores, notifier, sender, formats and the retry policy. */
import type { DeliveryStore, FeedFilter, JournalStore } from '../store/index.ts';
import type { OutboundFormats } from './format.ts';
import type { JournalNotifier } from './notifier.ts';
import type { RetryPolicy } from './retry.ts';
import type { WebhookSender } from './sender.ts';

/** What a worker needs; shared by every worker of a process. */
export interface WorkerContext {
  store: DeliveryStore;
  journal: JournalStore;
  notifier: JournalNotifier;
  sender: WebhookSender;
  adapters: OutboundFormats;
  /** The read entitlement of a system (null: it may read nothing). */
  entitlement: (systemId: string) => FeedFilter | null;
  policy: RetryPolicy;
  /** Parallel lanes per subscription. */
  lanes: number;
  /** Journal entries read at once; about twice this many may wait in a worker's lanes. */
  batchSize: number;
  /** How often to look for journal entries written by other processes, and for changed subscriptions. */
  pollMs: number;
  clock: () => Date;
  random?: () => number;
  onError: (error: unknown, subscriptionId: string) => void;
}
