/**
 * A test gateway served over real HTTP on a free port, optionally behind a proxy that answers some
 * requests itself (503 with Retry-After, a dropped connection): for commands that talk to a gateway.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { TestGateway } from './gateway.ts';

const BIN = fileURLToPath(new URL('../../bin/pxg.js', import.meta.url));

/** A listening server and its base URL. */
export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Serves a test gateway's app on 127.0.0.1 and a free port. */
export function listen(gw: TestGateway): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch: gw.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}

/** A proxy in front of `target`: `intercept` may answer a request itself (return true) or let it through. */
export function proxy(
  target: string,
  intercept: (req: IncomingMessage, res: ServerResponse, n: number) => boolean,
): Promise<Listening & { requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (intercept(req, res, requests.length)) return;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    ) as Record<string, string>;
    const answer = await fetch(`${target}${req.url}`, {
      method: req.method!,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

/** Runs `pxg` (bin/pxg.js) in a child process, with stdin when given; resolves with its exit code and output. */
export function runPxg(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...options.env }, ...(options.cwd ? { cwd: options.cwd } : {}) },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? '');
  });
}
