/**
 * `pxg serve`: runs the gateway until SIGINT or SIGTERM, then shuts down gracefully.
 * SIGHUP reloads the systems registry.
 */
import { closeServices, compose, startServices } from '../../compose.ts';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { createApp, listen } from '../../http/index.ts';
import { RegistryError } from '../../registry/index.ts';
import { startTelemetry } from '../../telemetry/index.ts';
import type { Command } from '../command.ts';
import { operatorHolidays } from '../holidays.ts';

/** Runs the gateway; resolves with the exit code once it has stopped. */
export const serve: Command = async () => {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pxg serve: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const holidayYears = operatorHolidays('serve', config.standard.holidaysFile);
  if (!holidayYears) return 2;
  if (holidayYears.length > 0) console.log(`pxg: holiday arrangements of ${holidayYears.join(', ')} from ${config.standard.holidaysFile}`);
  // The OpenTelemetry SDK first: instruments and tracers bind to the providers it registers.
  const telemetry = startTelemetry(config.telemetry.traces === 'console' ? { spanExporter: 'console' } : {});
  const services = compose(config, { telemetry });
  try {
    await startServices(services);
  } catch (error) {
    console.error(`pxg serve: cannot start: ${error instanceof RegistryError ? error.message : String(error)}`);
    return 1;
  }
  const app = createApp(services);
  const listening = await listen(app, config).catch(async (error: unknown) => {
    await closeServices(services);
    throw error;
  });
  console.log(`pxg: listening on ${listening.url} (log: ${config.log.kind}, store: ${config.store.kind}, data: ${config.dataDir})`);

  // The registry logs and audits every reload, applied or refused (gateway/compose.ts).
  const reload = () => void services.registry.reload();
  process.on('SIGHUP', reload);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.off('SIGHUP', reload);
  console.log('pxg: shutting down');
  // Shutdown is bounded: a client library that keeps a socket or timer alive after close (kafkajs
  // may relaunch a consumer it was restarting) must not keep a stopped gateway running.
  const deadline = setTimeout(() => {
    console.error(`pxg: shutdown took longer than ${SHUTDOWN_LIMIT_MS} ms; exiting`);
    process.exit(1);
  }, SHUTDOWN_LIMIT_MS);
  deadline.unref();
  await listening.close();
  await closeServices(services);
  await telemetry.shutdown();
  clearTimeout(deadline);
  console.log('pxg: stopped');
  // Everything was closed in order; anything still holding the event loop open is a leftover.
  setTimeout(() => process.exit(0), 500).unref();
  return 0;
};

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_LIMIT_MS = 15_000;
