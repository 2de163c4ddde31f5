/**
 * Hostile requests to the public routes (no credentials needed, so anyone can send them): bad
 * cursors, huge limits, odd area codes, path traversal in bulk file names, garbage in If-None-Match.
 * Each is refused with a 4xx problem, never a 5xx, and a normal request is served afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, publishingRegistry } from '../publication/support.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

/** One hostile request: a path (with query) and headers, and the status it must get. */
interface Attack {
  name: string;
  path: string;
  headers?: Record<string, string>;
  method?: string;
  status: number;
}

const ATTACKS: Attack[] = [
  // Cursors and limits
  { name: 'a negative cursor', path: '/public/ocds/releases?since=-1', status: 400 },
  { name: 'a cursor that is not a number', path: '/public/ocds/releases?since=abc', status: 400 },
  { name: 'a cursor with an exponent', path: '/public/ocds/releases?since=1e3', status: 400 },
  { name: 'a cursor past 2^53', path: '/public/ocds/releases?since=99999999999999999999', status: 400 },
  { name: 'a cursor given twice', path: '/public/ocds/releases?since=1&since=2', status: 400 },
  { name: 'a cursor with a NUL byte', path: '/public/ocds/releases?since=1%00', status: 400 },
  { name: 'a huge limit', path: '/public/ocds/releases?limit=1000000', status: 400 },
  { name: 'a zero limit', path: '/public/ocds/releases?limit=0', status: 400 },
  { name: 'a fractional limit', path: '/public/ocds/releases?limit=1.5', status: 400 },
  // Odd area codes
  { name: 'a two-digit area code', path: '/public/atom/35.xml', status: 404 },
  { name: 'a seven-digit area code', path: '/public/atom/3500000.xml', status: 404 },
  { name: 'an area code with a leading zero', path: '/public/atom/035000.xml', status: 404 },
  { name: 'an area code with another suffix', path: '/public/atom/350000.json', status: 404 },
  { name: 'an area code without a suffix', path: '/public/atom/350000', status: 404 },
  { name: 'an area code with full-width digits', path: `/public/atom/${encodeURIComponent('３５００００')}.xml`, status: 404 },
  { name: 'path traversal as an area code', path: '/public/atom/..%2F..%2Fetc%2Fpasswd', status: 404 },
  // Bulk file names
  { name: 'path traversal in a bulk file name', path: '/public/bulk/..%2F..%2Fstate.db', status: 404 },
  { name: 'dot segments in a bulk file name', path: '/public/bulk/%2e%2e%2fstate.db', status: 404 },
  { name: 'a NUL byte after a bulk file name', path: '/public/bulk/2026-04-08.jsonl.gz%00', status: 404 },
  { name: 'a bulk file of an impossible day', path: '/public/bulk/2026-02-30.jsonl.gz', status: 404 },
  { name: 'a bulk file with a backslash', path: '/public/bulk/..%5Cstate.db', status: 404 },
  { name: 'a bulk file name 5 000 characters long', path: `/public/bulk/${'a'.repeat(5000)}.jsonl.gz`, status: 404 },
  // Process ids
  { name: 'an ocid with SQL in it', path: `/public/ocds/records/${encodeURIComponent("x' OR '1'='1")}`, status: 404 },
  { name: 'an ocid 5 000 characters long', path: `/public/ocds/records/${'o'.repeat(5000)}`, status: 404 },
  { name: 'an ocid with a NUL byte', path: '/public/ocds/records/ocds-px0001%00', status: 404 },
  // Conditional requests
  { name: 'If-None-Match that is not an entity tag', path: '/public/bulk', headers: { 'if-none-match': 'garbage' }, status: 400 },
  { name: 'If-None-Match with an unterminated tag', path: '/public/bulk', headers: { 'if-none-match': '"abc' }, status: 400 },
  { name: 'If-None-Match with two tags and no comma', path: '/public/ocds/releases', headers: { 'if-none-match': '"a" "b"' }, status: 400 },
  { name: 'If-None-Match with a bare weak marker', path: '/public/atom/350000.xml', headers: { 'if-none-match': 'W/' }, status: 400 },
  // Methods
  { name: 'a POST to a public route', path: '/public/ocds/releases', method: 'POST', status: 405 },
  { name: 'a DELETE of a bulk file', path: '/public/bulk/2026-04-08.jsonl.gz', method: 'DELETE', status: 405 },
  // The OCDS extension's files and the standard's schemas: only the files shipped, by exact name
  { name: 'path traversal as an extension file', path: '/public/ocds/extension/..%2F..%2Fpackage.json', status: 404 },
  { name: 'dot segments as an extension file', path: '/public/ocds/extension/%2e%2e%2fREADME.md', status: 404 },
  { name: 'an extension file that is not shipped', path: '/public/ocds/extension/secrets.json', status: 404 },
  { name: 'path traversal as a codelist', path: '/public/ocds/extension/codelists/..%2Fextension.json', status: 404 },
  { name: 'a codelist with a NUL byte', path: '/public/ocds/extension/codelists/partyScale.csv%00', status: 404 },
  { name: 'path traversal as a schema file', path: '/schemas/v1/..%2F..%2Fpackage.json', status: 404 },
  { name: 'a schema file with another case', path: '/schemas/v1/NOTICE.schema.json', status: 404 },
];

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ registry: publishingRegistry() });
  await project(gw.services.stores);
  await gw.services.publication.bulk.buildDay('2026-04-08');
});
afterAll(() => gw?.close());

describe('hostile requests to the public routes', () => {
  for (const attack of ATTACKS) {
    it(`refuses ${attack.name} with ${attack.status}, a problem, never a 5xx`, async () => {
      const res = await gw.app.request(`http://gateway.example${attack.path}`, {
        method: attack.method ?? 'GET',
        headers: attack.headers ?? {},
      });
      const text = await res.text();
      expect(res.status, text).toBe(attack.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(text)).toMatchObject({ status: res.status });
    });
  }

  it('still serves the public routes after the whole corpus', async () => {
    for (const path of ['/public/ocds/releases', '/public/bulk', '/public/bulk/2026-04-08.jsonl.gz', '/public/atom/350000.xml']) {
      expect((await gw.app.request(`http://gateway.example${path}`)).status, path).toBe(200);
    }
  });
});
