/**
 * The access policy (访问策略) as data: every route's declared `access` (who may call it, what it
 * acts on), checked before anything is mounted (default deny: no declaration, no route), listed as
 * one table for docs/security.md and the security suite, and the methods a path answers (for 405).
 */
import type { SystemKind } from '../registry/index.ts';
import type { Access, Credentials, Role, Route, Target } from './context.ts';
import type { ErrorCode } from './errors.ts';

/** Every kind of registered system, in the order the policy lists them. */
const KINDS: Record<SystemKind, true> = {
  provincial: true,
  'trading-platform': true,
  'e-marketplace': true,
  'finance-department': true,
  ministry: true,
};
/** Every kind of registered system (a record, so a new kind cannot be left out). */
export const SYSTEM_KINDS = Object.keys(KINDS) as readonly SystemKind[];

const TARGETS: readonly Target[] = [
  'nothing',
  'contributable-processes',
  'entitled-records',
  'own-subscriptions',
  'own-system',
  'supervision',
];
const CREDENTIALS: readonly Credentials[] = ['api-key', 'monitor-token'];

/** One row of the access policy. */
export interface PolicyRow {
  method: Route['method'];
  path: string;
  roles: readonly Role[];
  acts: Target;
  credentials: Credentials | 'none';
}

/** True when a route needs no credentials. */
export function isPublic(access: Access): boolean {
  return access.roles.includes('public');
}

/** Why a route's declaration is unusable, or null when it is sound. */
function declarationProblem(route: Partial<Route>): string | null {
  const access = route.access as Partial<Access> | undefined;
  if (!access || typeof access !== 'object') return 'declares no access';
  if (!Array.isArray(access.roles) || access.roles.length === 0) return 'grants no role';
  const unknown = access.roles.filter((r) => r !== 'public' && !SYSTEM_KINDS.includes(r as SystemKind));
  if (unknown.length > 0) return `names unknown roles ${unknown.join(', ')}`;
  if (access.roles.includes('public') && access.roles.length > 1) return "mixes 'public' with system kinds";
  if (!TARGETS.includes(access.acts as Target)) return `acts on an unknown target ${String(access.acts)}`;
  if (access.credentials !== undefined && !CREDENTIALS.includes(access.credentials))
    return `names unknown credentials ${access.credentials}`;
  if (access.roles.includes('public') && access.acts !== 'nothing') return "is public but acts on more than 'nothing'";
  return null;
}

/**
 * Refuses a route table with an undeclared or unsound entry (default deny), or the same method and
 * path twice: the app calls it before mounting anything, so such a table never serves a request.
 */
export function checkPolicy(routes: readonly Partial<Route>[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    const name = `${route.method ?? '?'} ${route.path ?? '?'}`;
    const problem = declarationProblem(route);
    if (problem) problems.push(`${name} ${problem}`);
    if (seen.has(name)) problems.push(`${name} is declared twice`);
    seen.add(name);
  }
  if (problems.length > 0) throw new Error(`access policy refused (docs/security.md#access-policy): ${problems.join('; ')}`);
}

/** The access policy of a route table, one row per route, in the table's order. */
export function accessPolicy(routes: readonly Route[]): PolicyRow[] {
  return routes.map((r) => ({
    method: r.method,
    path: r.path,
    roles: r.access.roles,
    acts: r.access.acts,
    credentials: isPublic(r.access) ? 'none' : (r.access.credentials ?? 'api-key'),
  }));
}

/** The errors the app itself answers with on a route, from its declaration (added to the route's own). */
export function policyErrors(access: Access): ErrorCode[] {
  if (isPublic(access)) return ['rate_limited'];
  const errors: ErrorCode[] = ['unauthenticated', 'rate_limited'];
  if ((access.credentials ?? 'api-key') === 'api-key') errors.push('signature_invalid');
  if (SYSTEM_KINDS.some((kind) => !access.roles.includes(kind))) errors.push('forbidden');
  return errors;
}

/** The access policy as a Markdown table (docs/security.md embeds it; a test keeps the two equal). */
export function policyMarkdown(rows: readonly PolicyRow[]): string {
  const lines = ['| Method | Path | Roles | Acts on | Credentials |', '|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| ${row.method} | \`${row.path}\` | ${row.roles.join(', ')} | ${row.acts} | ${row.credentials} |`);
  }
  return lines.join('\n');
}

/** A matcher of Hono path syntax (`:name` is one segment), for the 405 answer. */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The methods the table has for a concrete path (HEAD with GET), empty when no route matches it. */
export function allowedMethods(routes: readonly Route[]): (path: string) => string[] {
  const patterns = [...new Set(routes.map((r) => r.path))].map((path) => ({
    pattern: pathPattern(path),
    methods: routes.filter((r) => r.path === path).map((r) => r.method),
  }));
  return (path) => {
    const methods = new Set<string>(patterns.filter((p) => p.pattern.test(path)).flatMap((p) => p.methods));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
