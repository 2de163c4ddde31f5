/**
 * The registry as the delivery layer sees it: each system's `subscribe` entitlement (what it may
 * read, by which modes) turned into a subscriber policy. A system without one may not subscribe.
 */
import type { SystemEntry } from '../registry/index.ts';
import type { FeedFilter } from '../store/index.ts';
import type { SubscriberDirectory } from './subscriptions.ts';

/** The subscriber policies of a live registry (looked up on every use, so a reload applies at once). */
export function registryDirectory(registry: { byId(id: string): SystemEntry | undefined }): SubscriberDirectory {
  return (systemId) => {
    const entitlement = registry.byId(systemId)?.subscribe;
    // An empty recordTypes list entitles to nothing (as the registry reads it for ingest too).
    if (!entitlement || entitlement.recordTypes?.length === 0) return null;
    const read: FeedFilter = {};
    if (entitlement.recordTypes) read.recordTypes = [...entitlement.recordTypes];
    if (entitlement.noticeTypes?.length) read.noticeTypes = [...entitlement.noticeTypes];
    if (entitlement.areaPrefixes?.length) read.areaPrefixes = [...entitlement.areaPrefixes];
    const adapter = registry.byId(systemId)?.adapter?.id;
    return { read, ...(entitlement.modes ? { modes: [...entitlement.modes] } : {}), ...(adapter ? { adapter } : {}) };
  };
}
