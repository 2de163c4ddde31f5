/**
 * `pxg wait-ready [--url URL] [--timeout SECONDS]`: waits until the gateway answers GET /readyz with 200,
 * so that a script can start it in the background and go on only once it serves (no race with start-up).
 * Exit 0 when ready, 1 when the time ran out.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { remoteFrom } from '../remote/client.ts';

/** The `wait-ready` command. */
export const waitReady: Command = async (args) => {
  let values: { url?: string | undefined; timeout?: string | undefined };
  try {
    values = parseArgs({ args, options: { url: { type: 'string' }, timeout: { type: 'string' } } }).values;
  } catch (error) {
    console.error(`pxg wait-ready: ${(error as Error).message}\nusage: pxg wait-ready [--url URL] [--timeout SECONDS]`);
    return 2;
  }
  const { url } = remoteFrom(values);
  const deadline = Date.now() + Number(values.timeout ?? 60) * 1000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) {
        console.log(`ready: ${url}`);
        return 0;
      }
      last = `GET /readyz answered ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.error(`pxg wait-ready: ${url} is not ready (${last})`);
  return 1;
};
