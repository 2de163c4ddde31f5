import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examples = new URL('../../schemas/ocds/examples/', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, examples), 'utf8');
const json = (path: string) => JSON.parse(text(path));

function pxg(args: string[], stdin: string) {
  const run = spawnSync(process.execPath, ['bin/pxg.js', ...args], { cwd: root, input: stdin, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const merging = ['tender1', 'tender2', 'tender3', 'award1', 'award2'].map((n) => `merging-updates/${n}.json`);

describe('pxg ocds compile', () => {
  it('compiles concatenated release packages into the published compiled release', () => {
    const run = pxg(['ocds', 'compile'], merging.map(text).join('\n'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(json('merging-updates/merged.json').records[0].compiledRelease);
  });

  it('writes the record with the published versioned release when --versioned', () => {
    const releases = merging.flatMap((p) => json(p).releases);
    const run = pxg(['ocds', 'compile', '--versioned'], JSON.stringify(releases));
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout);
    const published = json('merging-updates/versioned.json').records[0];
    expect(record.ocid).toBe('ocds-213czf-000-00002');
    expect(record.versionedRelease).toEqual(published.versionedRelease);
    expect(record.compiledRelease).toEqual(published.compiledRelease);
    expect(record.releases.map((r: { id: string }) => r.id)).toEqual(releases.map((r: { id: string }) => r.id));
  });

  it('reproduces the fictional-1.1 record from its release package', () => {
    const run = pxg(['ocds', 'compile', '--versioned'], text('fictional-1.1/ocds-213czf-000-00001.json'));
    expect(run.code).toBe(0);
    const published = json('fictional-1.1/record/ocds-213czf-000-00001-withversions.json').records[0];
    const record = JSON.parse(run.stdout);
    expect(record.compiledRelease).toEqual(published.compiledRelease);
    expect(record.versionedRelease).toEqual(published.versionedRelease);
  });

  it('reads NDJSON releases whose strings hold braces and quotes', () => {
    const r1 = { ocid: 'ocds-x', id: 'r1', date: '2026-01-01T00:00:00Z', tender: { title: 'a }{ "b" [' } };
    const r2 = { ocid: 'ocds-x', id: 'r2', date: '2026-01-02T00:00:00Z', tender: { description: 'second' } };
    const run = pxg(['ocds', 'compile'], `${JSON.stringify(r2)}\n${JSON.stringify(r1)}\n`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).tender).toEqual({ title: 'a }{ "b" [', description: 'second' });
  });

  it('fails with exit code 1 and a message in the asked language on input that is not JSON', () => {
    const run = pxg(['ocds', 'compile', '--lang', 'zh'], '{"releases": [');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('标准输入不是 JSON');
  });

  it('fails with the merge error code on releases of two processes', () => {
    const a = { ocid: 'ocds-a', id: '1', date: '2026-01-01T00:00:00Z' };
    const run = pxg(['ocds', 'compile'], JSON.stringify([a, { ...a, ocid: 'ocds-b' }]));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('merge.mixed-ocid');
  });

  it('answers a usage error with exit code 2', () => {
    expect(pxg(['ocds', 'merge'], '').code).toBe(2);
  });
});
