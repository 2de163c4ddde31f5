/**
 * Public publication (信息公开, docs/open-data.md): unauthenticated, cacheable, rate-limited per
 * client address by the app. What appears is what the publication policy (the registry's
 * `publication` section) makes public, without personal data (gateway/publication/).
 * - `GET /public/ocds/releases?since=&limit=`: release packages in journal order, `Link: rel="next"`;
 * - `GET /public/ocds/records/{ocid}`: the record package of one process;
 * - `GET /public/bulk`, `/public/bulk/{day}.jsonl.gz`, `/public/bulk/{day}.manifest.json`: daily bulk files;
 * - `GET /public/atom/{areaCode}.xml`: an area's Atom feed of new notices.
 * Every answer carries a strong ETag; a matching If-None-Match answers 304; a malformed one 400.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { renderAtom } from '../../publication/index.ts';
import type { Services } from '../../services.ts';
import type { Access, AppEnv, Route } from '../context.ts';
import { ApiError } from '../errors.ts';
import { intQuery } from '../query.ts';

const open: Access = { roles: ['public'], acts: 'nothing' };
/** Most releases per page. */
const MAX_LIMIT = 1_000;
const OCID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const BULK_FILE = /^(\d{4}-\d{2}-\d{2})\.(jsonl\.gz|manifest\.json)$/;
const ATOM_FILE = /^([1-9][0-9]{5})\.xml$/;
/** One entity tag of If-None-Match (RFC 9110 §8.8.3): optional W/, then a quoted string of etagc. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\xff]*"$/;

/** A strong ETag of a body. */
function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** True when If-None-Match matches `etag` (weak comparison); 400 when the header is malformed. */
function notModified(c: Context<AppEnv>, etag: string): boolean {
  const header = c.req.header('if-none-match');
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.some((t) => !ENTITY_TAG.test(t))) {
    throw new ApiError('malformed_request', {
      detail: { zh: 'If-None-Match 请求头格式无效', en: 'the If-None-Match header is malformed' },
    });
  }
  return tags.some((t) => t.replace(/^W\//, '') === etag);
}

/** Answers a cacheable body: 304 when the client has it, else 200 with ETag and Cache-Control. */
function cacheable(c: Context<AppEnv>, body: string | Uint8Array, contentType: string, maxAgeS: number): Response {
  const etag = etagOf(body);
  const headers = { etag, 'cache-control': `public, max-age=${maxAgeS}`, vary: 'accept-encoding' };
  if (notModified(c, etag)) return new Response(null, { status: 304, headers });
  return c.body(body as string, 200, { ...headers, 'content-type': contentType });
}

function notFound(): ApiError {
  return new ApiError('not_found');
}

/** The origin the client used, for absolute links. */
function originOf(c: Context<AppEnv>): string {
  return new URL(c.req.url).origin;
}

/** The public routes. */
export function publicRoutes(services: Services): Route[] {
  const { service } = services.publication;
  const json = 'application/json; charset=utf-8';
  return [
    {
      method: 'GET',
      path: '/public/ocds/releases',
      success: [200, 304],
      errors: ['malformed_request', 'rate_limited'],
      access: open,
      handlers: [
        async (c) => {
          const since = intQuery(c, 'since', { fallback: 0, max: Number.MAX_SAFE_INTEGER });
          const limit = intQuery(c, 'limit', { fallback: 100, min: 1, max: MAX_LIMIT });
          const page = await service.releases(since, limit);
          const next = `${originOf(c)}/public/ocds/releases?since=${page.next}&limit=${limit}`;
          c.header('link', `<${next}>; rel="next"`);
          // The cursor travels in the Link header only: the OCDS 1.1 release package has no field for it.
          const body = `${JSON.stringify(page.package)}\n`;
          // A page that is not full may still grow; a full one never changes.
          return cacheable(c, body, json, page.releases === limit ? 86_400 : 60);
        },
      ],
    },
    {
      method: 'GET',
      path: '/public/ocds/records/:ocid',
      success: [200, 304],
      errors: ['not_found', 'malformed_request', 'rate_limited'],
      access: open,
      handlers: [
        async (c) => {
          const ocid = c.req.param('ocid')!;
          if (!OCID.test(ocid)) throw notFound();
          const pkg = await service.record(ocid);
          if (!pkg) throw notFound();
          return cacheable(c, `${JSON.stringify(pkg)}\n`, json, 300);
        },
      ],
    },
    {
      method: 'GET',
      path: '/public/bulk',
      success: [200, 304],
      errors: ['malformed_request', 'rate_limited'],
      access: open,
      handlers: [
        async (c) => {
          const fingerprint = service.policy().fingerprint;
          const days = (await services.stores.publication.bulkDays()).filter((d) => d.policy === fingerprint);
          const base = `${originOf(c)}/public/bulk/`;
          const index = {
            timeZone: 'Asia/Shanghai',
            days: days.map((d) => ({
              day: d.day,
              file: `${base}${d.day}.jsonl.gz`,
              manifest: `${base}${d.day}.manifest.json`,
              sha256: d.sha256,
              bytes: d.bytes,
              packages: d.packages,
              releases: d.releases,
            })),
          };
          return cacheable(c, `${JSON.stringify(index)}\n`, json, 300);
        },
      ],
    },
    {
      method: 'GET',
      path: '/public/bulk/:file',
      success: [200, 304],
      errors: ['not_found', 'malformed_request', 'rate_limited'],
      access: open,
      handlers: [
        async (c) => {
          const match = BULK_FILE.exec(c.req.param('file') ?? '');
          if (!match) throw notFound();
          const stored = await services.stores.publication.bulkDay(match[1]!);
          // A day built under another policy waits for its rebuild: it may hold what is no longer public.
          if (!stored || stored.policy !== service.policy().fingerprint) throw notFound();
          if (match[2] === 'manifest.json') return cacheable(c, stored.manifest, json, 86_400);
          c.header('content-disposition', `attachment; filename="${stored.day}.jsonl.gz"`);
          return cacheable(c, stored.gzip, 'application/gzip', 86_400);
        },
      ],
    },
    {
      method: 'GET',
      path: '/public/atom/:file',
      success: [200, 304],
      errors: ['not_found', 'malformed_request', 'rate_limited'],
      access: open,
      handlers: [
        async (c) => {
          const match = ATOM_FILE.exec(c.req.param('file') ?? '');
          if (!match) throw notFound();
          const notices = await service.newestInArea(match[1]!);
          return cacheable(c, renderAtom(match[1]!, originOf(c), notices), 'application/atom+xml; charset=utf-8', 300);
        },
      ],
    },
  ];
}
