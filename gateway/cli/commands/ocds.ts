/**
 * `pxg ocds compile [--versioned] [--schema <release-schema.json>] [--lang zh|en]`:
 * reads OCDS releases on stdin (a JSON array of releases, a release package, or several of these
 * one after another, as `cat *.json` gives) and writes the compiled release, or with `--versioned`
 * the record `{ ocid, releases, compiledRelease, versionedRelease }`, to stdout.
 */
import { readFileSync } from 'node:fs';
import type { Bilingual } from '../../core/index.ts';
import { compile, ocdsReleaseSchema } from '../../merge/index.ts';
import type { Command } from '../command.ts';
import { parseJsonSequence } from '../json-sequence.ts';

const USAGE =
  'usage: pxg ocds compile [--versioned] [--schema <release-schema.json>] [--lang zh|en] < releases.json\n       pxg ocds export --help';

/** The `ocds` command. */
export const ocds: Command = async (args) => {
  const [sub, ...rest] = args;
  if (sub === 'export') return (await import('./ocds-export.ts')).ocdsExport(rest);
  if (sub !== 'compile') {
    console.error(USAGE);
    return 2;
  }
  const options = parseOptions(rest);
  if (!options) {
    console.error(USAGE);
    return 2;
  }
  const say = (m: Bilingual) => m[options.lang];
  let schema: unknown;
  try {
    schema = options.schemaFile ? JSON.parse(readFileSync(options.schemaFile, 'utf8')) : ocdsReleaseSchema();
  } catch (error) {
    console.error(
      say({ zh: `无法读取发布模式：${(error as Error).message}`, en: `cannot read the release schema: ${(error as Error).message}` }),
    );
    return 1;
  }
  const input = await readStdin();
  const parsed = parseJsonSequence(input);
  if (!parsed.ok) {
    console.error(say({ zh: `标准输入不是 JSON：${parsed.message}`, en: `stdin is not JSON: ${parsed.message}` }));
    return 1;
  }
  const result = compile(parsed.values.flatMap(releasesIn), { schema, versioned: options.versioned });
  if (!result.ok) {
    console.error(`${result.error.code}: ${say(result.error.message)}`);
    return 1;
  }
  const output = options.versioned
    ? { ocid: result.ocid, releases: result.releases, compiledRelease: result.compiledRelease, versionedRelease: result.versionedRelease }
    : result.compiledRelease;
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
};

/** The releases a JSON value holds: a release package's releases, an array's items, or the value itself. */
function releasesIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null && Array.isArray((value as { releases?: unknown }).releases)) {
    return (value as { releases: unknown[] }).releases;
  }
  return [value];
}

interface Options {
  versioned: boolean;
  schemaFile?: string;
  lang: 'zh' | 'en';
}

function parseOptions(args: string[]): Options | undefined {
  const options: Options = { versioned: false, lang: process.env.LANG?.startsWith('zh') ? 'zh' : 'en' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--versioned') options.versioned = true;
    else if (arg === '--schema' && args[i + 1]) options.schemaFile = args[++i];
    else if (arg === '--lang' && (args[i + 1] === 'zh' || args[i + 1] === 'en')) options.lang = args[++i] as 'zh' | 'en';
    else return undefined;
  }
  return options;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
