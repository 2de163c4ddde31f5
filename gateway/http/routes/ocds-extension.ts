/**
 * The project's OCDS extension (schemas/ocds/extension), served where every OCDS package the gateway
 * emits declares it: `GET /public/ocds/extension/{file}` (extension.json, release-schema.json, README.md)
 * and `GET /public/ocds/extension/codelists/{file}` (the CSV codelists OCDS tools fetch next to it).
 * Public open data: anyone may read it. Only the files shipped in the folder are served, listed once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Services } from '../../services.ts';
import { OCDS_EXTENSION_DIR } from '../../standard/index.ts';
import type { Route } from '../context.ts';
import { ApiError } from '../errors.ts';

const MEDIA_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** The extension's files by their path below the folder, read once (a request never names a path itself). */
function extensionFiles(): Map<string, { body: string; type: string }> {
  const files = new Map<string, { body: string; type: string }>();
  const add = (relative: string) => {
    const type = MEDIA_TYPES[relative.slice(relative.lastIndexOf('.'))];
    if (type) files.set(relative, { body: readFileSync(`${OCDS_EXTENSION_DIR}${relative}`, 'utf8'), type });
  };
  for (const entry of readdirSync(OCDS_EXTENSION_DIR, { withFileTypes: true })) if (entry.isFile()) add(entry.name);
  for (const name of readdirSync(`${OCDS_EXTENSION_DIR}codelists`)) add(`codelists/${name}`);
  return files;
}

/** The routes serving the OCDS extension. */
export function ocdsExtensionRoutes(_services: Services): Route[] {
  let files: Map<string, { body: string; type: string }> | undefined;
  const serve = (relative: string) => {
    files ??= extensionFiles();
    const file = files.get(relative);
    if (!file) throw new ApiError('not_found');
    return new Response(file.body, { status: 200, headers: { 'content-type': file.type, 'cache-control': 'public, max-age=3600' } });
  };
  return [
    {
      method: 'GET',
      path: '/public/ocds/extension/:file',
      success: [200],
      errors: ['not_found'],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [(c) => serve(c.req.param('file')!)],
    },
    {
      method: 'GET',
      path: '/public/ocds/extension/codelists/:file',
      success: [200],
      errors: ['not_found'],
      access: { roles: ['public'], acts: 'nothing' },
      handlers: [(c) => serve(`codelists/${c.req.param('file')!}`)],
    },
  ];
}
