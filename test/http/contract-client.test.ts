/**
 * The typed client (contracts/client) is generated from the contract: the checked-in types are
 * what `npm run gen:client` writes for the current contract, and the client speaks it in-process.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGatewayClient, type StandardRecord } from '../../contracts/client/index.ts';
import { CLIENT_TYPES, clientTypes } from '../../scripts/gen-client.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { headerRecord } from '../support/records.ts';
import { keys } from '../support/registry.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

/** A client whose requests go to the in-process app. */
function clientOf(key?: string) {
  return createGatewayClient({
    baseUrl: 'http://gateway.test',
    headers: key ? { authorization: `Bearer ${key}` } : {},
    fetch: (request: Request) => Promise.resolve(gw.app.request(request)),
  });
}

it('has checked-in types that match the current contract (run npm run gen:client when this fails)', async () => {
  expect(readFileSync(CLIENT_TYPES, 'utf8')).toBe(await clientTypes());
});

it('pushes a record and reads the typed receipt', async () => {
  const record = headerRecord({ regionCode: '350203' });
  const { data, response } = await clientOf(keys.fujian).POST('/v1/records', { body: record as StandardRecord });
  expect(response.status).toBe(201);
  expect(data?.receipt.recordId).toBe(record.id);
  expect(data?.receipt.version).toBe(record.version);
});

it('hands a refusal back as a typed problem', async () => {
  const { data, error, response } = await clientOf().GET('/v1/subscriptions');
  expect(response.status).toBe(401);
  expect(data).toBeUndefined();
  expect(error?.code).toBe('unauthenticated');
});
