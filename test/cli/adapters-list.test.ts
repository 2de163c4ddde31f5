import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapters } from '../../adapters/registry.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pxg = (args: string[]) => spawnSync(process.execPath, ['bin/pxg.js', ...args], { cwd: root, encoding: 'utf8' });

describe('pxg adapters list', () => {
  it('lists every registered adapter with its kind, direction and media types', () => {
    const run = pxg(['adapters', 'list']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+DIRECTION\s+MEDIA TYPES/);
    expect(lines).toHaveLength(adapters.length + 1);
    expect(lines.find((l) => l.startsWith('ocds '))).toMatch(/^ocds\s+international\s+both\s+application\/json\s+utf-8\s+开放合同数据标准/);
  });

  it('prints the same list as JSON with --json', () => {
    const run = pxg(['adapters', 'list', '--json']);
    expect(run.status).toBe(0);
    const rows = JSON.parse(run.stdout) as { id: string; systemKind: string; direction: string; mediaTypes: string[] }[];
    expect(rows.map((r) => r.id)).toEqual(adapters.map((a) => a.manifest.id));
    expect(rows.find((r) => r.id === 'ocds')).toMatchObject({
      systemKind: 'international',
      direction: 'both',
      mediaTypes: ['application/json'],
    });
  });

  it('answers an unknown sub-command with the usage and exit code 2', () => {
    const run = pxg(['adapters', 'show']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: pxg adapters list');
  });
});
