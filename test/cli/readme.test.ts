/**
 * The README runs as written: every `sh` block, in order, in a fresh directory that looks like a new
 * clone (the repository's files linked in, no `var/`), as one person following it in one terminal
 * would, with the gateway on a free port instead of 8080. A block preceded by
 * `<!-- readme-test: skip (reason) -->` is left out (long runs, Kafka and PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP = /<!--\s*readme-test:\s*skip\s*\(([^)]+)\)\s*-->\s*$/;

/** The README's shell blocks, with the skip reason of each skipped one. */
function shellBlocks(markdown: string): { line: number; code: string; skip?: string }[] {
  const lines = markdown.split('\n');
  const blocks: { line: number; code: string; skip?: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```sh') continue;
    let j = i - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const skip = j >= 0 ? SKIP.exec(lines[j]!.trim())?.[1] : undefined;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1]!.trim() !== '```') i++;
    blocks.push({ line: start, code: lines.slice(start, i + 1).join('\n'), ...(skip ? { skip } : {}) });
    i++;
  }
  return blocks;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const groups: number[] = [];
let dir: string | undefined;
afterAll(() => {
  // Stops what the blocks left running (`npm start &`): each block ran as its own process group.
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {}
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs one block with bash -e in `cwd`; resolves with its exit code and output. */
function run(code: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], { cwd, env: { ...process.env, ...env }, detached: true });
    groups.push(child.pid!);
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (status) => resolve({ code: status, output }));
  });
}

describe('README', () => {
  const blocks = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('finds its blocks and says why each skipped one is skipped', () => {
    expect(blocks.filter((b) => !b.skip).length).toBeGreaterThanOrEqual(3);
    expect(shellBlocks('<!-- readme-test: skip (slow) -->\n```sh\nnpm test\n```\n\n```sh\necho hi\n```\n')).toEqual([
      { line: 2, code: 'npm test', skip: 'slow' },
      { line: 6, code: 'echo hi' },
    ]);
  });

  it('runs every shell block as written on a fresh clone', { timeout: 300_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'pxg-readme-'));
    for (const name of readdirSync(ROOT))
      if (!['var', '.git', 'receipts', 'answer.json', 'record.json'].includes(name)) symlinkSync(join(ROOT, name), join(dir, name));
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', PXG_REGISTRY_WATCH: 'false', CI: '' };
    for (const block of blocks.filter((b) => !b.skip)) {
      const code = block.code.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`);
      const result = await run(`export PXG_URL=http://127.0.0.1:${port}\n${code}`, dir, env);
      expect(result.code, `README.md line ${block.line}:\n${code}\n---\n${result.output}`).toBe(0);
    }
    expect(JSON.parse(readFileSync(join(dir, 'answer.json'), 'utf8')).receipt.recordId).toBe('FJGL-2026-GK-0012-N01');
  });
});
