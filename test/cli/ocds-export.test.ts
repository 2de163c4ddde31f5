import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateOcdsRecordPackage, validateOcdsReleasePackage } from '../../gateway/standard/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examples = 'schemas/v1/examples/valid';

function pxg(args: string[], stdin = '', env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['bin/pxg.js', ...args], {
    cwd: root,
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('pxg ocds export', () => {
  it('turns a folder of standard records into a release package that validates with the extension, skipping transactions', () => {
    const run = pxg(['ocds', 'export', examples]);
    expect(run.code).toBe(0);
    const pkg = JSON.parse(run.stdout);
    expect(pkg.releases).toHaveLength(13);
    expect(pkg.extensions).toEqual(['https://procurement-exchange.example/public/ocds/extension/extension.json']);
    expect(validateOcdsReleasePackage(pkg, { extension: true })).toEqual([]);
    expect(run.stderr).toContain('7 records that are not notices skipped');
  });

  it('writes a versioned record package to --out, declaring the extension under PXG_PUBLIC_URL', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pxg-export-')), 'records.json');
    const run = pxg(
      ['ocds', 'export', '--package', 'versioned', '--out', out, 'adapters/ocds/fixtures/standard/gulou-school-computers.json'],
      '',
      {
        PXG_PUBLIC_URL: 'https://open.example.gov.cn/',
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const pkg = JSON.parse(readFileSync(out, 'utf8'));
    expect(pkg.extensions).toEqual(['https://open.example.gov.cn/public/ocds/extension/extension.json']);
    expect(pkg.records[0].versionedRelease.ocid).toBe('ocds-pxg350-GLJY-GK-2026042');
    expect(validateOcdsRecordPackage(pkg, { extension: true })).toEqual([]);
  });

  it('reads NDJSON on stdin and writes one compiled record per line with --jsonl', () => {
    const records = JSON.parse(
      readFileSync(join(root, 'adapters/ocds/fixtures/standard/gulou-school-computers.json'), 'utf8'),
    ) as unknown[];
    const run = pxg(['ocds', 'export', '--package', 'record', '--jsonl', '-'], records.map((r) => JSON.stringify(r)).join('\n'));
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record.compiledRelease.tag).toEqual(['compiled']);
    expect(record.releases).toHaveLength(records.length);
  });

  it('is listed in pxg --help and answers a usage error with exit code 2', () => {
    expect(pxg(['--help']).stdout).toContain('pxg ocds export');
    expect(pxg(['ocds', 'export', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('--package release|record|versioned'),
    });
    expect(pxg(['ocds', 'export']).code).toBe(2);
    expect(pxg(['ocds', 'export', '--from', 'http://127.0.0.1:1']).code).toBe(2);
  });

  it('is checked by pxg validate --ocds with the extension it declares, so a wrong enterprise scale is caught', () => {
    const pkg = JSON.parse(pxg(['ocds', 'export', `${examples}/notice-award.json`]).stdout);
    const dir = mkdtempSync(join(tmpdir(), 'pxg-export-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify(pkg));
    expect(pxg(['validate', '--ocds', join(dir, 'good.json')]).code).toBe(0);
    pkg.releases[0].parties[0].details = { scale: 'huge' };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(pkg));
    const run = pxg(['validate', '--ocds', join(dir, 'bad.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('/releases/0/parties/0/details/scale');
  });

  it('fails with exit code 1 on a file that is not JSON', () => {
    const run = pxg(['ocds', 'export', '-'], '{"recordType": ');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not JSON');
  });
});
