/**
 * The processes of a benchmark: gateways (`pxg serve`, through the test helper), the bare baseline
 * server, the load generator; and the memory of a process as Linux reports it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GatewayProcess } from '../../test/support/spawn.ts';
import type { LoadSpec, LoadSummary } from './load-spec.ts';

export { type GatewayProcess, spawnGateway } from '../../test/support/spawn.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));

/** Runs one load (bench/load.ts) in its own process and resolves with its summary. */
export function runLoad(spec: LoadSpec): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_TS, 'bench/load.ts', JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadSummary);
      else reject(new Error(`load generator exited with ${code}: ${err || out}`));
    });
  });
}

/** Starts a TypeScript file of bench/ that prints `listening on <url>`, like a gateway. */
export function spawnServer(file: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [RUN_TS, file], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then(({ code, signal }) => reject(new Error(`${file} exited (${code ?? signal}) before listening:\n${output}`)));
  });
}

/** Stops a process and waits for it. */
export async function stop(process_: GatewayProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (process_.child.exitCode === null && process_.child.signalCode === null) process_.child.kill(signal);
  await process_.exited;
}

/** Resident set size of a process, in MiB, from /proc (current and the peak so far). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Samples a process's RSS every `everyMs` until stopped; resolves with the highest sample. */
export function sampleRss(pid: number, everyMs = 200): { stop(): number; samples: number[] } {
  const samples: number[] = [];
  const take = () => {
    try {
      samples.push(memoryOf(pid).rssMiB);
    } catch {
      // The process is gone.
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return Math.max(...samples);
    },
  };
}
