/**
 * The results of a run: one row per figure with its baseline and ratio, printed as a table and
 * appended to bench/RESULTS.md with the machine it was measured on.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** One measured figure against its baseline. */
export interface Row {
  figure: string;
  value: string;
  baseline: string;
  /** value ÷ baseline, when the figure is a ratio goal. */
  ratio?: number;
  goal: string;
  note?: string;
}

/** The machine and run, for the record. */
export function machine(): Record<string, string> {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: String(cpu.length),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    'load average at start': loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

function cells(row: Row): string[] {
  const ratio = row.ratio === undefined ? '—' : row.ratio.toFixed(2);
  return [row.figure, row.value, row.baseline, ratio, row.goal, row.note ?? ''];
}

const HEADER = ['figure', 'measured', 'baseline (same run)', 'ratio', 'goal', 'note'];

/** The rows as a Markdown table. */
export function markdownTable(rows: Row[]): string {
  const lines = [HEADER, HEADER.map(() => '---'), ...rows.map(cells)];
  return lines.map((l) => `| ${l.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`).join('\n');
}

/** Prints the rows as an aligned text table. */
export function printTable(rows: Row[]): void {
  const all = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  for (const [n, r] of all.entries()) {
    console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** Appends the run to the results file (created with a heading when missing). */
export function appendResults(file: string, rows: Row[], info: Record<string, string>, notes: string[]): void {
  if (!existsSync(file))
    writeFileSync(file, '# Benchmark results\n\nAppended by `npm run bench`; see docs/benchmarks.md for what each figure means.\n');
  const details = Object.entries(info).map(([k, v]) => `- ${k}: ${v}`);
  appendFileSync(
    file,
    `\n## ${info['date']}\n\n${details.join('\n')}\n\n${markdownTable(rows)}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`,
  );
}
