/**
 * Subscriptions declared in the registry file (`subscriptions` section) kept in step with the
 * state store: at start-up and after every registry reload. Each creation, change and removal is
 * audited with the actor `operator` (whoever edits the file); a sync that changes nothing leaves
 * nothing, so processes syncing the same file after another one record no duplicates.
 */

import type { SubscriptionSpec } from '../registry/index.ts';
import type { Subscription } from '../store/index.ts';
import { admit, type SubscriptionInput } from './admission.ts';
import { isValidSecret } from './signing.ts';
import { type SubscriptionsContext, startSubscription } from './subscriptions.ts';
import { audit, type Caller } from './supervision.ts';

/** Who changes registry-declared subscriptions: the operator, through the registry file. */
const OPERATOR: Caller = { systemId: 'operator', ministry: false };

/** The fields of a subscription that differ (names only: a secret never enters the audit log). */
function changedFields(before: Subscription, after: Subscription): string[] {
  const fields = ['filter', 'format', 'mode'] as const;
  const changed: string[] = fields.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
  if (before.webhook?.url !== after.webhook?.url) changed.push('webhook.url');
  if (JSON.stringify(before.webhook?.secrets) !== JSON.stringify(after.webhook?.secrets)) changed.push('webhook.secrets');
  if (JSON.stringify(before.webhook?.signatures ?? []) !== JSON.stringify(after.webhook?.signatures ?? []))
    changed.push('webhook.signatures');
  return changed;
}

/** The subscriptions a registry declares, checked and resolved: what a sync would write, or why it cannot. */
export interface RegistryPlan {
  problems: string[];
  planned: { spec: SubscriptionSpec; subscription: Subscription }[];
}

/**
 * Checks every declared subscription against the context's entitlements, formats and SSRF guard
 * and resolves secrets from the environment, writing nothing. A reload checks a candidate
 * registry this way (with the candidate's entitlements and allow-list) before applying it.
 */
export async function planRegistry(
  ctx: SubscriptionsContext,
  specs: readonly SubscriptionSpec[],
  env: Record<string, string | undefined>,
): Promise<RegistryPlan> {
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
    if (spec.webhook)
      subscription.webhook = {
        url: spec.webhook.url,
        secrets,
        ...(spec.webhook.signatures?.length ? { signatures: spec.webhook.signatures } : {}),
      };
    planned.push({ spec, subscription });
  }
  const ids = specs.map((s) => s.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`subscription '${id}' is declared twice`);
  for (const spec of specs) {
    const existing = await ctx.store.subscription(spec.id);
    if (existing && existing.origin !== 'registry')
      problems.push(`subscription '${spec.id}' already exists and was created through the API`);
  }
  return { problems, planned };
}

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
  const { problems, planned } = await planRegistry(ctx, specs, env);
  if (problems.length > 0) return problems;
  for (const { spec, subscription } of planned) {
    const existing = await ctx.store.subscription(spec.id);
    if (existing && existing.origin !== 'registry') {
      problems.push(`subscription '${spec.id}' already exists and was created through the API`);
    } else if (existing) {
      const fields = changedFields(existing, subscription);
      if (fields.length === 0) continue;
      await ctx.store.putSubscription({ ...subscription, createdAt: existing.createdAt });
      await audit(ctx.audit, OPERATOR, 'subscription.changed', spec.id, spec.system, { origin: 'registry', fields });
    } else {
      await startSubscription(ctx, subscription, spec.from ?? 'now');
      await audit(ctx.audit, OPERATOR, 'subscription.created', spec.id, spec.system, { origin: 'registry', mode: spec.mode });
    }
  }
  const declared = new Set(specs.map((s) => s.id));
  for (const s of await ctx.store.subscriptions()) {
    if (s.origin === 'registry' && !declared.has(s.id) && (await ctx.store.removeSubscription(s.id))) {
      await audit(ctx.audit, OPERATOR, 'subscription.deleted', s.id, s.systemId, { origin: 'registry' });
    }
  }
  ctx.changed();
  return problems;
}
