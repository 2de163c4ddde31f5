/** min.insync.replicas of the topics the Kafka log creates, from their replication factor. */
import { describe, expect, it } from 'vitest';
import { minInsyncReplicasFor } from '../../gateway/log/kafka-client.ts';

describe('minInsyncReplicasFor', () => {
  it('asks for a majority of the replicas from three replicas up', () => {
    expect([3, 4, 5, 7].map(minInsyncReplicasFor)).toEqual([2, 3, 3, 4]);
  });

  it('asks for one replica below three, so one broker down does not stop every write', () => {
    expect([1, 2].map(minInsyncReplicasFor)).toEqual([1, 1]);
  });
});
