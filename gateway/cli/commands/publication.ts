/**
 * `pxg publication build <YYYY-MM-DD>`: builds (or, when already built under the policy in force,
 * leaves) the public bulk file of one Asia/Shanghai day now, in the configured state store, and
 * prints its manifest. The gateway's background job builds every ended day by itself; this is for
 * operators (a day to rebuild after a policy change, a first backfill) and for scripts.
 */
import { compose } from '../../compose.ts';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { isDay } from '../../publication/index.ts';
import type { Command } from '../command.ts';

const USAGE = 'usage: pxg publication build <YYYY-MM-DD>';
/** Only what reading the journal and storing a file needs: no log, projector or delivery. */
const NEEDED = new Set(['registry', 'stores']);

/** Runs `pxg publication …`. */
export const publication: Command = async (args) => {
  const [sub, day, ...rest] = args;
  if (sub !== 'build' || day === undefined || rest.length > 0 || !isDay(day)) {
    console.error(USAGE);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ...process.env, PXG_REGISTRY_WATCH: 'false' });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pxg publication: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const services = compose(config);
  const parts = services.lifecycle.filter((part) => NEEDED.has(part.name));
  const started: typeof parts = [];
  try {
    for (const part of parts) {
      await part.start();
      started.push(part);
    }
    if (services.publication.service.policy().noticeTypes.size === 0) {
      console.error('pxg publication: publication is off (the registry has no publication.notices.noticeTypes)');
      return 1;
    }
    const built = await services.publication.bulk.buildDay(day);
    console.log(built.manifest);
    return 0;
  } finally {
    for (const part of started.reverse()) await part.close().catch(() => {});
  }
};
