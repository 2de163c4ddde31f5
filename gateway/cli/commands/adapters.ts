/**
 * `pxg adapters list [--json]`: the registered adapters (adapters/registry.ts) with their system kind,
 * direction and native media types.
 */
import { adapters as registered } from '../../../adapters/registry.ts';
import type { Command } from '../command.ts';

const USAGE = 'usage: pxg adapters list [--json]';

/** The `adapters` command. */
export const adapters: Command = async (args) => {
  const [sub, ...rest] = args;
  if (sub !== 'list' || rest.some((a) => a !== '--json')) {
    console.error(USAGE);
    return 2;
  }
  const rows = registered.map(({ manifest: m, pull }) => ({
    id: m.id,
    name: m.name,
    version: m.version,
    systemKind: m.systemKind,
    direction: m.direction,
    mediaTypes: m.native.mediaTypes,
    encodings: m.native.encodings,
    pull: pull ? m.pull?.style : undefined,
  }));
  if (rest.includes('--json')) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = [
    ['ID', 'KIND', 'DIRECTION', 'MEDIA TYPES', 'ENCODINGS', 'NAME'],
    ...rows.map((r) => [
      r.id,
      r.systemKind,
      r.direction + (r.pull ? ` (pull: ${r.pull})` : ''),
      r.mediaTypes.join(','),
      r.encodings.join(','),
      `${r.name.zh} / ${r.name.en}`,
    ]),
  ];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
  for (const row of table) console.log(row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  '));
  return 0;
};
