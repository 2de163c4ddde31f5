/**
 * Subscriptions declared in the registry file (`subscriptions` section) kept in step with the
 * state store: at start-up and after every registry reload.
 */

import type { SubscriptionSpec } from '../registry/sections.ts';
import type { Subscription } from '../store/port.ts';
import { admit, type SubscriptionInput } from './admission.ts';
import { isValidSecret } from './signing.ts';
import { type SubscriptionsContext, startSubscription } from './subscriptions.ts';

/**
 * Makes the store match the registry file's `subscriptions` section: new ones are created,
 * changed ones replaced (cursor kept), removed ones deleted. Secrets from the environment are
 * resolved here. Every spec is checked first; with any problem nothing changes.
 */
export async function syncRegistry(
  ctx: SubscriptionsContext,
  specs: readonly SubscriptionSpec[],
  env: Record<string, string | undefined>,
): Promise<string[]> {
  const problems: string[] = [];
  const planned: { spec: SubscriptionSpec; subscription: Subscription }[] = [];
  for (const spec of specs) {
    const secrets = (spec.webhook?.secrets ?? []).map((x) => {
      const secret = x.secret ?? (x.secretEnv ? env[x.secretEnv] : undefined) ?? '';
      if (!isValidSecret(secret)) problems.push(`subscription '${spec.id}': secret ${x.secretEnv ?? ''} is missing or not a whsec_ secret`);
      return x.expiresAt ? { secret, expiresAt: x.expiresAt } : { secret };
    });
    const input: SubscriptionInput = { mode: spec.mode };
    if (spec.format) input.format = spec.format;
    if (spec.filter) input.filter = spec.filter;
    if (spec.webhook) input.webhook = { url: spec.webhook.url };
    const checked = await admit(ctx, spec.system, input);
    if (!checked.ok) problems.push(`subscription '${spec.id}': ${checked.detail?.en ?? checked.code}`);
    const subscription: Subscription = {
      id: spec.id,
      systemId: spec.system,
      filter: spec.filter ?? {},
      format: spec.format ?? 'cloudevents',
      mode: spec.mode,
      origin: 'registry',
      createdAt: ctx.clock().toISOString(),
    };
    if (spec.webhook) subscription.webhook = { url: spec.webhook.url, secrets };
    planned.push({ spec, subscription });
  }
  if (problems.length > 0) return problems;
  for (const { spec, subscription } of planned) {
    const existing = await ctx.store.subscription(spec.id);
    if (existing && existing.origin !== 'registry') {
      problems.push(`subscription '${spec.id}' already exists and was created through the API`);
    } else if (existing) await ctx.store.putSubscription({ ...subscription, createdAt: existing.createdAt });
    else await startSubscription(ctx, subscription, spec.from ?? 'now');
  }
  const declared = new Set(specs.map((s) => s.id));
  for (const s of await ctx.store.subscriptions()) {
    if (s.origin === 'registry' && !declared.has(s.id)) await ctx.store.removeSubscription(s.id);
  }
  ctx.changed();
  return problems;
}
