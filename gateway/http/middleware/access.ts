/**
 * Function-level authorisation: the caller's system kind against the roles its route grants
 * (gateway/http/policy.ts). What the route then acts on (own subscriptions, entitled records) is
 * enforced by the services behind it.
 */
import type { MiddlewareHandler } from 'hono';
import type { SystemKind } from '../../registry/index.ts';
import type { AppEnv, Role } from '../context.ts';
import { ApiError } from '../errors.ts';

/** The name of each system kind, in both languages. */
const KIND_NAMES: Record<SystemKind, { zh: string; en: string }> = {
  provincial: { zh: '省级政府采购系统', en: 'provincial systems' },
  'trading-platform': { zh: '公共资源交易平台', en: 'trading platforms' },
  'e-marketplace': { zh: '电子卖场', en: 'e-marketplaces' },
  'finance-department': { zh: '财政部门', en: 'finance departments' },
  ministry: { zh: '财政部', en: 'the ministry' },
};

/**
 * Refuses (403 `forbidden`, with the granted kinds as `allowedRoles`) a caller whose system kind is
 * not among `roles`; mount after authentication.
 */
export function requireRole(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  const kinds = roles.filter((r): r is SystemKind => r !== 'public');
  const detail = {
    zh: `仅${kinds.map((k) => KIND_NAMES[k].zh).join('、')}可调用此接口。`,
    en: `Only ${kinds.map((k) => KIND_NAMES[k].en).join(', ')} may call this.`,
  };
  return async (c, next) => {
    if (!kinds.includes(c.get('system').kind)) throw new ApiError('forbidden', { detail, extensions: { allowedRoles: kinds } });
    await next();
  };
}
