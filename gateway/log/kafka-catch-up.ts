/**
 * The catch-up reader of a consumer group member that holds no partitions. A Kafka group hands out
 * no partition while it rebalances, and a rebalance waits for every known member: after a member
 * was SIGKILLed, until its session expires (10 s); after a broker restart, until the group is
 * formed again. For an idempotent handler (the projector writes a journal de-duplicated by event
 * id) nothing needs that wait: this reader, in a throw-away group of its own that no other member
 * joins, reads every partition from the group's committed offsets (or from where it got to itself)
 * until the member has its partitions again. Events may reach the handler twice, never out of
 * order within a partition.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, KafkaClient, PartitionBatchHandler, RunningConsumer } from './kafka-client.ts';
import { report } from './kafka-client.ts';

/** How long a member may be without partitions before the reader starts: a healthy rebalance is quicker. */
export const CATCH_UP_GRACE_MS = 300;

/** Runs while told the member is `unassigned`; stops once it is `assigned` again. */
export class CatchUpReader {
  readonly #client: KafkaClient;
  readonly #group: string;
  readonly #topics: string[];
  readonly #handler: PartitionBatchHandler;
  /** Next offset to read per `topic/partition`, as far as this reader got. */
  readonly #progress = new Map<string, bigint>();
  #wanted = false;
  #closed = false;
  #reader: RunningConsumer | null = null;
  #loop: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(client: KafkaClient, group: string, topics: string[], handler: PartitionBatchHandler) {
    this.#client = client;
    this.#group = group;
    this.#topics = topics;
    this.#handler = handler;
  }

  /** Follows the member's state: reads while it holds no partitions. */
  membership(state: 'assigned' | 'unassigned'): void {
    if (this.#closed) return;
    this.#wanted = state === 'unassigned';
    clearTimeout(this.#timer);
    if (this.#wanted) this.#timer = setTimeout(() => this.#run(), CATCH_UP_GRACE_MS);
    else void this.#stopReader();
  }

  /** Stops for good. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wanted = false;
    clearTimeout(this.#timer);
    await this.#loop;
    await this.#stopReader();
  }

  #run(): void {
    if (this.#loop || !this.#wanted || this.#closed) return;
    this.#loop = this.#start().finally(() => {
      this.#loop = null;
    });
  }

  /** Starts the reader, retrying with a bounded back-off while the broker does not answer. */
  async #start(): Promise<void> {
    for (let failures = 0; this.#wanted && !this.#closed && !this.#reader; failures++) {
      try {
        const committed = new Map<string, bigint>();
        for (const topic of this.#topics) {
          for (const c of await this.#client.committed(this.#group, topic)) {
            if (BigInt(c.offset) >= 0n) committed.set(`${topic}/${c.partition}`, BigInt(c.offset));
          }
        }
        if (!this.#wanted || this.#closed) return;
        report('info', 'kafka group member holds no partitions; catching up outside the group', { groupId: this.#group });
        this.#reader = await this.#client.consume(
          `${this.#group}.catch-up-${randomUUID()}`,
          this.#topics,
          (messages) => this.#deliver(messages),
          {
            commit: false,
            start: (topic, partition) => {
              const slot = `${topic}/${partition}`;
              // The further of the group's commit and this reader's own progress.
              const [own, group] = [this.#progress.get(slot), committed.get(slot)];
              const from = own === undefined ? group : group === undefined || own > group ? own : group;
              return from?.toString();
            },
          },
        );
        // Told `assigned` while starting: the stop then found no reader yet.
        if (!this.#wanted || this.#closed) await this.#stopReader();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** failures, 2_000)));
      }
    }
  }

  async #deliver(messages: IncomingMessage[]): Promise<void> {
    if (!this.#wanted) return;
    await this.#handler(messages);
    const last = messages[messages.length - 1]!;
    this.#progress.set(`${last.topic}/${last.partition}`, BigInt(last.offset) + 1n);
  }

  async #stopReader(): Promise<void> {
    const reader = this.#reader;
    this.#reader = null;
    if (reader) await reader.stop().catch(() => {});
  }
}
