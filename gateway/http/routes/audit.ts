/**
 * The audit log for the ministry (财政部): `GET /v1/audit` answers administrative actions in
 * sequence order, filtered by system, action and time, paged by `after` with the `next` cursor;
 * `GET /v1/audit/verify` re-reads the whole hash chain and says whether it is intact.
 */
import type { Context } from 'hono';
import { AUDIT_ACTIONS, type AuditAction, type AuditFilter } from '../../audit/index.ts';
import type { Services } from '../../services.ts';
import { type Access, type AppEnv, authErrors, type Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { authenticate } from '../middleware/auth.ts';
import { verifySignature } from '../middleware/signature.ts';
import { ministryOnly } from './monitor.ts';
import { intParam } from './subscriptions.ts';

/** Ministry only: the audit log concerns every system. */
const SUPERVISION: Access = { roles: ['ministry'], acts: 'supervision' };
/** Entries per page at most. */
const MAX_LIMIT = 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const SYSTEM_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A 400 naming the offending query parameter. */
function badParam(name: string, zh: string, en: string): ApiError {
  return new ApiError('malformed_request', { errors: [{ pointer: '', keyword: name, message: { zh, en } }] });
}

/** An RFC 3339 query parameter as UTC `toISOString()` (the form entries are stored and compared in), or undefined. */
function timeParam(c: Context<AppEnv>, name: string): string | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (!RFC3339.test(raw) || Number.isNaN(ms)) {
    throw badParam(name, `参数 ${name} 须为 RFC 3339 时间`, `${name} must be an RFC 3339 time`);
  }
  return new Date(ms).toISOString();
}

/** The filter of a `GET /v1/audit` request. */
function auditFilter(c: Context<AppEnv>): AuditFilter {
  const filter: AuditFilter = { limit: Math.max(1, intParam(c, 'limit', 100, MAX_LIMIT)) };
  const after = intParam(c, 'after', 0, Number.MAX_SAFE_INTEGER);
  if (after > 0) filter.after = after;
  const system = c.req.query('system');
  if (system !== undefined && system !== '') {
    if (!SYSTEM_ID.test(system)) throw badParam('system', '参数 system 须为系统标识', 'system must be a system id');
    filter.systemId = system;
  }
  const action = c.req.query('action');
  if (action !== undefined && action !== '') {
    if (!(AUDIT_ACTIONS as readonly string[]).includes(action)) {
      throw badParam(
        'action',
        `参数 action 须为以下之一：${AUDIT_ACTIONS.join(', ')}`,
        `action must be one of ${AUDIT_ACTIONS.join(', ')}`,
      );
    }
    filter.action = action as AuditAction;
  }
  const since = timeParam(c, 'since');
  const until = timeParam(c, 'until');
  if (since) filter.since = since;
  if (until) filter.until = until;
  return filter;
}

/** The audit routes. */
export function auditRoutes(services: Services): Route[] {
  const guard = [authenticate(services), verifySignature(services), ministryOnly()];
  return [
    {
      method: 'GET',
      path: '/v1/audit',
      access: SUPERVISION,
      success: [200],
      errors: [...authErrors, 'forbidden', 'malformed_request'],
      handlers: [
        ...guard,
        async (c) => {
          const filter = auditFilter(c);
          const entries = await services.audit.list(filter);
          c.header('cache-control', 'no-store');
          // `next` continues after the last entry seen (or where this page began when there was none).
          return c.json({ entries, next: entries.at(-1)?.seq ?? filter.after ?? 0 });
        },
      ],
    },
    {
      method: 'GET',
      path: '/v1/audit/verify',
      access: SUPERVISION,
      success: [200],
      errors: [...authErrors, 'forbidden'],
      handlers: [
        ...guard,
        async (c) => {
          c.header('cache-control', 'no-store');
          return c.json({ chain: await services.audit.verify() });
        },
      ],
    },
  ];
}
