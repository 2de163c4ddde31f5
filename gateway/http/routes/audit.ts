/**
 * The audit log for the ministry (财政部): `GET /v1/audit` answers administrative actions in
 * sequence order, filtered by system, action and time, paged by `after` with the `next` cursor;
 * `GET /v1/audit/verify` re-reads the whole hash chain and says whether it is intact.
 */
import type { Context } from 'hono';
import { AUDIT_ACTIONS, type AuditAction, type AuditFilter } from '../../audit/index.ts';
import type { Services } from '../../services.ts';
import { type Access, type AppEnv, authErrors, type Route } from '../context.ts';
import { badQuery, intQuery, textQuery } from '../query.ts';

/** Ministry only: the audit log concerns every system. */
const SUPERVISION: Access = { roles: ['ministry'], acts: 'supervision' };
/** Entries per page at most. */
const MAX_LIMIT = 1000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const SYSTEM_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** An RFC 3339 query parameter as UTC `toISOString()` (the form entries are stored and compared in), or undefined. */
function timeQuery(c: Context<AppEnv>, name: string): string | undefined {
  const raw = textQuery(c, name, 64);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (!RFC3339.test(raw) || Number.isNaN(ms)) throw badQuery(name, { zh: 'RFC 3339 时间', en: 'an RFC 3339 time' });
  return new Date(ms).toISOString();
}

/** The filter of a `GET /v1/audit` request. */
function auditFilter(c: Context<AppEnv>): AuditFilter {
  const filter: AuditFilter = { limit: intQuery(c, 'limit', { fallback: 100, min: 1, max: MAX_LIMIT }) };
  const after = intQuery(c, 'after', { fallback: 0, max: Number.MAX_SAFE_INTEGER });
  if (after > 0) filter.after = after;
  const system = textQuery(c, 'system', 128);
  if (system !== undefined) {
    if (!SYSTEM_ID.test(system)) throw badQuery('system', { zh: '系统标识', en: 'a system id' });
    filter.systemId = system;
  }
  const action = textQuery(c, 'action', 64);
  if (action !== undefined) {
    if (!(AUDIT_ACTIONS as readonly string[]).includes(action)) {
      throw badQuery('action', { zh: `以下之一：${AUDIT_ACTIONS.join(', ')}`, en: `one of ${AUDIT_ACTIONS.join(', ')}` });
    }
    filter.action = action as AuditAction;
  }
  const since = timeQuery(c, 'since');
  const until = timeQuery(c, 'until');
  if (since) filter.since = since;
  if (until) filter.until = until;
  return filter;
}

/** The audit routes. */
export function auditRoutes(services: Services): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/audit',
      access: SUPERVISION,
      success: [200],
      errors: [...authErrors, 'forbidden', 'malformed_request'],
      handlers: [
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
        async (c) => {
          c.header('cache-control', 'no-store');
          return c.json({ chain: await services.audit.verify() });
        },
      ],
    },
  ];
}
