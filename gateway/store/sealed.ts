/**
 * Secrets at rest: a decorator over the state stores (either deployment) that seals what the gateway
 * keeps of secrets (webhook signing secrets in the delivery store, the shared dashboard-token key in
 * the monitor store) with a SecretBox, and opens them on read. No secret reaches a row in plain text.
 * Rows written before sealing existed are opened as they are and re-sealed by start() (one pass over
 * the subscriptions); docs/cryptography.md.
 */
import type { SecretBox } from '../crypto/index.ts';
import type { DeliveryStore, MonitorStore, StateStores, Subscription } from './port.ts';

/** The state stores with secrets sealed by `box`. */
export function sealSecrets(stores: StateStores, box: SecretBox): StateStores {
  const delivery = sealedDelivery(stores.delivery, box);
  const monitor = override<MonitorStore>(stores.monitor, {
    sharedSecret: async (name: string, candidate: string) =>
      box.open(await stores.monitor.sharedSecret(name, box.seal(candidate, `shared:${name}`)), `shared:${name}`),
  });
  return override<StateStores>(stores, {
    delivery,
    monitor,
    start: async () => {
      await stores.start();
      await resealPlainSecrets(stores.delivery, delivery);
    },
  });
}

function sealedDelivery(store: DeliveryStore, box: SecretBox): DeliveryStore {
  const map = (s: Subscription, f: (secret: string) => string): Subscription =>
    s.webhook ? { ...s, webhook: { ...s.webhook, secrets: s.webhook.secrets.map((x) => ({ ...x, secret: f(x.secret) })) } } : s;
  const open = (s: Subscription) => map(s, (secret) => box.open(secret, s.id));
  return override<DeliveryStore>(store, {
    putSubscription: (s: Subscription) => store.putSubscription(map(s, (secret) => box.seal(secret, s.id))),
    subscription: async (id: string) => {
      const s = await store.subscription(id);
      return s && open(s);
    },
    subscriptions: async (query?: Parameters<DeliveryStore['subscriptions']>[0]) => (await store.subscriptions(query)).map(open),
  });
}

/** Re-writes, sealed, every subscription still holding a plain secret (rows of earlier releases). */
async function resealPlainSecrets(raw: DeliveryStore, sealed: DeliveryStore): Promise<void> {
  for (const s of await raw.subscriptions()) {
    if (s.webhook?.secrets.some((x) => !x.secret.startsWith('pxgenc:'))) {
      const plain = await sealed.subscription(s.id);
      if (plain) await sealed.putSubscription(plain);
    }
  }
}

/** `target` with some members replaced; every other member is the target's own, bound to it. */
function override<T extends object>(target: T, members: Partial<T>): T {
  return new Proxy(target, {
    get(t, property) {
      if (Object.hasOwn(members, property)) return members[property as keyof T];
      const value = Reflect.get(t, property, t) as unknown;
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}
