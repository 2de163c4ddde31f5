import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const EXAMPLES = `${ROOT}schemas/v1/examples`;
const scratch = mkdtempSync(join(tmpdir(), 'pxg-validate-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `node bin/pxg.js validate …` and returns its exit code and output. */
function pxg(args: string[], options: { input?: string; lang?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['bin/pxg.js', 'validate', ...args], {
    cwd: ROOT,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, LANG: options.lang ?? 'en_US.UTF-8', ...options.env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('pxg validate', () => {
  it('exits 0 and prints no problem for a valid tender notice', () => {
    const run = pxg([`${EXAMPLES}/valid/notice-tender.json`]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('exits 1 and prints pointer: message in Chinese by default under a zh LANG', () => {
    const run = pxg([`${EXAMPLES}/invalid/uscc-wrong-check-character.json`], { lang: 'zh_CN.UTF-8' });
    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toBe('/parties/0/identifier/id: 统一社会信用代码“11350102003162187D”校验位错误，应为“C”（GB 32100-2015）');
  });

  it('reads NDJSON from stdin, prefixes problems with the record index and honours --lang en', () => {
    const lines = [
      readFileSync(`${EXAMPLES}/valid/notice-tender.json`, 'utf8'),
      readFileSync(`${EXAMPLES}/invalid/unknown-area-code.json`, 'utf8'),
      readFileSync(`${EXAMPLES}/invalid/tender-deadline-10-days.json`, 'utf8'),
    ].map((text) => JSON.stringify(JSON.parse(text)));
    const run = pxg(['--lang', 'en', '-'], { input: `${lines.join('\n')}\n`, lang: 'zh_CN.UTF-8' });
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      "[1] /regionCode: '350199' is not a known area code: not in the GB/T 2260 code table of 2022-03-22",
      '[2] /tender/tenderPeriod/endDate: the bid deadline is only 10 days after the tender documents are first issued; at least 20 days are required (Government Procurement Law art. 35)',
    ]);
    expect(run.stderr).toContain('3 checked: 1 valid, 2 invalid');
  });

  it('checks a JSON array of records with the process context given by --context', () => {
    const file = join(scratch, 'records.json');
    writeFileSync(file, JSON.stringify([JSON.parse(readFileSync(`${EXAMPLES}/invalid/contracts-3x-award.json`, 'utf8'))]));
    const run = pxg(['--context', `${EXAMPLES}/valid/notice-award.json`, file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^\[0\] \/contracts\/0\/value\/amount: the contracts of award 'FJGL-2026-GK-0012-A1' total 7956000\.00 yuan, 300%/,
    );
  });

  it('validates OCDS release packages against the OCDS 1.1 schema with --ocds', () => {
    const good = pxg(['--ocds', `${ROOT}schemas/ocds/examples/fictional-1.1/ocds-213czf-000-00001-02-tender.json`]);
    expect(good.code).toBe(0);
    const pkg = JSON.parse(readFileSync(`${ROOT}schemas/ocds/examples/fictional-1.1/ocds-213czf-000-00001-02-tender.json`, 'utf8'));
    pkg.releases[0].tender.status = 'open';
    const bad = pxg(['--ocds', '-'], { input: JSON.stringify(pkg) });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("/releases/0/tender/status: value 'open' is not allowed: use one of");
  });

  it('exits 2 on usage and input errors', () => {
    expect(pxg([]).code).toBe(2);
    expect(pxg(['--lang', 'fr', `${EXAMPLES}/valid/notice-tender.json`]).code).toBe(2);
    expect(pxg([join(scratch, 'missing.json')]).code).toBe(2);
    expect(pxg(['-'], { input: 'not json at all' }).code).toBe(2);
  });

  it('counts working days with the holiday arrangements of PXG_HOLIDAYS, and refuses a broken file', () => {
    // An inquiry (询价) issued 30 September 2027 and due 8 October: 6 working days, unless 1 to 7 October are off.
    const notice = JSON.parse(readFileSync(`${EXAMPLES}/valid/notice-competitive.json`, 'utf8'));
    notice.date = '2027-09-30T09:00:00+08:00';
    notice.tender.procurementMethod = 'inquiry';
    notice.tender.documentsAccess.period = { startDate: notice.date, endDate: '2027-10-08T09:00:00+08:00' };
    notice.tender.tenderPeriod.endDate = '2027-10-08T09:00:00+08:00';
    const record = join(scratch, 'inquiry-2027.json');
    writeFileSync(record, JSON.stringify(notice));
    expect(pxg([record, '--lang', 'en'])).toMatchObject({ code: 0, stdout: '' });

    const holidays = join(scratch, 'holidays-2027.json');
    writeFileSync(
      holidays,
      JSON.stringify({
        years: [{ year: 2027, document: 'test', published: '2026-11-01', daysOff: ['2027-10-01/2027-10-07'], weekendWorkdays: [] }],
      }),
    );
    const counted = pxg([record, '--lang', 'en'], { env: { PXG_HOLIDAYS: holidays } });
    expect(counted.code).toBe(1);
    expect(counted.stdout.trim()).toBe(
      '/tender/tenderPeriod/endDate: the request for quotations response deadline is only 1 working days after the documents are issued; at least 3 are required',
    );

    writeFileSync(holidays, '{"years": 2027}');
    const broken = pxg([record], { env: { PXG_HOLIDAYS: holidays } });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`pxg validate: PXG_HOLIDAYS: ${holidays}: a holiday schedule is an object with an array "years"`);
  });
});
