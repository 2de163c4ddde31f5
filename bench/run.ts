/**
 * `npm run bench`: every benchmark on loopback, each figure against a baseline measured in the
 * same run, printed as a table and appended to bench/RESULTS.md with the machine's details.
 * `npm run bench -- --quick` runs every scenario shortened (about a minute; the subscriber is then
 * down for 15 s, labelled as such) to check the harness, not to quote.
 */
import { fileURLToPath } from 'node:url';
import { deployment } from './lib/deployment.ts';
import { appendResults, machine, printTable, type Row } from './lib/report.ts';
import { linearWork } from './linear-work.ts';
import { deliveryUnderLoad } from './scenarios/delivery.ts';
import { distributedDeployment } from './scenarios/distributed.ts';
import { baselineOf, batchLoad, batchRows, distributedRow, floorBatchLoad, ingestCeiling, singleIngest } from './scenarios/ingest.ts';
import { validationCost } from './scenarios/validation.ts';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const quick = process.argv.includes('--quick');
const scale = quick ? 0.3 : 1;

const ingest = { loadS: quick ? 8 : 15, warmupS: quick ? 3 : 5, singleConnections: 20, batchConnections: 4, batchSize: 200 };
const delivery = { recordsPerS: 500, batchSize: 10, steadyS: Math.round(20 * scale), downS: quick ? 15 : 60, drainTimeoutS: 120 };

const info = machine();
const rows: Row[] = [];
const notes: string[] = [];
const started = performance.now();
const step = (name: string) => console.error(`bench: ${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);

step('validation cost');
rows.push(validationCost(quick ? 2 : 6));

step('linear work per request: every inbound format at 1× and 10×');
rows.push(...linearWork());

step('single-record ingest: bare Hono, the durability floor, then the gateway');
rows.push(...(await singleIngest(ingest)));

step('batch ingest: in-process ceiling, the durability floor, then the embedded gateway');
const ceilingBefore = ingestCeiling(ingest, quick ? 2 : 5);
const floor = await floorBatchLoad(ingest);
const embeddedDeployment = deployment();
const embedded = await batchLoad(embeddedDeployment, ingest).finally(() => embeddedDeployment.remove());
const ceiling = baselineOf(ceilingBefore, ingestCeiling(ingest, quick ? 2 : 5), 'records/s in-process parse + validate');
rows.push(...batchRows(embedded, floor, ceiling, ingest));

step('batch ingest: Kafka + PostgreSQL');
const distributed = await distributedDeployment();
if (distributed.ok) {
  try {
    rows.push(distributedRow(await batchLoad(distributed.deployment, ingest), embedded));
  } finally {
    await distributed.cleanUp().catch((error: unknown) => notes.push(`clean-up of the distributed run failed: ${String(error)}`));
  }
} else {
  console.error(`bench: skipping the distributed figure: ${distributed.reason}`);
  rows.push({ figure: 'batch ingest (Kafka + PostgreSQL)', value: 'skipped', baseline: '—', goal: '≥ 0.6', note: distributed.reason });
}

step(`webhook delivery at ${delivery.recordsPerS} records/s, then the subscriber down for ${delivery.downS} s`);
rows.push(...(await deliveryUnderLoad(delivery)));

info['duration'] = `${((performance.now() - started) / 1000).toFixed(0)} s${quick ? ' (--quick: shortened run, not for quoting)' : ''}`;
notes.push(
  'Every process (gateway, load generator, baseline server, webhook receiver) runs on the same machine over loopback; one gateway process per figure.',
);
console.log('');
printTable(rows);
appendResults(RESULTS, rows, info, notes);
console.log(`\nappended to ${RESULTS}`);
