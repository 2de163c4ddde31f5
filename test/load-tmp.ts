import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { spawnGateway } from '/work/main/test/support/spawn.ts';
import { tenderNotice } from '/work/main/test/support/records.ts';
import { keys, testRegistry } from '/work/main/test/support/registry.ts';
const dir = mkdtempSync(join(tmpdir(), 'pxg-load-'));
writeFileSync(join(dir, 'r.json'), JSON.stringify(testRegistry()));
const gw = await spawnGateway({ PXG_DATA_DIR: dir, PXG_REGISTRY: join(dir, 'r.json') });
const dispatcher = new Agent({ connections: 50 });
async function run(ms: number) {
  let n = 0; const end = Date.now() + ms;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (Date.now() < end) {
      const res = await request(`${gw.url}/v1/records`, { method: 'POST', dispatcher, headers: { authorization: `Bearer ${keys.fujian}`, 'content-type': 'application/json' }, body: JSON.stringify(tenderNotice()) });
      await res.body.dump(); if (res.statusCode === 201) n++;
    }
  }));
  return n;
}
console.log('warm', await run(1500));
console.log('3s', await run(3000));
gw.child.kill('SIGTERM'); await gw.exited;
process.exit(0);
