/**
 * Generates the typed client's types (contracts/client/schema.d.ts) from the bundled contract with
 * openapi-typescript. `npm run gen:client` writes them; test/http/client-types.test.ts fails when
 * the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { bundleContract } from '../gateway/http/routes/contract.ts';

/** Where the generated types live (the package exports them with contracts/client/index.ts). */
export const CLIENT_TYPES = fileURLToPath(new URL('../contracts/client/schema.d.ts', import.meta.url));

const HEADER = `/**
 * The gateway's API as TypeScript types, generated from contracts/openapi.yaml by openapi-typescript.
 * Do not edit: run \`npm run gen:client\`.
 */

`;

/** The text of contracts/client/schema.d.ts for the current contract. */
export async function clientTypes(): Promise<string> {
  // A plain JSON copy: openapi-typescript annotates the object it is given.
  const doc = JSON.parse(JSON.stringify(bundleContract()));
  const ast = await openapiTS(doc, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  writeFileSync(CLIENT_TYPES, await clientTypes());
  console.log(`wrote ${CLIENT_TYPES}`);
}
