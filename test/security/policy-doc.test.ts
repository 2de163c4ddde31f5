/**
 * docs/security.md shows the access policy exactly as the routes declare it: the table is
 * generated (npm run docs:policy), and this test fails when the page and the code drift apart.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessPolicy, policyMarkdown } from '../../gateway/http/policy.ts';
import { currentPolicyTable, SECURITY_DOC, withPolicyTable } from '../../scripts/gen-access-policy.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

describe('docs/security.md', () => {
  it('shows the access policy of the routes the app serves (run npm run docs:policy when it fails)', () => {
    const table = policyMarkdown(accessPolicy(gw.app.routeTable));
    expect(currentPolicyTable()).toBe(table);
    const page = readFileSync(SECURITY_DOC, 'utf8');
    expect(withPolicyTable(page, table)).toBe(page);
  });

  it('lists one row per route of the app', () => {
    const rows = policyMarkdown(accessPolicy(gw.app.routeTable))
      .split('\n')
      .slice(2)
      .map((line) => line.split(' | ').slice(0, 2).join(' ').replace(/[|`]/g, '').trim());
    expect(rows).toEqual(gw.app.routeTable.map((r) => `${r.method} ${r.path}`));
  });
});
