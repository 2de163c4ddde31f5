/**
 * Generates the typed client's types (contracts/client/schema.d.ts) from the bundled contract with
 * openapi-typescript. `npm run gen:client` writes them; test/http/contract-client.test.ts fails when
 * the checked-in file is stale. With `--bundle` it writes the served contract for `npm run lint:contract`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/** Where `--bundle` writes the served contract for the linter (ignored by git). */
const BUNDLE = fileURLToPath(new URL('../.ci/out/openapi.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  if (process.argv.includes('--bundle')) {
    mkdirSync(dirname(BUNDLE), { recursive: true });
    writeFileSync(BUNDLE, `${JSON.stringify(bundleContract(), null, 2)}\n`);
    console.log(`wrote ${BUNDLE}`);
  } else {
    writeFileSync(CLIENT_TYPES, await clientTypes());
    console.log(`wrote ${CLIENT_TYPES}`);
  }
}
