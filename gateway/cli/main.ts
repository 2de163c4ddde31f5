/**
 * The `pxg` command line: one explicit list of sub-commands, each in its own module,
 * loaded only when called so that `pxg validate` does not start a server.
 */
import type { Command } from './command.ts';

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  // Running the gateway
  serve: {
    summary: 'run the gateway (embedded SQLite unless configured otherwise)',
    load: async () => (await import('./commands/serve.ts')).serve,
  },
  // Receipts
  receipt: {
    summary: 'check the receipts of an answer (single or batch): pxg receipt verify <file|-> [--keys <url|file>]',
    load: async () => (await import('./commands/receipt.ts')).receipt,
  },
  'wait-ready': {
    summary: 'wait until the gateway is ready: pxg wait-ready [--url URL] [--timeout SECONDS]',
    load: async () => (await import('./commands/wait-ready.ts')).waitReady,
  },
  // Pushing and reconciling (a provincial system's side)
  push: {
    summary: 'push records or a native export, resumably, keeping receipts: pxg push <file|folder|-> [--system ID --inbound]',
    load: async () => (await import('./commands/push.ts')).push,
  },
  receipts: {
    summary: 'check a folder of kept receipts: pxg receipts verify <dir> [--keys <url|file>]',
    load: async () => (await import('./commands/receipt.ts')).receipts,
  },
  reconcile: {
    summary:
      'reconcile a day: pxg reconcile --system ID --date YYYY-MM-DD (--receipts DIR | --records SOURCE | --export FILE --adapter ID)',
    load: async () => (await import('./commands/reconcile.ts')).reconcile,
  },
  // The data standard
  validate: {
    summary: 'validate records (JSON or NDJSON) against the standard: pxg validate <file|-> [--lang zh|en] [--ocds]',
    load: async () => (await import('./commands/validate.ts')).validate,
  },
  // OCDS
  ocds: {
    summary:
      'OCDS tools: pxg ocds compile [--versioned] < releases.json; ' +
      'pxg ocds export [--package release|record|versioned] [--jsonl] <records…|--from <url> --subscription <id>>',
    load: async () => (await import('./commands/ocds.ts')).ocds,
  },
  // Public publication
  publication: {
    summary: 'public bulk files: pxg publication build <YYYY-MM-DD> (Asia/Shanghai day)',
    load: async () => (await import('./commands/publication.ts')).publication,
  },
  // Adapters
  adapters: { summary: 'adapter tools: pxg adapters list', load: async () => (await import('./commands/adapters.ts')).adapters },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return ['usage: pxg <command> [options]', '', 'commands:', ...lines].join('\n');
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    console.error(`pxg: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const run = await entry.load();
  return run(rest);
}
